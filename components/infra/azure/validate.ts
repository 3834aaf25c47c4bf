import { WandbArgumentError, requireIntegerAtLeast, requireNonEmpty, requireOneOf } from "../../util/errors";
import { isArmAzureVm } from "../../util/machines";
import { MysqlParameterName } from "../../requirements";
import { requireCidrList, requireIpv4Address } from "../../util/cidr";
import { InfraSettings } from "../scope";
import { backupRetention, requireFqdnInZone, requireHaInProduction, requireRedisInProduction, workloadIdentitySubject } from "../validate";
import { AzureCustomerManagedKeys, AzureInfraArgs, AzureKubeloginMode, AzurePrincipalType } from "./args";
import { KUBELOGIN_MODES } from "./kubeconfig";

/** Azure arguments after validation and defaults. */
export interface ValidatedAzureArgs {
    backupRetentionDays: number;
    highAvailability: boolean;
    redis: boolean;
    namespace: string;
    serviceAccountName: string;
    kubeloginMode: AzureKubeloginMode;
    deployerPrincipalType: AzurePrincipalType;
    ingress: ValidatedAzureIngress;
    /** Customer-managed keys, when requested. */
    keys?: ValidatedAzureKeys;
}

/** An existing Key Vault key, from its resource id. */
export interface KeyVaultKeyRef {
    id: string;
    resourceGroupName: string;
    vaultName: string;
    keyName: string;
}

/** Customer-managed keys after validation: per service an existing key, or undefined to create one. */
export interface ValidatedAzureKeys {
    storage?: KeyVaultKeyRef;
    database?: KeyVaultKeyRef;
    cluster?: KeyVaultKeyRef;
    /** Key and identity for MySQL geo-redundant backups, when those are on. */
    databaseGeoBackup?: { keyId: KeyVaultKeyRef; identityId: string };
    rotationDays: number;
}

/** Parses a Key Vault key resource id (`…/providers/Microsoft.KeyVault/vaults/<vault>/keys/<key>`). */
export function requireKeyVaultKeyId(argument: string, value: unknown): KeyVaultKeyRef {
    const match = typeof value === "string" ? /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)\/keys\/([^/]+)$/i.exec(value) : null;
    if (!match) {
        throw new WandbArgumentError(argument, value, "a Key Vault key resource id /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>/keys/<key> is required");
    }
    return { id: value as string, resourceGroupName: match[1], vaultName: match[2], keyName: match[3] };
}

function validateKeys(scope: InfraSettings, args: AzureInfraArgs): ValidatedAzureKeys | undefined {
    const cmk = args.customerManagedKeys;
    if (cmk === undefined) {
        return undefined;
    }
    const existing = (name: keyof AzureCustomerManagedKeys) => (cmk[name] === undefined ? undefined : requireKeyVaultKeyId(`azure.customerManagedKeys.${name}`, cmk[name]));
    const geoRedundant = args.geoRedundantBackup ?? scope.environment === "production";
    let databaseGeoBackup: ValidatedAzureKeys["databaseGeoBackup"];
    if (geoRedundant) {
        if (cmk.databaseGeoBackupKeyId === undefined || cmk.databaseGeoBackupIdentityId === undefined) {
            const missing = cmk.databaseGeoBackupKeyId === undefined ? "databaseGeoBackupKeyId" : "databaseGeoBackupIdentityId";
            throw new WandbArgumentError(`azure.customerManagedKeys.${missing}`, undefined, "geo-redundant MySQL backups with customer-managed keys need a key and a user-assigned identity in the paired region (or geoRedundantBackup: false)");
        }
        databaseGeoBackup = {
            keyId: requireKeyVaultKeyId("azure.customerManagedKeys.databaseGeoBackupKeyId", cmk.databaseGeoBackupKeyId),
            identityId: requireArmId("azure.customerManagedKeys.databaseGeoBackupIdentityId", cmk.databaseGeoBackupIdentityId, "Microsoft.ManagedIdentity/userAssignedIdentities"),
        };
    }
    const rotationDays = requireIntegerAtLeast("azure.customerManagedKeys.rotationDays", cmk.rotationDays ?? 90, 7, "Key Vault's shortest automatic rotation");
    return { storage: existing("storageKeyId"), database: existing("databaseKeyId"), cluster: existing("clusterKeyId"), databaseGeoBackup, rotationDays };
}

/** How W&B's ingress is exposed. */
export interface ValidatedAzureIngress {
    /** Source CIDRs allowed (empty: any). */
    allowedCidrs: string[];
    /** The private IP of an internal load balancer, or undefined for a public IP. */
    internalIp?: string;
    /** ACME DNS-01 in the Azure DNS zone instead of HTTP-01 (inbound restricted, so HTTP-01 cannot be reached). */
    dns01: boolean;
}

/** The default internal load balancer IP: near the end of the created node subnet 10.30.0.0/20 (network.ts). */
export const DEFAULT_INTERNAL_LB_IP = "10.30.15.250";

function validateIngress(args: AzureInfraArgs): ValidatedAzureIngress {
    const allowedCidrs = args.allowedInboundCidrs === undefined ? [] : requireCidrList("azure.allowedInboundCidrs", args.allowedInboundCidrs, ["ipv4", "ipv6"]);
    let internalIp: string | undefined;
    if (args.internalLoadBalancer) {
        if (args.internalLoadBalancerIp === undefined && args.existingNetwork) {
            throw new WandbArgumentError("azure.internalLoadBalancerIp", undefined, "a free private IPv4 address in existingNetwork.nodeSubnetId is required for an internal load balancer in an existing network");
        }
        internalIp = requireIpv4Address("azure.internalLoadBalancerIp", args.internalLoadBalancerIp ?? DEFAULT_INTERNAL_LB_IP);
    } else if (args.internalLoadBalancerIp !== undefined) {
        throw new WandbArgumentError("azure.internalLoadBalancerIp", args.internalLoadBalancerIp, "set only with internalLoadBalancer: true");
    }
    return { allowedCidrs, internalIp, dns01: internalIp !== undefined || allowedCidrs.length > 0 };
}

/** An Azure Resource Manager id of resource type `type` (e.g. `Microsoft.DBforMySQL/flexibleServers`), case-insensitive as ARM is. */
export function requireArmId(argument: string, value: unknown, type: string): string {
    const pattern = new RegExp(`^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/${type.replace(/[./]/g, (c) => `\\${c}`)}/[^/]+$`, "i");
    if (typeof value !== "string" || !pattern.test(value)) {
        throw new WandbArgumentError(argument, value, `a resource id /subscriptions/<id>/resourceGroups/<group>/providers/${type}/<name> is required`);
    }
    return value;
}

/** Point-in-time restore: the source server's id and an ISO 8601 time with a time zone. */
function validateRestore(args: AzureInfraArgs): void {
    if (args.databaseRestore === undefined) {
        return;
    }
    requireArmId("azure.databaseRestore.sourceServerId", args.databaseRestore.sourceServerId, "Microsoft.DBforMySQL/flexibleServers");
    const time = args.databaseRestore.restorePointInTime;
    if (typeof time !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(time) || Number.isNaN(Date.parse(time))) {
        throw new WandbArgumentError("azure.databaseRestore.restorePointInTime", time, "an ISO 8601 time with a time zone, e.g. 2026-12-01T08:30:00Z, is required");
    }
}

/** Bring-your-own storage names and the bucket path prefix. */
function validateStorage(args: AzureInfraArgs): void {
    const existing = args.existingStorage;
    if (existing !== undefined) {
        requireNonEmpty("azure.existingStorage.resourceGroupName", existing.resourceGroupName);
        if (typeof existing.accountName !== "string" || !/^[a-z0-9]{3,24}$/.test(existing.accountName)) {
            throw new WandbArgumentError("azure.existingStorage.accountName", existing.accountName, "a storage account name (3-24 lower-case letters and digits) is required");
        }
        if (typeof existing.containerName !== "string" || !/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(existing.containerName)) {
            throw new WandbArgumentError("azure.existingStorage.containerName", existing.containerName, "a container name (3-63 lower-case letters, digits and single hyphens) is required");
        }
    }
    const path = args.bucketPath;
    if (path !== undefined && (typeof path !== "string" || path.length > 512 || !/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(path) || path.split("/").some((part) => part === "." || part === ".."))) {
        throw new WandbArgumentError("azure.bucketPath", path, "a relative path such as wandb/prod is required (letters, digits, '.', '_', '-' in '/'-separated parts; no leading or trailing '/')");
    }
}

/**
 * The W&B parameters set as server configurations. binlog_format is always ROW on flexible server and
 * not settable; sync_binlog and innodb_flush_log_at_trx_commit keep Azure's default of 1
 * (policies/lib/mysql.ts holds the same mapping for the policy pack).
 */
export const AZURE_MYSQL_CONFIGURATIONS: MysqlParameterName[] = ["binlog_row_image", "sort_buffer_size", "innodb_online_alter_log_max_size"];

/** The MySQL server parameters this package sets for W&B (database.ts); user parameters cannot override them. */
const REQUIRED_AZURE_MYSQL_CONFIGURATIONS: readonly string[] = ["require_secure_transport", ...AZURE_MYSQL_CONFIGURATIONS];

function validateDatabaseConfigurations(args: AzureInfraArgs): void {
    for (const [name, value] of Object.entries(args.databaseConfigurations ?? {})) {
        const argument = `azure.databaseConfigurations.${name}`;
        if (!/^[a-z][a-z0-9_]*$/.test(name)) {
            throw new WandbArgumentError(argument, value, "a MySQL server parameter name (lower-case letters, digits, '_') is required");
        }
        if (REQUIRED_AZURE_MYSQL_CONFIGURATIONS.includes(name)) {
            throw new WandbArgumentError(argument, value, "this parameter is set by the package to the value W&B requires and cannot be overridden");
        }
        requireNonEmpty(argument, value);
    }
}

/** Validates the Azure option bag against the common scope; throws `WandbArgumentError`. */
export function validateAzureArgs(scope: InfraSettings, args: AzureInfraArgs): ValidatedAzureArgs {
    requireNonEmpty("azure.location", args.location);
    requireNonEmpty("azure.acmeEmail", args.acmeEmail);
    requireNonEmpty("azure.dnsZoneResourceGroupName", args.dnsZoneResourceGroupName);
    requireFqdnInZone(scope, "azure.dnsZoneName", args.dnsZoneName, "DNS zone");
    if (isArmAzureVm(scope.sizes.nodeInstanceType)) {
        throw new WandbArgumentError("sizes.nodeInstanceType", scope.sizes.nodeInstanceType, "an x86-64 VM size is required (W&B does not run on Arm; sizes with a 'p' feature letter such as Standard_D4ps_v5 are Arm), e.g. Standard_E4_v5");
    }
    const backupRetentionDays = backupRetention(scope, "azure.backupRetentionDays", args.backupRetentionDays);
    const redis = requireRedisInProduction(scope, "azure.redis", args.redis, "Azure Managed Redis (Redis 7)");
    const highAvailability = requireHaInProduction(scope, "azure.highAvailability", args.highAvailability, "zone-redundant MySQL HA and zonal node pools");
    validateRestore(args);
    validateStorage(args);
    validateDatabaseConfigurations(args);
    if (args.redisSku !== undefined && !/^(Balanced|MemoryOptimized|ComputeOptimized|FlashOptimized)_[A-Z]\d+$/.test(args.redisSku)) {
        throw new WandbArgumentError("azure.redisSku", args.redisSku, "an Azure Managed Redis SKU such as Balanced_B10 or MemoryOptimized_M20 is required");
    }
    (args.databaseAlertActionGroupIds ?? []).forEach((id, i) => requireArmId(`azure.databaseAlertActionGroupIds[${i}]`, id, "microsoft.insights/actionGroups"));
    const kubeloginMode = requireOneOf("azure.kubeloginMode", args.kubeloginMode ?? "azurecli", KUBELOGIN_MODES);
    const interactiveLogin = kubeloginMode === "azurecli" || kubeloginMode === "azd";
    const deployerPrincipalType = requireOneOf("azure.deployerPrincipalType", args.deployerPrincipalType ?? (interactiveLogin ? "User" : "ServicePrincipal"), Object.values(AzurePrincipalType));
    const ingress = validateIngress(args);
    const keys = validateKeys(scope, args);
    return { backupRetentionDays, highAvailability, redis, ...workloadIdentitySubject(args), kubeloginMode, deployerPrincipalType, ingress, keys };
}
