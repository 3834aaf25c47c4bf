import { MIN_VERSIONS } from "../../requirements";
import { requireCidrList } from "../../util/cidr";
import { WandbArgumentError, requireIntegerAtLeast, requireNonEmpty } from "../../util/errors";
import { isArmGceMachine } from "../../util/machines";
import { versionAtLeast } from "../../util/versions";
import { InfraSettings } from "../scope";
import { backupRetention, requireFqdnInZone, requireHaInProduction, requireRedisInProduction, workloadIdentitySubject } from "../validate";
import { GcpDatabaseRestore, GcpInfraArgs, GcpServiceEncryption } from "./args";
import { GCP_DEFAULTS } from "./versions";

/** A service's key after validation: absent = Google-managed encryption, `{}` = a key we create, else your key. */
export interface GcpKeyChoice {
    /** Your key; absent: this component creates one. */
    kmsKeyId?: string;
}

/** GCP arguments after validation and defaults. */
export interface ValidatedGcpArgs {
    databaseVersion: string;
    retainedBackups: number;
    redis: boolean;
    highAvailability: boolean;
    namespace: string;
    serviceAccountName: string;
    /** IPv4 CIDRs of the control plane's authorized networks. */
    masterAuthorizedCidrs: string[];
    /** Control plane reachable from the VPC only. */
    privateEndpoint: boolean;
    /** Cloud Armor allow-list; absent: no policy. */
    allowedInboundCidrs?: string[];
    /** Internal Application Load Balancer with this regional certificate; absent: the external one. */
    internalLoadBalancer?: { certificateName: string; proxyOnlySubnetCidr: string };
    /** Keys per service. */
    keys: { bucket?: GcpKeyChoice; database?: GcpKeyChoice; cache?: GcpKeyChoice; queue?: GcpKeyChoice };
    /** Database restore source. */
    restore?: GcpDatabaseRestore;
    /** Notification channels of the database CPU alert. */
    alertNotificationChannels: string[];
    /** Bring-your-own bucket name. */
    existingBucketName?: string;
    /** Prefix inside the bucket. */
    bucketPath?: string;
}

/** Validates the GCP option bag against the common scope; throws `WandbArgumentError`. */
export function validateGcpArgs(scope: InfraSettings, args: GcpInfraArgs): ValidatedGcpArgs {
    requireNonEmpty("gcp.project", args.project);
    requireNonEmpty("gcp.region", args.region);
    requireNonEmpty("gcp.managedZone", args.managedZone);
    requireFqdnInZone(scope, "gcp.managedZoneDnsName", args.managedZoneDnsName, "managed zone's DNS name");
    if (isArmGceMachine(scope.sizes.nodeInstanceType)) {
        throw new WandbArgumentError("sizes.nodeInstanceType", scope.sizes.nodeInstanceType, "an x86-64 machine type is required (W&B does not run on Arm: t2a, c4a, n4a), e.g. n2-highmem-4");
    }
    const databaseVersion = args.databaseVersion ?? GCP_DEFAULTS.databaseVersion;
    const minor = /^MYSQL_8_0_(\d+)$/.exec(databaseVersion);
    if (!minor || !versionAtLeast(`8.0.${minor[1]}`, MIN_VERSIONS.mysql)) {
        throw new WandbArgumentError("gcp.databaseVersion", databaseVersion, `an explicit Cloud SQL MySQL 8.0 minor at or above ${MIN_VERSIONS.mysql} is required, e.g. MYSQL_8_0_41`);
    }
    const retainedBackups = backupRetention(scope, "gcp.retainedBackups", args.retainedBackups);
    const redis = requireRedisInProduction(scope, "gcp.redis", args.redis, "Memorystore Redis 7");
    const highAvailability = requireHaInProduction(scope, "gcp.highAvailability", args.highAvailability, "a standby in another zone (Cloud SQL REGIONAL, Memorystore STANDARD_HA)");
    if (args.existingNetwork !== undefined) {
        requireBoolean("gcp.existingNetwork.privateServicesAccess", args.existingNetwork.privateServicesAccess, true);
    }
    const privateEndpoint = requireBoolean("gcp.privateEndpoint", args.privateEndpoint) ?? false;
    const masterAuthorizedCidrs = requireMasterAuthorizedCidrs(args.masterAuthorizedCidrs, privateEndpoint);
    const internalLoadBalancer = validateInternalLoadBalancer(args);
    const allowedInboundCidrs = args.allowedInboundCidrs === undefined ? undefined : requireCidrList("gcp.allowedInboundCidrs", args.allowedInboundCidrs, ["ipv4", "ipv6"], 1);
    if (allowedInboundCidrs && internalLoadBalancer) {
        throw new WandbArgumentError(
            "gcp.allowedInboundCidrs",
            allowedInboundCidrs,
            "not with gcp.internalLoadBalancer: this package attaches Cloud Armor to the external load balancer only; an internal one is reachable from the VPC and connected networks only (restrict those with VPC firewall rules)",
        );
    }
    const existingBucketName = args.existingBucketName === undefined ? undefined : requireMatch("gcp.existingBucketName", args.existingBucketName, GCS_BUCKET_NAME, "a GCS bucket name: 3-63 lower-case letters, digits, '-', '_' or '.'");
    const bucketPath = args.bucketPath === undefined ? undefined : requireBucketPath("gcp.bucketPath", args.bucketPath);
    const alertNotificationChannels = (args.alertNotificationChannels ?? []).map((channel, index) =>
        requireMatch(`gcp.alertNotificationChannels[${index}]`, channel, /^projects\/[^/\s]+\/notificationChannels\/[^/\s]+$/, "a notification channel id projects/<project>/notificationChannels/<id>"),
    );
    return {
        databaseVersion,
        retainedBackups,
        redis,
        highAvailability,
        ...workloadIdentitySubject(args),
        masterAuthorizedCidrs,
        privateEndpoint,
        allowedInboundCidrs,
        internalLoadBalancer,
        keys: validateKeys(args, existingBucketName !== undefined),
        restore: args.restore === undefined ? undefined : validateRestore(args.restore),
        alertNotificationChannels,
        existingBucketName,
        bucketPath,
    };
}

/** GKE allows at most 50 authorized networks on a cluster (GKE "Add authorized networks" limits). */
const MAX_AUTHORIZED_NETWORKS = 50;
const GCS_BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
const GCE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const KMS_KEY_ID = /^projects\/[^/\s]+\/locations\/([^/\s]+)\/keyRings\/[^/\s]+\/cryptoKeys\/[^/\s]+$/;

function requireBoolean(argument: string, value: unknown, required = false): boolean | undefined {
    if ((value === undefined && !required) || typeof value === "boolean") {
        return value as boolean | undefined;
    }
    throw new WandbArgumentError(argument, value, "true or false is required");
}

function requireMatch(argument: string, value: unknown, pattern: RegExp, allowed: string): string {
    if (typeof value !== "string" || !pattern.test(value)) {
        throw new WandbArgumentError(argument, value, `${allowed} is required`);
    }
    return value;
}

function requireMasterAuthorizedCidrs(cidrs: string[] | undefined, privateEndpoint: boolean): string[] {
    if (cidrs === undefined && !privateEndpoint) {
        throw new WandbArgumentError(
            "gcp.masterAuthorizedCidrs",
            cidrs,
            "the IPv4 CIDRs that may reach the GKE control plane's public endpoint are required (where pulumi up runs: your CI runner's egress, your office), or set gcp.privateEndpoint: true and run pulumi up from inside the VPC",
        );
    }
    const list = requireCidrList("gcp.masterAuthorizedCidrs", cidrs ?? [], ["ipv4"], privateEndpoint ? 0 : 1);
    if (list.length > MAX_AUTHORIZED_NETWORKS) {
        throw new WandbArgumentError("gcp.masterAuthorizedCidrs", list.length, `at most ${MAX_AUTHORIZED_NETWORKS} CIDRs (GKE's limit on authorized networks)`);
    }
    return list;
}

function validateInternalLoadBalancer(args: GcpInfraArgs): ValidatedGcpArgs["internalLoadBalancer"] {
    const internal = requireBoolean("gcp.internalLoadBalancer", args.internalLoadBalancer) ?? false;
    if (!internal) {
        for (const [argument, value] of [["gcp.internalCertificateName", args.internalCertificateName], ["gcp.proxyOnlySubnetCidr", args.proxyOnlySubnetCidr]] as const) {
            if (value !== undefined) {
                throw new WandbArgumentError(argument, value, "only used with gcp.internalLoadBalancer: true; remove it or set that");
            }
        }
        return undefined;
    }
    const certificateName = requireMatch("gcp.internalCertificateName", args.internalCertificateName, GCE_NAME, "with gcp.internalLoadBalancer, the name of a regional SSL certificate for the FQDN (Google-managed certificates serve external load balancers only)");
    if (args.existingNetwork !== undefined && args.proxyOnlySubnetCidr === undefined) {
        throw new WandbArgumentError("gcp.proxyOnlySubnetCidr", undefined, "with gcp.existingNetwork and gcp.internalLoadBalancer, the CIDR of the network's proxy-only subnetwork in the region is required (the firewall rule lets the load balancer's proxies reach the pods)");
    }
    const [proxyOnlySubnetCidr] = requireCidrList("gcp.proxyOnlySubnetCidr", [args.proxyOnlySubnetCidr ?? "10.129.0.0/23"], ["ipv4"]);
    return { certificateName, proxyOnlySubnetCidr };
}

function validateKey(argument: string, choice: GcpServiceEncryption | undefined, defaultOn: boolean, region?: string): GcpKeyChoice | undefined {
    if (choice === undefined) {
        return defaultOn ? {} : undefined;
    }
    const enabled = requireBoolean(`${argument}.enabled`, choice.enabled);
    if (choice.kmsKeyId === undefined) {
        return (enabled ?? defaultOn) ? {} : undefined;
    }
    if (enabled === false) {
        throw new WandbArgumentError(`${argument}.enabled`, false, `remove it or ${argument}.kmsKeyId: a key is only used with enabled: true`);
    }
    const kmsKeyId = requireMatch(`${argument}.kmsKeyId`, choice.kmsKeyId, KMS_KEY_ID, "a Cloud KMS key id projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>");
    const location = KMS_KEY_ID.exec(kmsKeyId)![1];
    if (region !== undefined && location !== region) {
        throw new WandbArgumentError(`${argument}.kmsKeyId`, kmsKeyId, `a key in the deployment's region ${region} (the service encrypts only with keys in its own location)`);
    }
    return { kmsKeyId };
}

function validateKeys(args: GcpInfraArgs, existingBucket: boolean): ValidatedGcpArgs["keys"] {
    const encryption = args.encryption ?? {};
    if (encryption.bucket?.enabled === false) {
        throw new WandbArgumentError("gcp.encryption.bucket.enabled", false, "the bucket is always encrypted with a customer-managed key; give encryption.bucket.kmsKeyId to use your own");
    }
    if (!args.queue && encryption.queue !== undefined) {
        throw new WandbArgumentError("gcp.encryption.queue", encryption.queue, "only used with gcp.queue: true; remove it or set that");
    }
    return {
        // An existing bucket's encryption is its owner's: a key is used (granted) only when given.
        bucket: validateKey("gcp.encryption.bucket", encryption.bucket, !existingBucket, existingBucket ? undefined : args.region),
        database: validateKey("gcp.encryption.database", encryption.database, false, args.region),
        cache: validateKey("gcp.encryption.cache", encryption.cache, false, args.region),
        queue: args.queue ? validateKey("gcp.encryption.queue", encryption.queue, true) : undefined,
    };
}

function validateRestore(restore: GcpDatabaseRestore): GcpDatabaseRestore {
    requireMatch("gcp.restore.sourceInstance", restore.sourceInstance, /^[a-z]([-a-z0-9]{0,96}[a-z0-9])?$/, "the name of the source Cloud SQL instance");
    if (restore.sourceProject !== undefined) {
        requireNonEmpty("gcp.restore.sourceProject", restore.sourceProject);
    }
    if (restore.backupRunId !== undefined && restore.pointInTime !== undefined) {
        throw new WandbArgumentError("gcp.restore", restore, "either backupRunId (restore a backup) or pointInTime (clone at an instant), not both");
    }
    if (restore.backupRunId !== undefined) {
        requireIntegerAtLeast("gcp.restore.backupRunId", restore.backupRunId, 1, "a backup run id from gcloud sql backups list");
    }
    if (restore.pointInTime !== undefined) {
        requireMatch("gcp.restore.pointInTime", restore.pointInTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/, "an RFC 3339 UTC timestamp such as 2026-12-01T08:00:00Z");
    }
    return restore;
}

/** A prefix inside a bucket: path segments of letters, digits, '.', '_' and '-', no leading or trailing '/'. */
function requireBucketPath(argument: string, path: string): string {
    const segments = typeof path === "string" ? path.split("/") : [];
    if (typeof path !== "string" || path.length > 512 || !segments.every((segment) => /^[A-Za-z0-9._-]+$/.test(segment) && segment !== "." && segment !== "..")) {
        throw new WandbArgumentError(argument, path, "a prefix such as wandb/prod is required: segments of letters, digits, '.', '_' or '-' separated by '/', no leading or trailing '/', at most 512 characters");
    }
    return path;
}

/** GCP label rules: lower-case letters, digits, '_' and '-', at most 63 characters. */
export function gcpLabels(tags: Record<string, string>): Record<string, string> {
    const clean = (text: string) => text.toLowerCase().replace(/[^a-z0-9_-]/g, "-").slice(0, 63);
    return Object.fromEntries(Object.entries(tags).map(([key, value]) => [clean(key), clean(value)]));
}
