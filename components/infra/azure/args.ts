/**
 * How kubelogin (the client-go exec plugin AKS's Entra ID clusters need) gets the deploying identity's
 * token, matching how the azure-native provider authenticates (kubelogin `get-token --login`).
 */
export const AzureKubeloginMode = {
    /** An `az login` session. */
    Azurecli: "azurecli",
    /** A service principal; the secret from `AZURE_CLIENT_SECRET` or `AAD_SERVICE_PRINCIPAL_CLIENT_SECRET`. */
    Spn: "spn",
    /** Federated CI credentials from `AZURE_CLIENT_ID`, `AZURE_TENANT_ID`, `AZURE_FEDERATED_TOKEN_FILE`. */
    Workloadidentity: "workloadidentity",
    /** A user-assigned managed identity of the machine. */
    Msi: "msi",
    /** An `azd auth login` session. */
    Azd: "azd",
} as const;
/** A kubelogin `--login` mode: `azurecli`, `spn`, `workloadidentity`, `msi` or `azd`. */
export type AzureKubeloginMode = (typeof AzureKubeloginMode)[keyof typeof AzureKubeloginMode];

/** The kind of Entra ID principal that runs `pulumi up` (the principal type of its role assignment). */
export const AzurePrincipalType = {
    /** A person signed in (`az login`, `azd auth login`). */
    User: "User",
    /** A service principal or managed identity (CI). */
    ServicePrincipal: "ServicePrincipal",
} as const;
/** `User` or `ServicePrincipal`. */
export type AzurePrincipalType = (typeof AzurePrincipalType)[keyof typeof AzurePrincipalType];

/** An existing VNet to deploy into instead of creating one. */
export interface AzureExistingNetwork {
    /** Resource group holding the VNet. */
    resourceGroupName: string;
    /** Subnet id for the AKS nodes (Azure CNI overlay). */
    nodeSubnetId: string;
    /** Subnet id delegated to `Microsoft.DBforMySQL/flexibleServers`. */
    mysqlSubnetId: string;
    /** Subnet id for private endpoints (Azure Managed Redis). */
    privateEndpointSubnetId: string;
    /** VNet id, linked to the private DNS zones. */
    vnetId: string;
}

/** An existing storage account and container for W&B's files, instead of the ones this component creates. */
export interface AzureExistingStorage {
    /** Resource group of the storage account (in the same subscription as the deployment). */
    resourceGroupName: string;
    /** Storage account name (3-24 lower-case letters and digits). */
    accountName: string;
    /** Blob container W&B writes to. */
    containerName: string;
}

/**
 * Customer-managed keys (Azure Key Vault) for the storage account, the MySQL flexible server and the AKS
 * etcd secrets (KMS). Each service gets its own user-assigned identity holding a crypto role on its own
 * key only. A key not given is created in a Key Vault of this component (RBAC authorization, purge
 * protection, 90-day soft delete) with automatic rotation. Keys are Key Vault key resource ids:
 * `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>/keys/<key>`.
 */
export interface AzureCustomerManagedKeys {
    /** Existing key for the storage account. */
    storageKeyId?: string;
    /** Existing key for the MySQL flexible server. */
    databaseKeyId?: string;
    /**
     * Existing key, in a vault of the backup's paired region, for the MySQL geo-redundant backups.
     * Required, with `databaseGeoBackupIdentityId`, when geo-redundant backups are on (production default).
     */
    databaseGeoBackupKeyId?: string;
    /** User-assigned identity in the paired region with wrap/unwrap rights on `databaseGeoBackupKeyId`. */
    databaseGeoBackupIdentityId?: string;
    /** Existing key for AKS KMS etcd encryption (RSA). */
    clusterKeyId?: string;
    /** Days after which Key Vault rotates the keys this component creates (>= 7). Default 90. */
    rotationDays?: number;
}

/**
 * Create the MySQL flexible server as a point-in-time restore of another one (a restore drill is a
 * `pulumi up` of a new stack). The server keeps this package's configurations, HA, backups and network.
 */
export interface AzureDatabaseRestore {
    /** Resource id of the source flexible server (`/subscriptions/…/providers/Microsoft.DBforMySQL/flexibleServers/<name>`). */
    sourceServerId: string;
    /** Point in time to restore to, ISO 8601 with a time zone (e.g. `2026-12-01T08:30:00Z`), inside the source's backup retention. */
    restorePointInTime: string;
}

/** Azure settings of `WandbInfra` (selects Azure). */
export interface AzureInfraArgs {
    /** Azure location, e.g. `eastus2`. */
    location: string;
    /** Existing resource group for everything. Default: one named after `namePrefix`. */
    resourceGroupName?: string;
    /** Bring your own VNet and subnets. */
    existingNetwork?: AzureExistingNetwork;
    /** Azure DNS zone name (e.g. `example.com`) holding the W&B A record: the FQDN must be inside it. */
    dnsZoneName: string;
    /** Resource group of the DNS zone. */
    dnsZoneResourceGroupName: string;
    /** E-mail registered with Let's Encrypt for the ACME issuer. */
    acmeEmail: string;
    /**
     * IPv4 and IPv6 CIDRs allowed to reach W&B (the ingress-nginx load balancer's
     * `loadBalancerSourceRanges`, enforced by AKS in the node security group). Default: any source.
     * With a list, certificates are issued through ACME DNS-01 in the Azure DNS zone (Let's Encrypt's
     * HTTP-01 probes would be blocked).
     */
    allowedInboundCidrs?: string[];
    /**
     * Serve W&B on an internal Azure load balancer only (a private IP in the node subnet, reachable from
     * the VNet and peered or connected networks), with the A record pointing at it and certificates
     * through ACME DNS-01. Default false: a static public IP.
     */
    internalLoadBalancer?: boolean;
    /**
     * The internal load balancer's private IPv4 address, inside the node subnet and outside the range
     * nodes take. Default `10.30.15.250` in the VNet this component creates; required with `existingNetwork`.
     */
    internalLoadBalancerIp?: string;
    /** Entra ID group object ids made AKS cluster admins. */
    adminGroupObjectIds?: string[];
    /** CIDRs allowed to the AKS API server; empty (default) allows any (AAD + RBAC still apply). */
    apiServerAuthorizedIpRanges?: string[];
    /**
     * How the Kubernetes provider's kubelogin signs in as the identity running `pulumi up` (which this
     * component makes an "Azure Kubernetes Service RBAC Cluster Admin" of the cluster): `azurecli`
     * (default; `az login`), `spn`, `workloadidentity`, `msi` or `azd`. Match how the azure-native
     * provider authenticates; see docs/azure.md "Deploy".
     */
    kubeloginMode?: AzureKubeloginMode;
    /**
     * Whether the identity running `pulumi up` is a `User` or a `ServicePrincipal` (Azure refuses a role
     * assignment whose principal type does not match). Default: `User` for kubelogin modes `azurecli`
     * and `azd`, `ServicePrincipal` for `spn`, `workloadidentity` and `msi`.
     */
    deployerPrincipalType?: AzurePrincipalType;
    /**
     * Encrypt the storage account, MySQL and AKS secrets with customer-managed keys (created here or
     * given). Absent (default): Microsoft-managed keys. Set it when creating a stack: MySQL and AKS take
     * it at creation.
     */
    customerManagedKeys?: AzureCustomerManagedKeys;
    /** Backup retention in days (>= 7). Default 7 in test, 14 in production. */
    backupRetentionDays?: number;
    /** Geo-redundant backups (production default true; only in regions with a paired region). */
    geoRedundantBackup?: boolean;
    /**
     * Bring your own storage account and container (versioning, soft delete and W&B's CORS are then the
     * owner's to set; docs/azure.md). Default: an account and container `wandb` created here.
     */
    existingStorage?: AzureExistingStorage;
    /** Path prefix inside the container under which W&B keeps its files (e.g. `wandb/prod`). Default: the container root. */
    bucketPath?: string;
    /**
     * Create the object-created notification queue (Event Grid system topic on the storage account into a
     * storage queue) and pass it to W&B as `BUCKET_QUEUE`. Default false (the chart's internal queue).
     */
    queue?: boolean;
    /** Create the MySQL server as a point-in-time restore of another server. Absent (default): a new empty server. */
    databaseRestore?: AzureDatabaseRestore;
    /**
     * Action group resource ids the MySQL CPU alert (> 90% for 5 minutes, the reference architecture's
     * monitoring rule) notifies. Default none: the alert still fires and shows in Azure Monitor.
     */
    databaseAlertActionGroupIds?: string[];
    /**
     * Zone-redundant HA for MySQL and Redis, zonal node pools. Default: on in production (where it
     * cannot be turned off), off in test.
     */
    highAvailability?: boolean;
    /** Create Azure Managed Redis. Default true; false uses the in-cluster Redis (test only). */
    redis?: boolean;
    /** Azure Managed Redis SKU, e.g. `Balanced_B10` or `MemoryOptimized_M20`. Default `Balanced_B1` in test, `Balanced_B5` in production. */
    redisSku?: string;
    /**
     * Further MySQL server parameters (name → value), e.g. `{ long_query_time: "2", slow_query_log: "ON" }`.
     * The parameters W&B requires (`require_secure_transport` and the reference architecture's) cannot be overridden.
     */
    databaseConfigurations?: Record<string, string>;
    /** Namespace of the W&B instance (federated credential subject). Default `wandb`. */
    instanceNamespace?: string;
    /** Kubernetes service account of the W&B pods. Default `wandb`. */
    serviceAccountName?: string;
}
