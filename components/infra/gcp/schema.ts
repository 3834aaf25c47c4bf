import { Schema, flag, integer, list, object, required, text } from "../../util/schema";
import { RULES } from "../../util/validate";
import { GcpDatabaseRestore, GcpEncryptionArgs, GcpExistingNetwork, GcpInfraArgs, GcpServiceEncryption } from "./args";

/** A Google Cloud region name (`<area>-<location><n>`). */
export const GCP_REGION_RULE = { allowed: "a Google Cloud region name", example: "us-central1", test: (v: string) => /^[a-z]+-[a-z]+\d+$/.test(v) };

const EXISTING_NETWORK_SCHEMA: Schema<GcpExistingNetwork> = {
    networkId: required(text(RULES.nonEmpty)),
    subnetworkId: required(text(RULES.nonEmpty)),
    podsRangeName: required(text(RULES.nonEmpty)),
    servicesRangeName: required(text(RULES.nonEmpty)),
    privateServicesAccess: required(flag),
};

const SERVICE_ENCRYPTION_SCHEMA: Schema<GcpServiceEncryption> = {
    enabled: flag,
    kmsKeyId: text({ allowed: "a Cloud KMS key id projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>", example: "projects/ml-platform-prod/locations/us-central1/keyRings/wandb/cryptoKeys/sql", test: (v) => /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/.test(v) }),
};

const ENCRYPTION_SCHEMA: Schema<GcpEncryptionArgs> = {
    bucket: object(SERVICE_ENCRYPTION_SCHEMA),
    database: object(SERVICE_ENCRYPTION_SCHEMA),
    cache: object(SERVICE_ENCRYPTION_SCHEMA),
    queue: object(SERVICE_ENCRYPTION_SCHEMA),
};

const RESTORE_SCHEMA: Schema<GcpDatabaseRestore> = {
    sourceInstance: required(text({ allowed: "the source Cloud SQL instance name", example: "wandb-prod-mysql", test: (v) => /^[a-z][a-z0-9-]{0,97}$/.test(v) })),
    sourceProject: text(RULES.nonEmpty),
    backupRunId: integer(1),
    pointInTime: text({ allowed: "an RFC 3339 UTC time ending in Z", example: "2026-12-01T04:00:00Z", test: (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v) }),
};

/** {@link GcpInfraArgs}: `wandb:infra.gcp`. */
export const GCP_SCHEMA: Schema<GcpInfraArgs> = {
    project: required(text({ allowed: "a Google Cloud project id: 6-30 lower-case letters, digits and '-'", example: "ml-platform-prod", test: (v) => /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(v) })),
    region: required(text(GCP_REGION_RULE)),
    zone: text({ allowed: "a zone of the region (<region>-<letter>)", example: "us-central1-a", test: (v) => /^[a-z]+-[a-z]+\d+-[a-z]$/.test(v) }),
    existingNetwork: object(EXISTING_NETWORK_SCHEMA),
    subnetCidr: text(RULES.cidr),
    managedZone: required(text({ allowed: "a Cloud DNS managed zone name (not its DNS name)", example: "ml-example-com", test: (v) => /^[a-z][a-z0-9-]{0,62}$/.test(v) })),
    managedZoneDnsName: required(text({ ...RULES.fqdn, allowed: "the managed zone's DNS name, with or without the trailing dot", example: "example.com." })),
    masterAuthorizedCidrs: list(text()),
    privateEndpoint: flag,
    allowedInboundCidrs: list(text()),
    internalLoadBalancer: flag,
    internalCertificateName: text({ allowed: "a Compute Engine resource name", example: "wandb-internal", test: (v) => /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(v) }),
    proxyOnlySubnetCidr: text(RULES.cidr),
    encryption: object(ENCRYPTION_SCHEMA),
    databaseVersion: text({ allowed: "a Cloud SQL version MYSQL_8_0_<minor>", example: "MYSQL_8_0_41", test: (v) => /^MYSQL_8_0_\d+$/.test(v) }),
    retainedBackups: integer(1, 365),
    restore: object(RESTORE_SCHEMA),
    alertNotificationChannels: list(text({ allowed: "a notification channel projects/<p>/notificationChannels/<id>", example: "projects/ml-platform-prod/notificationChannels/123", test: (v) => /^projects\/[^/]+\/notificationChannels\/[^/]+$/.test(v) })),
    highAvailability: flag,
    redis: flag,
    queue: flag,
    existingBucketName: text({ allowed: "a GCS bucket name", example: "ml-platform-wandb", test: (v) => /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/.test(v) }),
    bucketPath: text({ allowed: "a path inside the bucket with no leading or trailing '/'", example: "wandb/prod", test: (v) => /^[^/\s](\S*[^/\s])?$/.test(v) }),
    instanceNamespace: text(RULES.kubernetesName),
    serviceAccountName: text(RULES.kubernetesName),
};
