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
    /** Private services access already connected (Cloud SQL and Memorystore get private IPs through it). */
    privateServicesAccess: boolean;
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
    /** CIDRs allowed to reach the GKE control plane; empty (default) keeps it private to the VPC. */
    masterAuthorizedCidrs?: string[];
    /** Cloud SQL database version `MYSQL_8_0_<minor>` (minor >= 32). */
    databaseVersion?: string;
    /** Backups retained (>= 7). Default 7 in test, 14 in production. */
    retainedBackups?: number;
    /**
     * Highly available database and cache (Cloud SQL REGIONAL, Memorystore STANDARD_HA). Default: on in
     * production (where it cannot be turned off), off in test.
     */
    highAvailability?: boolean;
    /** Create Memorystore Redis. Default true; false uses the in-cluster Redis (test only). */
    redis?: boolean;
    /** Create a Pub/Sub topic + subscription fed by bucket notifications. Default false. */
    queue?: boolean;
    /** Namespace of the W&B instance (Workload Identity binding). Default `wandb`. */
    instanceNamespace?: string;
    /** Kubernetes service account of the W&B pods. Default `wandb`. */
    serviceAccountName?: string;
}
