import { RoleAssignment } from "@pulumi/azure-native/authorization/roleAssignment";
import { FederatedIdentityCredential } from "@pulumi/azure-native/managedidentity/federatedIdentityCredential";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity/userAssignedIdentity";
import * as pulumi from "@pulumi/pulumi";
import { InfraScope, childName, physicalName } from "../scope";
import { AzureInfraArgs } from "./args";
import { AzureCluster } from "./cluster";
import { AzureNetwork } from "./network";
import { AzureStorage } from "./storage";
import { ValidatedAzureArgs } from "./validate";
import { AZURE_DEFAULTS } from "./versions";

/**
 * A user-assigned managed identity for the W&B pods, federated with their Kubernetes service account
 * through the AKS OIDC issuer, and granted Storage Blob Data Contributor on the storage account only.
 */
export function createAzureWandbIdentity(scope: InfraScope, args: AzureInfraArgs, azure: ValidatedAzureArgs, network: AzureNetwork, cluster: AzureCluster, storage: AzureStorage): UserAssignedIdentity {
    const opts = { parent: scope.parent };
    const identity = new UserAssignedIdentity(childName(scope, "wandb-identity"), { resourceGroupName: network.resourceGroupName, resourceName: physicalName(scope, "wandb"), location: args.location, tags: scope.tags }, opts);
    new FederatedIdentityCredential(
        childName(scope, "wandb-identity-federation"),
        {
            resourceGroupName: network.resourceGroupName,
            resourceName: identity.name,
            federatedIdentityCredentialResourceName: "wandb-pods",
            issuer: cluster.cluster.oidcIssuerProfile.apply((profile) => profile?.issuerURL ?? ""),
            subject: `system:serviceaccount:${azure.namespace}:${azure.serviceAccountName}`,
            audiences: ["api://AzureADTokenExchange"],
        },
        opts,
    );
    new RoleAssignment(
        childName(scope, "wandb-identity-blob"),
        {
            scope: storage.account.id,
            principalId: identity.principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: pulumi.interpolate`${storage.account.id.apply((id) => id.split("/resourceGroups/")[0])}/providers/Microsoft.Authorization/roleDefinitions/${AZURE_DEFAULTS.storageBlobDataContributorRoleId}`,
        },
        opts,
    );
    return identity;
}
