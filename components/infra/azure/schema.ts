import { Schema, flag, integer, list, object, record, required, text } from "../../util/schema";
import { RULES } from "../../util/validate";
import { AzureCustomerManagedKeys, AzureDatabaseRestore, AzureExistingNetwork, AzureExistingStorage, AzureInfraArgs } from "./args";

/** An Azure location's programmatic name (`eastus2`, not `East US 2`). */
export const AZURE_LOCATION_RULE = { allowed: "an Azure location name in lower case without spaces", example: "eastus2", test: (v: string) => /^[a-z]+[a-z0-9]*$/.test(v) };

const resourceId = text({ allowed: "an Azure resource id (/subscriptions/...)", example: "/subscriptions/<id>/resourceGroups/<rg>/providers/...", test: (v) => /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\//i.test(v) });
const objectId = text({ allowed: "an Entra ID object id (a GUID)", example: "00000000-0000-0000-0000-000000000000", test: (v) => /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(v) });
const resourceGroup = text({ allowed: "a resource group name (1-90 letters, digits, '-', '_', '.', '(' or ')')", example: "wandb-prod", test: (v) => /^[-\w.()]{1,90}$/.test(v) && !v.endsWith(".") });

const EXISTING_NETWORK_SCHEMA: Schema<AzureExistingNetwork> = {
    resourceGroupName: required(resourceGroup),
    nodeSubnetId: required(resourceId),
    mysqlSubnetId: required(resourceId),
    privateEndpointSubnetId: required(resourceId),
    vnetId: required(resourceId),
};

const EXISTING_STORAGE_SCHEMA: Schema<AzureExistingStorage> = {
    resourceGroupName: required(text()),
    accountName: required(text()),
    containerName: required(text()),
};

const CUSTOMER_MANAGED_KEYS_SCHEMA: Schema<AzureCustomerManagedKeys> = {
    storageKeyId: text(),
    databaseKeyId: text(),
    databaseGeoBackupKeyId: text(),
    databaseGeoBackupIdentityId: text(),
    clusterKeyId: text(),
    rotationDays: integer(1),
};

const DATABASE_RESTORE_SCHEMA: Schema<AzureDatabaseRestore> = {
    sourceServerId: required(text()),
    restorePointInTime: required(text()),
};

/**
 * {@link AzureInfraArgs}: `wandb:infra.azure`. The newer options' values (CIDRs, key and resource ids,
 * restore times, SKUs) are checked in full by `validateAzureArgs`, whose rules span arguments; here their kind.
 */
export const AZURE_SCHEMA: Schema<AzureInfraArgs> = {
    location: required(text(AZURE_LOCATION_RULE)),
    resourceGroupName: resourceGroup,
    existingNetwork: object(EXISTING_NETWORK_SCHEMA),
    dnsZoneName: required(text(RULES.fqdn)),
    dnsZoneResourceGroupName: required(resourceGroup),
    acmeEmail: required(text(RULES.email)),
    allowedInboundCidrs: list(text()),
    internalLoadBalancer: flag,
    internalLoadBalancerIp: text(),
    kubeloginMode: text(),
    deployerPrincipalType: text(),
    customerManagedKeys: object(CUSTOMER_MANAGED_KEYS_SCHEMA),
    existingStorage: object(EXISTING_STORAGE_SCHEMA),
    bucketPath: text(),
    queue: flag,
    databaseRestore: object(DATABASE_RESTORE_SCHEMA),
    databaseAlertActionGroupIds: list(text()),
    redisSku: text(),
    databaseConfigurations: record(text()),
    adminGroupObjectIds: list(objectId),
    apiServerAuthorizedIpRanges: list(text()),
    backupRetentionDays: integer(1, 35),
    geoRedundantBackup: flag,
    highAvailability: flag,
    redis: flag,
    instanceNamespace: text(RULES.kubernetesName),
    serviceAccountName: text(RULES.kubernetesName),
};
