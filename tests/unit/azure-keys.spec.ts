import { expect } from "chai";
import { WandbInfra, WandbInfraArgs } from "../../components/infra";
import { AzureInfraArgs } from "../../components/infra/azure/args";
import { AZURE_DEFAULTS } from "../../components/infra/azure/versions";
import { badInfraInputCases, get, infraUrns, one } from "../harness/assertions";
import { OfflinePlan, RecordedResource, runOffline } from "../harness/engine";
import { resourcesOfType } from "../harness/plan";

const base: WandbInfraArgs = { namePrefix: "wandb", fqdn: "wandb.example.com", environment: "production", products: "models", azure: { location: "eastus2", dnsZoneName: "example.com", dnsZoneResourceGroupName: "dns", acmeEmail: "ops@example.com" } };
const withAzure = (azure: Partial<AzureInfraArgs>): WandbInfraArgs => ({ ...base, azure: { ...base.azure!, ...azure } });
const plan = (args: WandbInfraArgs) => runOffline(() => void new WandbInfra("wandb", args));
const KV = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sec/providers/Microsoft.KeyVault/vaults/corp-kv";
const GEO = {
    databaseGeoBackupKeyId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sec-c/providers/Microsoft.KeyVault/vaults/corp-kv-c/keys/mysql-geo",
    databaseGeoBackupIdentityId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sec-c/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mysql-geo",
};
const identity = (p: OfflinePlan, name: string): RecordedResource => resourcesOfType(p, "azure-native:managedidentity:UserAssignedIdentity").find((i) => i.inputs.resourceName === name)!;
/** Every role assignment of a principal, as `<role id> <scope>`. */
const grants = (p: OfflinePlan, principalId: unknown) =>
    resourcesOfType(p, "azure-native:authorization:RoleAssignment")
        .filter((a) => a.inputs.principalId === principalId)
        .map((a) => `${String(a.inputs.roleDefinitionId).split("/").pop()} ${a.inputs.scope}`);

describe("Azure: customer-managed keys (storage, MySQL, AKS etcd)", () => {
    let created: OfflinePlan;
    let brought: OfflinePlan;
    before(async () => {
        created = await plan(withAzure({ customerManagedKeys: { ...GEO, rotationDays: 60 } }));
        brought = await plan(withAzure({ customerManagedKeys: { ...GEO, storageKeyId: `${KV}/keys/storage`, databaseKeyId: `${KV}/keys/mysql`, clusterKeyId: `${KV}/keys/etcd` } }));
    });

    it("created keys: an RBAC Key Vault with purge protection and 90-day soft delete, one rotating RSA key per service, all protected", () => {
        const vault = one(created, "azure-native:keyvault:Vault");
        expect(vault.inputs.properties).to.deep.include({ enableRbacAuthorization: true, enablePurgeProtection: true, enableSoftDelete: true, softDeleteRetentionInDays: 90 });
        expect(vault.options.protect).to.equal(true);
        const keys: Record<string, RecordedResource> = Object.fromEntries(resourcesOfType(created, "azure-native:keyvault:Key").map((k) => [String(k.inputs.keyName), k]));
        expect(Object.keys(keys).sort()).to.deep.equal(["wandb-cluster", "wandb-database", "wandb-storage"]);
        for (const key of Object.values(keys)) {
            expect(get(key.inputs, "properties.rotationPolicy")).to.deep.equal({ lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P60D" } }] });
            expect(key.options.protect).to.equal(true);
        }
        expect(get(keys["wandb-cluster"].inputs, "properties.keyOps")).to.deep.equal(["encrypt", "decrypt"]);
        expect(get(keys["wandb-storage"].inputs, "properties.keyOps")).to.deep.equal(["wrapKey", "unwrapKey"]);
    });

    it("each service's identity holds exactly one crypto role, on its own key", () => {
        const key = (name: string) => resourcesOfType(created, "azure-native:keyvault:Key").find((k) => k.inputs.keyName === name)!.outputs.id;
        expect(grants(created, identity(created, "wandb-storage-cmk").outputs.principalId)).to.deep.equal([`${AZURE_DEFAULTS.keyVaultCryptoServiceEncryptionUserRoleId} ${key("wandb-storage")}`]);
        expect(grants(created, identity(created, "wandb-database-cmk").outputs.principalId)).to.deep.equal([`${AZURE_DEFAULTS.keyVaultCryptoServiceEncryptionUserRoleId} ${key("wandb-database")}`]);
        const cluster = grants(created, identity(created, "wandb-cluster-cmk").outputs.principalId);
        expect(cluster).to.include(`${AZURE_DEFAULTS.keyVaultCryptoUserRoleId} ${key("wandb-cluster")}`);
        // The control-plane identity keeps only its network grants besides the key.
        expect(cluster.filter((g) => g.includes("KeyVault"))).to.have.length(1);
    });

    it("services use their keys and wait for their grants: storage follows rotation, MySQL and AKS take the versioned key", () => {
        for (const p of [created, brought]) {
            const storage = one(p, "azure-native:storage:StorageAccount");
            const storageIdentity = identity(p, "wandb-storage-cmk");
            expect(storage.inputs.identity).to.deep.equal({ type: "UserAssigned", userAssignedIdentities: [storageIdentity.outputs.id] });
            expect(get(storage.inputs, "encryption.keySource")).to.equal("Microsoft.Keyvault");
            expect(get(storage.inputs, "encryption.keyVaultProperties.keyVersion")).to.equal(undefined);
            expect(get(storage.inputs, "encryption.encryptionIdentity")).to.deep.equal({ encryptionUserAssignedIdentity: storageIdentity.outputs.id });
            const server = one(p, "azure-native:dbformysql:Server");
            const dbIdentity = identity(p, "wandb-database-cmk");
            expect(server.inputs.dataEncryption).to.deep.include({ type: "AzureKeyVault", primaryUserAssignedIdentityId: dbIdentity.outputs.id, geoBackupUserAssignedIdentityId: GEO.databaseGeoBackupIdentityId });
            expect(String(get(server.inputs, "dataEncryption.primaryKeyURI"))).to.match(/\/keys\/[^/]+\/[0-9a-f]{32}$/);
            expect(String(get(server.inputs, "dataEncryption.geoBackupKeyURI"))).to.match(/^https:\/\/corp-kv-c\.vault\.azure\.net\/keys\/mysql-geo\/[0-9a-f]{32}$/);
            const cluster = one(p, "azure-native:containerservice:ManagedCluster");
            const clusterIdentity = identity(p, "wandb-cluster-cmk");
            expect(cluster.inputs.identity).to.deep.equal({ type: "UserAssigned", userAssignedIdentities: [clusterIdentity.outputs.id] });
            expect(get(cluster.inputs, "securityProfile.azureKeyVaultKms")).to.deep.include({ enabled: true, keyVaultNetworkAccess: "Public" });
            expect(String(get(cluster.inputs, "securityProfile.azureKeyVaultKms.keyId"))).to.match(/\/keys\/[^/]+\/[0-9a-f]{32}$/);
            const subnetGrant = resourcesOfType(p, "azure-native:authorization:RoleAssignment").find((a) => a.inputs.principalId === clusterIdentity.outputs.principalId && String(a.inputs.scope).endsWith("/subnets/aks-nodes"))!;
            expect(cluster.dependencies, "the control plane's subnet grant precedes the cluster").to.include(subnetGrant.urn);
            for (const [resource, principal] of [[storage, storageIdentity], [server, dbIdentity], [cluster, clusterIdentity]] as const) {
                const grant = resourcesOfType(p, "azure-native:authorization:RoleAssignment").find((a) => a.inputs.principalId === principal.outputs.principalId && String(a.inputs.scope).includes("KeyVault"))!;
                expect(resource.dependencies, resource.type).to.include(grant.urn);
            }
        }
    });

    it("brought keys: no Key Vault created, the given keys looked up and granted on", () => {
        expect(resourcesOfType(brought, "azure-native:keyvault:Vault")).to.deep.equal([]);
        expect(resourcesOfType(brought, "azure-native:keyvault:Key")).to.deep.equal([]);
        expect(grants(brought, identity(brought, "wandb-database-cmk").outputs.principalId)).to.deep.equal([`${AZURE_DEFAULTS.keyVaultCryptoServiceEncryptionUserRoleId} ${KV}/keys/mysql`]);
        expect(get(one(brought, "azure-native:storage:StorageAccount").inputs, "encryption.keyVaultProperties")).to.deep.equal({ keyName: "storage", keyVaultUri: "https://corp-kv.vault.azure.net/" });
    });

    it("without customer-managed keys nothing changes: system-assigned AKS identity, no encryption inputs, same stateful URNs", async () => {
        const plain = await plan(base);
        expect(one(plain, "azure-native:containerservice:ManagedCluster").inputs.identity).to.deep.equal({ type: "SystemAssigned" });
        expect(one(plain, "azure-native:dbformysql:Server").inputs).to.not.have.any.keys("dataEncryption", "identity");
        expect(one(plain, "azure-native:storage:StorageAccount").inputs).to.not.have.any.keys("encryption", "identity");
        const STATEFUL = ["azure-native:dbformysql:Server", "azure-native:storage:StorageAccount", "azure-native:storage:BlobContainer", "azure-native:containerservice:ManagedCluster"];
        expect(await infraUrns(withAzure({ customerManagedKeys: GEO }), STATEFUL)).to.deep.equal(await infraUrns(base, STATEFUL));
    });

    badInfraInputCases(base, [
        ["a key id that is not a Key Vault key", withAzure({ customerManagedKeys: { ...GEO, databaseKeyId: `${KV}/secrets/mysql` } }), "azure.customerManagedKeys.databaseKeyId", /Key Vault key resource id/],
        ["geo-redundant backups without a paired-region key", withAzure({ customerManagedKeys: {} }), "azure.customerManagedKeys.databaseGeoBackupKeyId", /paired region/],
        ["a rotation shorter than a week", withAzure({ customerManagedKeys: { ...GEO, rotationDays: 3 } }), "azure.customerManagedKeys.rotationDays", />= 7/],
    ]);
});
