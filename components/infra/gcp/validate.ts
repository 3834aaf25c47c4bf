import { MIN_VERSIONS } from "../../requirements";
import { WandbArgumentError, requireNonEmpty } from "../../util/errors";
import { isArmGceMachine } from "../../util/machines";
import { versionAtLeast } from "../../util/versions";
import { InfraSettings } from "../scope";
import { backupRetention, requireFqdnInZone, requireHaInProduction, requireRedisInProduction } from "../validate";
import { GcpInfraArgs } from "./args";
import { GCP_DEFAULTS } from "./versions";

/** GCP arguments after validation and defaults. */
export interface ValidatedGcpArgs {
    databaseVersion: string;
    retainedBackups: number;
    redis: boolean;
    highAvailability: boolean;
    namespace: string;
    serviceAccountName: string;
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
    return { databaseVersion, retainedBackups, redis, highAvailability, namespace: args.instanceNamespace ?? "wandb", serviceAccountName: args.serviceAccountName ?? "wandb" };
}

/** GCP label rules: lower-case letters, digits, '_' and '-', at most 63 characters. */
export function gcpLabels(tags: Record<string, string>): Record<string, string> {
    const clean = (text: string) => text.toLowerCase().replace(/[^a-z0-9_-]/g, "-").slice(0, 63);
    return Object.fromEntries(Object.entries(tags).map(([key, value]) => [clean(key), clean(value)]));
}
