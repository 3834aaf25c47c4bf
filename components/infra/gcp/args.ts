/** An existing VPC network to deploy into instead of creating one. */
export interface GcpExistingNetwork {
    /** Network self link or id. */
    networkId: string;
    /** Subnetwork self link or id for the nodes. */
    subnetworkId: string;
    /** Name of the subnetwork's secondary range for pods. */
    podsRangeName: string;
    /** Name of the subnetwork's secondary range for services. */
    servicesRangeName: string;
    /**
     * Whether private services access is already connected on this network. `true`: Cloud SQL and
     * Memorystore use the existing peering and nothing is added to the network. `false`: this component
     * reserves a /16 range on the network and connects it to `servicenetworking.googleapis.com` (a
     * network holds one such connection, so never say `false` when one exists).
     */
    privateServicesAccess: boolean;
}

/**
 * Customer-managed encryption (CMEK) of one service: a Cloud KMS key this component creates (rotating
 * every 90 days) or your own key. The service's agent gets `roles/cloudkms.cryptoKeyEncrypterDecrypter`
 * on that key only.
 */
export interface GcpServiceEncryption {
    /**
     * Encrypt with a customer-managed key. Cloud SQL and Memorystore take a key only when the instance is
     * created, so turning this on for an existing database or cache replaces it (and `protect` refuses
     * that in production): decide before the first `pulumi up`.
     */
    enabled?: boolean;
    /**
     * Your own key (bring your own key), `projects/<p>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>`,
     * in the deployment's region. Implies `enabled`. Its rotation is yours.
     */
    kmsKeyId?: string;
}

/** Which services use customer-managed keys. */
export interface GcpEncryptionArgs {
    /** The bucket: always CMEK (a key this component creates unless `kmsKeyId`); `enabled: false` is refused. */
    bucket?: GcpServiceEncryption;
    /** Cloud SQL. Default off (creation-time only, see `enabled`). */
    database?: GcpServiceEncryption;
    /** Memorystore. Default off (creation-time only, see `enabled`). */
    cache?: GcpServiceEncryption;
    /** The Pub/Sub topic of `queue`. Default on when `queue` is on. */
    queue?: GcpServiceEncryption;
}

/**
 * Create the database from an existing Cloud SQL instance's data instead of empty: a restore drill or a
 * recovery is `pulumi up` of a new stack with this set. Read only when the instance is created; later
 * changes are ignored, so an existing database is never restored over or replaced.
 */
export interface GcpDatabaseRestore {
    /** Name of the source Cloud SQL instance (e.g. `wandb-prod-mysql`). */
    sourceInstance: string;
    /** Project of the source instance. Default: `project`. */
    sourceProject?: string;
    /** Restore this backup run of the source (`gcloud sql backups list --instance <source>`). */
    backupRunId?: number;
    /**
     * Clone the source as it was at this instant (RFC 3339 UTC, e.g. `2026-12-01T08:00:00Z`): point-in-time
     * recovery from its binary logs. Without `backupRunId` or `pointInTime`, the source's current state is cloned.
     */
    pointInTime?: string;
}

/** Google Cloud settings of `WandbInfra` (selects GCP). */
export interface GcpInfraArgs {
    /** Project id. */
    project: string;
    /** Region, e.g. `us-central1`. */
    region: string;
    /** Zone of a zonal test cluster. Default `<region>-a`. Production clusters are regional. */
    zone?: string;
    /** Bring your own network. */
    existingNetwork?: GcpExistingNetwork;
    /** Primary CIDR of the created subnetwork. Default `10.10.0.0/20`. */
    subnetCidr?: string;
    /** Cloud DNS managed zone name (not its DNS name) for the W&B A record. */
    managedZone: string;
    /** The managed zone's DNS name, e.g. `example.com.`: the FQDN must be inside it. */
    managedZoneDnsName: string;
    /**
     * IPv4 CIDRs allowed to reach the GKE control plane's public endpoint (master authorized networks):
     * where `pulumi up` runs (your CI runner's egress, your office). At least one is required unless
     * `privateEndpoint` is set.
     */
    masterAuthorizedCidrs?: string[];
    /**
     * Keep the control plane private to the VPC (no public endpoint). `pulumi up` must then run inside the
     * VPC (e.g. a CI runner VM in the nodes' subnetwork, or in a range listed in `masterAuthorizedCidrs`).
     * Default false.
     */
    privateEndpoint?: boolean;
    /**
     * IPv4 and IPv6 CIDRs allowed to reach W&B through the load balancer: a Cloud Armor security policy
     * (allow these, deny the rest with 403) attached to every W&B backend through the chart's
     * BackendConfig. Default: no policy (reachable from anywhere, like `0.0.0.0/0`).
     */
    allowedInboundCidrs?: string[];
    /**
     * Serve W&B on an internal Application Load Balancer (reachable from the VPC and networks connected
     * to it only) on a regional internal IP, instead of the external one. Needs `internalCertificateName`.
     * Default false.
     */
    internalLoadBalancer?: boolean;
    /**
     * Name of a regional self-managed SSL certificate (`compute.RegionSslCertificate`, same project and
     * region) for the FQDN, served by the internal load balancer (Google-managed certificates are for
     * external load balancers).
     */
    internalCertificateName?: string;
    /**
     * CIDR of the proxy-only subnetwork the internal load balancer needs (one per region and network),
     * also the source of the firewall rule that lets its proxies reach the pods. Created with the network
     * (default `10.129.0.0/23`); with `existingNetwork`, required: the CIDR of its existing one.
     */
    proxyOnlySubnetCidr?: string;
    /** Customer-managed encryption keys per service, and bring-your-own keys. */
    encryption?: GcpEncryptionArgs;
    /** Cloud SQL for MySQL database version `MYSQL_8_0_<minor>` (minor >= 32). */
    databaseVersion?: string;
    /** Backups retained (>= 7). Default 7 in test, 14 in production. */
    retainedBackups?: number;
    /** Create the database from a backup or a clone of another instance (restore drills, recovery). */
    restore?: GcpDatabaseRestore;
    /**
     * Cloud Monitoring notification channels (`projects/<p>/notificationChannels/<id>`) the database CPU
     * alert (sustained above the reference architecture's threshold) notifies. Default: none (the alert
     * policy still opens incidents in the console).
     */
    alertNotificationChannels?: string[];
    /**
     * Highly available database and cache (Cloud SQL REGIONAL, Memorystore STANDARD_HA). Default: on in
     * production (where it cannot be turned off), off in test.
     */
    highAvailability?: boolean;
    /** Create Memorystore Redis. Default true; false uses the in-cluster Redis (test only). */
    redis?: boolean;
    /** Create a Pub/Sub topic + subscription fed by bucket notifications. Default false. */
    queue?: boolean;
    /**
     * Use this existing GCS bucket instead of creating one (bring your own bucket). Its CORS, versioning
     * and encryption stay yours; give its key as `encryption.bucket.kmsKeyId` when it uses CMEK.
     */
    existingBucketName?: string;
    /**
     * Prefix inside the bucket for W&B's objects (e.g. `wandb/prod`: no leading or trailing '/'). The W&B
     * service account's object grants are then limited to that prefix by an IAM condition.
     */
    bucketPath?: string;
    /** Namespace of the W&B instance (Workload Identity binding). Default `wandb`. */
    instanceNamespace?: string;
    /** Kubernetes service account of the W&B pods. Default `wandb`. */
    serviceAccountName?: string;
}
