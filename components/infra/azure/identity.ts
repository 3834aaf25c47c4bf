import { RoleAssignment } from "@pulumi/azure-native/authorization/roleAssignment";
import { FederatedIdentityCredential } from "@pulumi/azure-native/managedidentity/federatedIdentityCredential";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity/userAssignedIdentity";
import * as pulumi from "@pulumi/pulumi";
import { InfraScope, childName, physicalName } from "../scope";
import { AzureInfraArgs } from "./args";
import type { AzureCluster } from "./cluster";
import { AzureNetwork } from "./network";
import type { AzureNotificationQueue } from "./queue";
import { AzureStorage } from "./storage";
import { ValidatedAzureArgs } from "./validate";
import { AZURE_DEFAULTS } from "./versions";

/**
 * A user-assigned managed identity federated, through the AKS OIDC issuer, with the Kubernetes service
 * account `namespace/serviceAccount` (workload identity).
 */
export function federatedIdentity(scope: InfraScope, name: string, args: AzureInfraArgs, network: AzureNetwork, cluster: AzureCluster, namespace: string, serviceAccount: string, credentialName: string): UserAssignedIdentity {
    const opts = { parent: scope.parent };
    const identity = new UserAssignedIdentity(childName(scope, `${name}-identity`), { resourceGroupName: network.resourceGroupName, resourceName: physicalName(scope, name), location: args.location, tags: scope.tags }, opts);
    new FederatedIdentityCredential(
        childName(scope, `${name}-identity-federation`),
        {
            resourceGroupName: network.resourceGroupName,
            resourceName: identity.name,
            federatedIdentityCredentialResourceName: credentialName,
            issuer: cluster.cluster.oidcIssuerProfile.apply((profile) => profile?.issuerURL ?? ""),
            subject: `system:serviceaccount:${namespace}:${serviceAccount}`,
            audiences: ["api://AzureADTokenExchange"],
        },
        opts,
    );
    return identity;
}

/**
 * The W&B pods' managed identity, federated with their Kubernetes service account, granted Storage Blob
 * Data Contributor on W&B's container only and, with a notification queue, Storage Queue Data Message
 * Processor on that queue only.
 */
export function createAzureWandbIdentity(scope: InfraScope, args: AzureInfraArgs, azure: ValidatedAzureArgs, network: AzureNetwork, cluster: AzureCluster, storage: AzureStorage, queue: AzureNotificationQueue | undefined): UserAssignedIdentity {
    const identity = federatedIdentity(scope, "wandb", args, network, cluster, azure.namespace, azure.serviceAccountName, "wandb-pods");
    assignRole(scope, "wandb-identity-blob", storage.containerId, identity.principalId, AZURE_DEFAULTS.storageBlobDataContributorRoleId);
    if (queue) {
        assignRole(scope, "wandb-identity-queue", queue.queueId, identity.principalId, AZURE_DEFAULTS.storageQueueDataMessageProcessorRoleId);
    }
    return identity;
}

/**
 * Grants built-in role `roleId` to a principal on `target` (a resource id). `principalType` must be
 * the principal's real type (Azure refuses a mismatch): `ServicePrincipal` for managed identities.
 */
export function assignRole(
    scope: InfraScope,
    name: string,
    target: pulumi.Input<string>,
    principalId: pulumi.Input<string>,
    roleId: string,
    principalType: string = "ServicePrincipal",
): RoleAssignment {
    return new RoleAssignment(
        childName(scope, name),
        {
            scope: target,
            principalId,
            principalType,
            // Built-in role definitions live under the subscription of the resource they are assigned on.
            roleDefinitionId: pulumi.output(target).apply((id) => `${id.split("/resourceGroups/")[0]}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`),
        },
        { parent: scope.parent },
    );
}
