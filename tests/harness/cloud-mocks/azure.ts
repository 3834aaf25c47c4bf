/** Mock outputs and invoke results for Azure resource types (see ../mocks.ts): what Azure Resource Manager returns after create. */
import type { CallResult, OutputsFor } from "../mocks";

const SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000";
const rg = (inputs: Record<string, unknown>) => `${SUBSCRIPTION}/resourceGroups/${inputs.resourceGroupName}`;

/** A stable UUID-shaped id from a string (distinct identities get distinct principals). */
function uuidFrom(text: string): string {
    let hex = "";
    let seed = [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 17);
    while (hex.length < 32) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        hex += (seed >>> 8).toString(16).padStart(6, "0");
    }
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Azure resource type → extra outputs. */
export const AZURE_RESOURCE_OUTPUTS: Record<string, OutputsFor> = {
    "azure-native:resources:ResourceGroup": (args) => ({ name: args.inputs.resourceGroupName, id: `${SUBSCRIPTION}/resourceGroups/${args.inputs.resourceGroupName}` }),
    "azure-native:network:VirtualNetwork": (args) => ({ name: args.inputs.virtualNetworkName, id: `${rg(args.inputs)}/providers/Microsoft.Network/virtualNetworks/${args.inputs.virtualNetworkName}` }),
    "azure-native:network:Subnet": (args) => ({ id: `${rg(args.inputs)}/providers/Microsoft.Network/virtualNetworks/${args.inputs.virtualNetworkName}/subnets/${args.inputs.subnetName}` }),
    "azure-native:network:PublicIPAddress": (args) => ({ ipAddress: "20.96.10.20", id: `${rg(args.inputs)}/providers/Microsoft.Network/publicIPAddresses/${args.inputs.publicIpAddressName}` }),
    "azure-native:privatedns:PrivateZone": (args) => ({ name: args.inputs.privateZoneName, id: `${rg(args.inputs)}/providers/Microsoft.Network/privateDnsZones/${args.inputs.privateZoneName}` }),
    "azure-native:containerservice:ManagedCluster": (args) => ({ name: args.inputs.resourceName, id: `${rg(args.inputs)}/providers/Microsoft.ContainerService/managedClusters/${args.inputs.resourceName}`, identity: { type: "SystemAssigned", principalId: "44444444-4444-4444-4444-444444444444" }, oidcIssuerProfile: { enabled: true, issuerURL: "https://eastus2.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/" } }),
    "azure-native:dbformysql:Server": (args) => ({ name: args.inputs.serverName, id: `${rg(args.inputs)}/providers/Microsoft.DBforMySQL/flexibleServers/${args.inputs.serverName}`, fullyQualifiedDomainName: `${args.inputs.serverName}.mysql.database.azure.com` }),
    "azure-native:redisenterprise:RedisEnterprise": (args) => ({ name: args.inputs.clusterName, hostName: `${args.inputs.clusterName}.eastus2.redis.azure.net`, id: `${rg(args.inputs)}/providers/Microsoft.Cache/redisEnterprise/${args.inputs.clusterName}` }),
    "azure-native:redisenterprise:Database": (args) => ({ name: args.inputs.databaseName }),
    "azure-native:storage:StorageAccount": (args) => ({ name: args.inputs.accountName, id: `${rg(args.inputs)}/providers/Microsoft.Storage/storageAccounts/${args.inputs.accountName}` }),
    "azure-native:storage:BlobContainer": (args) => ({ name: args.inputs.containerName }),
    "azure-native:storage:Queue": (args) => ({ name: args.inputs.queueName }),
    "azure-native:eventgrid:SystemTopic": (args) => ({ name: args.inputs.systemTopicName, identity: { type: "SystemAssigned", principalId: "88888888-8888-8888-8888-888888888888" } }),
    // The W&B pods' identity has fixed ids; every other identity its own, derived from its name.
    "azure-native:managedidentity:UserAssignedIdentity": (args) => {
        const name = String(args.inputs.resourceName);
        const own = !name.endsWith("-wandb");
        return {
            name,
            id: `${rg(args.inputs)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
            clientId: own ? uuidFrom(`client:${name}`) : "22222222-2222-2222-2222-222222222222",
            principalId: own ? uuidFrom(`principal:${name}`) : "33333333-3333-3333-3333-333333333333",
        };
    },
    "azure-native:keyvault:Vault": (args) => ({ name: args.inputs.vaultName, id: `${rg(args.inputs)}/providers/Microsoft.KeyVault/vaults/${args.inputs.vaultName}`, properties: { ...(args.inputs.properties as object), vaultUri: `https://${args.inputs.vaultName}.vault.azure.net/` } }),
    "azure-native:keyvault:Key": (args) => ({
        name: args.inputs.keyName,
        id: `${rg(args.inputs)}/providers/Microsoft.KeyVault/vaults/${args.inputs.vaultName}/keys/${args.inputs.keyName}`,
        keyUri: `https://${args.inputs.vaultName}.vault.azure.net/keys/${args.inputs.keyName}`,
        keyUriWithVersion: `https://${args.inputs.vaultName}.vault.azure.net/keys/${args.inputs.keyName}/0123456789abcdef0123456789abcdef`,
    }),
};

/** The deploying principal azure-native reports (`getClientConfig`). */
export const AZURE_DEPLOYER = { clientId: "66666666-6666-6666-6666-666666666666", objectId: "55555555-5555-5555-5555-555555555555", subscriptionId: "00000000-0000-0000-0000-000000000000", tenantId: "77777777-7777-7777-7777-777777777777" };

/**
 * The user kubeconfig AKS returns for a managed Entra ID cluster: the `azure` auth-provider form by
 * default, or with `format: exec` a kubelogin exec user asking for an interactive device-code login.
 */
function aksUserKubeconfig(format: unknown): string {
    const user =
        format === "exec"
            ? `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args: [get-token, --environment, AzurePublicCloud, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --client-id, 80faf920-1908-4b52-b5ef-a8e7bedfc67a, --tenant-id, ${AZURE_DEPLOYER.tenantId}, --login, devicecode]
      env: null
      provideClusterInfo: false`
            : `    auth-provider:
      name: azure
      config: {apiserver-id: 6dae42f8-4368-4678-94ff-3960e28e3630, client-id: 80faf920-1908-4b52-b5ef-a8e7bedfc67a, config-mode: "1", environment: AzurePublicCloud, tenant-id: ${AZURE_DEPLOYER.tenantId}}`;
    return `apiVersion: v1
kind: Config
clusters:
- name: wandb-aks
  cluster: {server: "https://wandb-aks-0a1b2c3d.hcp.eastus2.azmk8s.io:443", certificate-authority-data: LS0tLS1CRUdJTg==}
contexts:
- name: wandb-aks
  context: {cluster: wandb-aks, user: clusterUser_wandb-rg_wandb-aks}
current-context: wandb-aks
users:
- name: clusterUser_wandb-rg_wandb-aks
  user:
${user}
`;
}

/** Azure invoke token → result. */
export const AZURE_CALL_RESULTS: Record<string, CallResult> = {
    "azure-native:authorization:getClientConfig": () => ({ ...AZURE_DEPLOYER }),
    "azure-native:keyvault:getKey": (inputs) => ({
        name: inputs.keyName,
        keyUri: `https://${inputs.vaultName}.vault.azure.net/keys/${inputs.keyName}`,
        keyUriWithVersion: `https://${inputs.vaultName}.vault.azure.net/keys/${inputs.keyName}/fedcba9876543210fedcba9876543210`,
    }),
    "azure-native:containerservice:listManagedClusterUserCredentials": (inputs) => ({ kubeconfigs: [{ name: "clusterUser", value: Buffer.from(aksUserKubeconfig(inputs.format)).toString("base64") }] }),
    "azure-native:storage:listStorageAccountKeys": () => ({ keys: [{ keyName: "key1", value: "fixture-storage-account-key-1==", permissions: "FULL" }] }),
    "azure-native:redisenterprise:listDatabaseKeys": () => ({ primaryKey: "fixture-managed-redis-primary-key=", secondaryKey: "fixture-managed-redis-secondary-key=" }),
};
