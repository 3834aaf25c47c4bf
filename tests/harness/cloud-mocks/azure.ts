/** Mock outputs and invoke results for Azure resource types (see ../mocks.ts): what Azure Resource Manager returns after create. */
import type { CallResult, OutputsFor } from "../mocks";

const SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000";
const rg = (inputs: Record<string, unknown>) => `${SUBSCRIPTION}/resourceGroups/${inputs.resourceGroupName}`;

/** Azure resource type → extra outputs. */
export const AZURE_RESOURCE_OUTPUTS: Record<string, OutputsFor> = {
    "azure-native:resources:ResourceGroup": (args) => ({ name: args.inputs.resourceGroupName, id: `${SUBSCRIPTION}/resourceGroups/${args.inputs.resourceGroupName}` }),
    "azure-native:network:VirtualNetwork": (args) => ({ name: args.inputs.virtualNetworkName, id: `${rg(args.inputs)}/providers/Microsoft.Network/virtualNetworks/${args.inputs.virtualNetworkName}` }),
    "azure-native:network:Subnet": (args) => ({ id: `${rg(args.inputs)}/providers/Microsoft.Network/virtualNetworks/${args.inputs.virtualNetworkName}/subnets/${args.inputs.subnetName}` }),
    "azure-native:network:PublicIPAddress": (args) => ({ ipAddress: "20.96.10.20", id: `${rg(args.inputs)}/providers/Microsoft.Network/publicIPAddresses/${args.inputs.publicIpAddressName}` }),
    "azure-native:privatedns:PrivateZone": (args) => ({ name: args.inputs.privateZoneName, id: `${rg(args.inputs)}/providers/Microsoft.Network/privateDnsZones/${args.inputs.privateZoneName}` }),
    "azure-native:containerservice:ManagedCluster": (args) => ({ name: args.inputs.resourceName, identity: { type: "SystemAssigned", principalId: "44444444-4444-4444-4444-444444444444" }, oidcIssuerProfile: { enabled: true, issuerURL: "https://eastus2.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/" } }),
    "azure-native:dbformysql:Server": (args) => ({ name: args.inputs.serverName, fullyQualifiedDomainName: `${args.inputs.serverName}.mysql.database.azure.com` }),
    "azure-native:redisenterprise:RedisEnterprise": (args) => ({ name: args.inputs.clusterName, hostName: `${args.inputs.clusterName}.eastus2.redis.azure.net`, id: `${rg(args.inputs)}/providers/Microsoft.Cache/redisEnterprise/${args.inputs.clusterName}` }),
    "azure-native:redisenterprise:Database": (args) => ({ name: args.inputs.databaseName }),
    "azure-native:storage:StorageAccount": (args) => ({ name: args.inputs.accountName, id: `${rg(args.inputs)}/providers/Microsoft.Storage/storageAccounts/${args.inputs.accountName}` }),
    "azure-native:storage:BlobContainer": (args) => ({ name: args.inputs.containerName }),
    "azure-native:managedidentity:UserAssignedIdentity": (args) => ({ name: args.inputs.resourceName, clientId: "22222222-2222-2222-2222-222222222222", principalId: "33333333-3333-3333-3333-333333333333" }),
};

/** Azure invoke token → result. */
export const AZURE_CALL_RESULTS: Record<string, CallResult> = {
    "azure-native:containerservice:listManagedClusterUserCredentials": () => ({ kubeconfigs: [{ name: "clusterUser", value: Buffer.from("apiVersion: v1\nkind: Config\n").toString("base64") }] }),
    "azure-native:storage:listStorageAccountKeys": () => ({ keys: [{ keyName: "key1", value: "fixture-storage-account-key-1==", permissions: "FULL" }] }),
    "azure-native:redisenterprise:listDatabaseKeys": () => ({ primaryKey: "fixture-managed-redis-primary-key=", secondaryKey: "fixture-managed-redis-secondary-key=" }),
};
