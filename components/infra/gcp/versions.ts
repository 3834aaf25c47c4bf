/** Versions the GCP builder pins (package choices, reviewed on upgrade). */
export const GCP_DEFAULTS = {
    /**
     * GKE: `minMasterVersion` 1.34 guarantees the reference architecture's minimum whatever the channel
     * picks, and the REGULAR release channel upgrades within supported versions from there.
     */
    kubernetesVersion: "1.34",
    releaseChannel: "REGULAR",
    /** Cloud SQL for MySQL 8.0.41: an explicit minor above 8.0.32 (Cloud SQL database versions list). */
    databaseVersion: "MYSQL_8_0_41",
    /** db-n1-highmem-* tiers (the reference table's) are Enterprise edition tiers, not Enterprise Plus. */
    databaseEdition: "ENTERPRISE",
    /** Memorystore for Redis 7.2. */
    redisVersion: "REDIS_7_2",
} as const;
