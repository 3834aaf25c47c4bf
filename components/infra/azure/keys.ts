import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment } from "@pulumi/azure-native/authorization/roleAssignment";
import { getKeyOutput } from "@pulumi/azure-native/keyvault/getKey";
import { Key } from "@pulumi/azure-native/keyvault/key";
import { Vault } from "@pulumi/azure-native/keyvault/vault";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity/userAssignedIdentity";
import { RandomString } from "@pulumi/random/randomString";
import { InfraScope, childName, physicalName, statefulOptions } from "../scope";
import { AzureInfraArgs } from "./args";
import { assignRole } from "./identity";
import { AzureNetwork } from "./network";
import { KeyVaultKeyRef, ValidatedAzureKeys } from "./validate";
import { AZURE_DEFAULTS } from "./versions";

/** A Key Vault key as the services reference it. */
export interface KeyVaultKey {
    /** Resource id: the scope of the crypto role. */
    id: pulumi.Output<string>;
    name: pulumi.Output<string>;
    /** `https://<vault>.vault.azure.net/keys/<name>` (follows rotation). */
    uri: pulumi.Output<string>;
    /** The current version's URI. */
    uriWithVersion: pulumi.Output<string>;
    /** `https://<vault>.vault.azure.net/`. */
    vaultUri: pulumi.Output<string>;
}

/** One service's key, the user-assigned identity that uses it, and the grant on that key. */
export interface ServiceKey {
    key: KeyVaultKey;
    identity: UserAssignedIdentity;
    /** The identity's crypto role on the key: the service must wait for it. */
    access: RoleAssignment;
}

/** Customer-managed keys of the storage account, MySQL and the AKS etcd secrets. */
export interface AzureServiceKeys {
    /** Absent with `existingStorage`: a brought account's encryption is its owner's. */
    storage?: ServiceKey;
    database: ServiceKey;
    cluster: ServiceKey;
    /** MySQL geo-redundant backup key and identity (given by the user, in the paired region). */
    databaseGeoBackup?: { keyUriWithVersion: pulumi.Output<string>; identityId: string };
}

type Service = "storage" | "database" | "cluster";

/**
 * Which crypto role each service's identity gets on its own key, and which key operations and size a
 * created key has: Azure Storage and MySQL wrap and unwrap their data keys ("Key Vault Crypto Service
 * Encryption User"); the AKS KMS plugin encrypts and decrypts ("Key Vault Crypto User"), with the RSA
 * 2048 keys its documentation uses.
 */
const SERVICE_KEYS: Record<Service, { roleId: string; keyOps: string[]; keySize: number }> = {
    storage: { roleId: AZURE_DEFAULTS.keyVaultCryptoServiceEncryptionUserRoleId, keyOps: ["wrapKey", "unwrapKey"], keySize: 3072 },
    database: { roleId: AZURE_DEFAULTS.keyVaultCryptoServiceEncryptionUserRoleId, keyOps: ["wrapKey", "unwrapKey"], keySize: 3072 },
    cluster: { roleId: AZURE_DEFAULTS.keyVaultCryptoUserRoleId, keyOps: ["encrypt", "decrypt"], keySize: 2048 },
};

function existingKey(scope: InfraScope, ref: KeyVaultKeyRef): KeyVaultKey {
    const found = getKeyOutput({ resourceGroupName: ref.resourceGroupName, vaultName: ref.vaultName, keyName: ref.keyName }, { parent: scope.parent });
    return { id: pulumi.output(ref.id), name: pulumi.output(ref.keyName), uri: found.keyUri, uriWithVersion: found.keyUriWithVersion, vaultUri: found.keyUri.apply((uri) => `${uri.split("/keys/")[0]}/`) };
}

/**
 * The customer-managed keys: for each service the given key or one created in this component's Key Vault
 * (RBAC authorization, purge protection, 90-day soft delete as MySQL requires, automatic rotation), a
 * user-assigned identity, and that identity's crypto role on that key only.
 */
export function createAzureServiceKeys(scope: InfraScope, args: AzureInfraArgs, keys: ValidatedAzureKeys, network: AzureNetwork, tenantId: pulumi.Output<string>): AzureServiceKeys {
    const opts = { parent: scope.parent };
    let vault: Vault | undefined;
    const createdKey = (service: Service): KeyVaultKey => {
        if (!vault) {
            const suffix = new RandomString(childName(scope, "key-vault-suffix"), { length: 6, special: false, upper: false }, opts);
            vault = new Vault(
                childName(scope, "key-vault"),
                {
                    resourceGroupName: network.resourceGroupName,
                    // 3-24 letters, digits and single hyphens, globally unique.
                    vaultName: pulumi.interpolate`${scope.namePrefix.slice(0, 13).replace(/-+$/, "")}-kv-${suffix.result}`,
                    location: args.location,
                    properties: {
                        tenantId,
                        sku: { family: "A", name: "standard" },
                        enableRbacAuthorization: true,
                        enableSoftDelete: true,
                        softDeleteRetentionInDays: 90,
                        enablePurgeProtection: true,
                        // AKS KMS with `keyVaultNetworkAccess: Public` needs a reachable vault; data-plane access is Entra ID + RBAC only.
                        publicNetworkAccess: "Enabled",
                        networkAcls: { bypass: "AzureServices", defaultAction: "Allow" },
                    },
                    tags: scope.tags,
                },
                statefulOptions(scope),
            );
        }
        const { keyOps, keySize } = SERVICE_KEYS[service];
        const key = new Key(
            childName(scope, `${service}-key`),
            {
                resourceGroupName: network.resourceGroupName,
                vaultName: vault.name,
                keyName: `wandb-${service}`,
                properties: { kty: "RSA", keySize, keyOps, rotationPolicy: { lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: `P${keys.rotationDays}D` } }] } },
                tags: scope.tags,
            },
            statefulOptions(scope),
        );
        return { id: key.id, name: key.name, uri: key.keyUri, uriWithVersion: key.keyUriWithVersion, vaultUri: vault.properties.apply((p) => p.vaultUri ?? "") };
    };
    const serviceKey = (service: Service): ServiceKey => {
        const ref = keys[service];
        const key = ref ? existingKey(scope, ref) : createdKey(service);
        const identity = new UserAssignedIdentity(childName(scope, `${service}-cmk-identity`), { resourceGroupName: network.resourceGroupName, resourceName: physicalName(scope, `${service}-cmk`), location: args.location, tags: scope.tags }, opts);
        const access = assignRole(scope, `${service}-cmk-key`, key.id, identity.principalId, SERVICE_KEYS[service].roleId);
        return { key, identity, access };
    };
    const geo = keys.databaseGeoBackup;
    return {
        storage: args.existingStorage ? undefined : serviceKey("storage"),
        database: serviceKey("database"),
        cluster: serviceKey("cluster"),
        databaseGeoBackup: geo ? { keyUriWithVersion: existingKey(scope, geo.keyId).uriWithVersion, identityId: geo.identityId } : undefined,
    };
}

