import * as pulumi from "@pulumi/pulumi";
import { BlobContainer } from "@pulumi/azure-native/storage/blobContainer";
import { BlobServiceProperties } from "@pulumi/azure-native/storage/blobServiceProperties";
import { listStorageAccountKeysOutput } from "@pulumi/azure-native/storage/listStorageAccountKeys";
import { StorageAccount, StorageAccountArgs } from "@pulumi/azure-native/storage/storageAccount";
import { RandomString } from "@pulumi/random/randomString";
import { BUCKET_CORS } from "../../requirements";
import { InfraScope, childName, statefulOptions } from "../scope";
import { AzureInfraArgs } from "./args";
import type { ServiceKey } from "./keys";
import { AzureNetwork } from "./network";

/** The storage account and container W&B uses (created here or brought by the user), and the account key the chart needs. */
export interface AzureStorage {
    /** The account this component created; undefined for `existingStorage`. */
    account?: StorageAccount;
    /** Resource id of the storage account. */
    accountId: pulumi.Output<string>;
    accountName: pulumi.Output<string>;
    /** Resource group of the storage account. */
    resourceGroupName: pulumi.Output<string>;
    containerName: pulumi.Output<string>;
    /** Resource id of the container: the scope of the W&B identity's blob role. */
    containerId: pulumi.Output<string>;
    accountKey: pulumi.Output<string>;
}

/**
 * Customer-managed key encryption of the account: its user-assigned identity wraps the account key with
 * the storage key; no key version is given, so Azure Storage follows Key Vault's rotations.
 */
function accountEncryption(key: ServiceKey): Pick<StorageAccountArgs, "identity" | "encryption"> {
    return {
        identity: { type: "UserAssigned", userAssignedIdentities: [key.identity.id] },
        encryption: {
            keySource: "Microsoft.Keyvault",
            keyVaultProperties: { keyName: key.key.name, keyVaultUri: key.key.vaultUri },
            encryptionIdentity: { encryptionUserAssignedIdentity: key.identity.id },
        },
    };
}

/**
 * A StorageV2 account (HTTPS only, TLS 1.2, no public blob access), a private container, blob
 * versioning, blob and container soft delete, and W&B's CORS (GET/HEAD/PUT, all headers, max age
 * 3600, origin: the W&B host). Shared-key access stays on: the operator-wandb chart's `az` bucket
 * authenticates with the account key (`AZURE_STORAGE_KEY`), see docs/azure.md. With `existingStorage`,
 * nothing is created: the given account and container are used as they are (docs/azure.md lists what
 * they need).
 */
export function createAzureStorage(scope: InfraScope, args: AzureInfraArgs, network: AzureNetwork, subscriptionId: pulumi.Output<string>, key: ServiceKey | undefined): AzureStorage {
    const opts = { parent: scope.parent };
    if (args.existingStorage) {
        const existing = args.existingStorage;
        const accountId = pulumi.interpolate`/subscriptions/${subscriptionId}/resourceGroups/${existing.resourceGroupName}/providers/Microsoft.Storage/storageAccounts/${existing.accountName}`;
        const keys = listStorageAccountKeysOutput({ resourceGroupName: existing.resourceGroupName, accountName: existing.accountName }, opts);
        return {
            accountId,
            accountName: pulumi.output(existing.accountName),
            resourceGroupName: pulumi.output(existing.resourceGroupName),
            containerName: pulumi.output(existing.containerName),
            containerId: pulumi.interpolate`${accountId}/blobServices/default/containers/${existing.containerName}`,
            accountKey: pulumi.secret(keys.keys.apply((k) => k[0].value)),
        };
    }
    // Account names: 3-24 lower-case letters and digits, globally unique: the prefix plus a random suffix
    // kept in state, so the name never changes after creation.
    const suffix = new RandomString(childName(scope, "storage-suffix"), { length: 6, special: false, upper: false }, opts);
    const account = new StorageAccount(
        childName(scope, "storage"),
        {
            resourceGroupName: network.resourceGroupName,
            accountName: pulumi.interpolate`${scope.namePrefix.replace(/[^a-z0-9]/g, "").slice(0, 18)}${suffix.result}`,
            location: args.location,
            kind: "StorageV2",
            sku: { name: scope.environment === "production" ? "Standard_ZRS" : "Standard_LRS" },
            enableHttpsTrafficOnly: true,
            minimumTlsVersion: "TLS1_2",
            allowBlobPublicAccess: false,
            allowSharedKeyAccess: true,
            ...(key ? accountEncryption(key) : {}),
            tags: scope.tags,
        },
        statefulOptions(scope, { dependsOn: key ? [key.access] : [] }),
    );
    const container = new BlobContainer(childName(scope, "container"), { resourceGroupName: network.resourceGroupName, accountName: account.name, containerName: "wandb", publicAccess: "None" }, statefulOptions(scope));
    new BlobServiceProperties(
        childName(scope, "blob-service"),
        {
            resourceGroupName: network.resourceGroupName,
            accountName: account.name,
            blobServicesName: "default",
            isVersioningEnabled: true,
            deleteRetentionPolicy: { enabled: true, days: 7 },
            containerDeleteRetentionPolicy: { enabled: true, days: 7 },
            cors: { corsRules: [{ allowedOrigins: [scope.host], allowedMethods: [...BUCKET_CORS.allowedMethods], allowedHeaders: ["*"], exposedHeaders: ["*"], maxAgeInSeconds: 3600 }] },
        },
        opts,
    );
    const keys = listStorageAccountKeysOutput({ resourceGroupName: network.resourceGroupName, accountName: account.name }, opts);
    return {
        account,
        accountId: account.id,
        accountName: account.name,
        resourceGroupName: network.resourceGroupName,
        containerName: container.name,
        containerId: pulumi.interpolate`${account.id}/blobServices/default/containers/${container.name}`,
        accountKey: pulumi.secret(keys.keys.apply((k) => k[0].value)),
    };
}
