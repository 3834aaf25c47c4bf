import { DATABASE_BACKUP, MIN_VERSIONS } from "../../requirements";
import { WandbArgumentError, requireIntegerAtLeast, requireNonEmpty } from "../../util/errors";
import { isArmAwsInstance } from "../../util/machines";
import { auroraRelease, compareVersions } from "../../util/versions";
import { InfraScope } from "../scope";
import { AwsInfraArgs } from "./args";
import { AWS_DEFAULTS } from "./versions";

/** AWS arguments after validation and defaults. */
export interface ValidatedAwsArgs {
    azCount: number;
    auroraEngineVersion: string;
    backupRetentionDays: number;
    redis: boolean;
    namespace: string;
    serviceAccountName: string;
}

/** Validates the AWS option bag against the common scope; throws `WandbArgumentError`. */
export function validateAwsArgs(scope: InfraScope, args: AwsInfraArgs): ValidatedAwsArgs {
    requireNonEmpty("aws.region", args.region);
    requireNonEmpty("aws.hostedZoneId", args.hostedZoneId);
    const zone = requireNonEmpty("aws.hostedZoneName", args.hostedZoneName).replace(/\.$/, "").toLowerCase();
    if (scope.fqdn !== zone && !scope.fqdn.endsWith(`.${zone}`)) {
        throw new WandbArgumentError("fqdn", scope.fqdn, `a name inside the hosted zone ${zone} (aws.hostedZoneName) is required`);
    }
    if (isArmAwsInstance(scope.sizes.nodeInstanceType)) {
        throw new WandbArgumentError("sizes.nodeInstanceType", scope.sizes.nodeInstanceType, "an x86-64 instance type is required (W&B does not run on Arm/Graviton), e.g. r6i.xlarge");
    }
    const auroraEngineVersion = args.auroraEngineVersion ?? AWS_DEFAULTS.auroraEngineVersion;
    const release = auroraRelease(auroraEngineVersion);
    if (!release || compareVersions(release, MIN_VERSIONS.auroraMysql) < 0) {
        throw new WandbArgumentError("aws.auroraEngineVersion", auroraEngineVersion, `an Aurora MySQL version 8.0.mysql_aurora.${MIN_VERSIONS.auroraMysql} or newer is required`);
    }
    const production = scope.environment === "production";
    const backupRetentionDays = requireIntegerAtLeast("aws.backupRetentionDays", args.backupRetentionDays ?? (production ? 14 : DATABASE_BACKUP.minRetentionDays), DATABASE_BACKUP.minRetentionDays, "daily backups kept at least a week");
    const redis = args.redis ?? true;
    if (production && !redis) {
        throw new WandbArgumentError("aws.redis", false, "production needs ElastiCache Redis 7: the in-cluster Redis is for test environments only");
    }
    const azCount = production ? 3 : 2;
    const zones = args.existingNetwork ? args.existingNetwork.privateSubnetIds : args.availabilityZones;
    if (zones && zones.length < azCount) {
        const argument = args.existingNetwork ? "aws.existingNetwork.privateSubnetIds" : "aws.availabilityZones";
        throw new WandbArgumentError(argument, zones, `at least ${azCount} (one per availability zone) in ${scope.environment}`);
    }
    return {
        azCount,
        auroraEngineVersion,
        backupRetentionDays,
        redis,
        namespace: args.instanceNamespace ?? "wandb",
        serviceAccountName: args.serviceAccountName ?? "wandb",
    };
}
