import * as pulumi from "@pulumi/pulumi";
import { BlobContainer } from "@pulumi/azure-native/storage/blobContainer";
import { BlobServiceProperties } from "@pulumi/azure-native/storage/blobServiceProperties";
import { listStorageAccountKeysOutput } from "@pulumi/azure-native/storage/listStorageAccountKeys";
import { StorageAccount } from "@pulumi/azure-native/storage/storageAccount";
import { RandomString } from "@pulumi/random/randomString";
import { BUCKET_CORS } from "../../requirements";
import { InfraScope, childName, statefulOptions } from "../scope";
import { AzureInfraArgs } from "./args";
import { AzureNetwork } from "./network";

/** The storage account, its container and the account key the chart needs. */
export interface AzureStorage {
    account: StorageAccount;
    containerName: pulumi.Output<string>;
    accountKey: pulumi.Output<string>;
}

/**
 * A StorageV2 account (HTTPS only, TLS 1.2, no public blob access), a private container, blob
 * versioning, blob and container soft delete, and W&B's CORS (GET/HEAD/PUT, all headers, max age
 * 3600, origin: the W&B host). Shared-key access stays on: the operator-wandb chart's `az` bucket
 * authenticates with the account key (`AZURE_STORAGE_KEY`), see docs/azure.md.
 */
export function createAzureStorage(scope: InfraScope, args: AzureInfraArgs, network: AzureNetwork): AzureStorage {
    const opts = { parent: scope.parent };
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
            tags: scope.tags,
        },
        statefulOptions(scope),
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
    return { account, containerName: container.name, accountKey: pulumi.secret(keys.keys.apply((k) => k[0].value)) };
}
