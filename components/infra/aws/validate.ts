import { MIN_VERSIONS } from "../../requirements";
import { WandbArgumentError, requireNonEmpty } from "../../util/errors";
import { isArmAwsInstance } from "../../util/machines";
import { auroraRelease, compareVersions } from "../../util/versions";
import { InfraSettings } from "../scope";
import { backupRetention, requireFqdnInZone, requireRedisInProduction } from "../validate";
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
export function validateAwsArgs(scope: InfraSettings, args: AwsInfraArgs): ValidatedAwsArgs {
    requireNonEmpty("aws.region", args.region);
    requireNonEmpty("aws.hostedZoneId", args.hostedZoneId);
    requireFqdnInZone(scope, "aws.hostedZoneName", args.hostedZoneName, "hosted zone");
    if (isArmAwsInstance(scope.sizes.nodeInstanceType)) {
        throw new WandbArgumentError("sizes.nodeInstanceType", scope.sizes.nodeInstanceType, "an x86-64 instance type is required (W&B does not run on Arm/Graviton), e.g. r6i.xlarge");
    }
    const auroraEngineVersion = args.auroraEngineVersion ?? AWS_DEFAULTS.auroraEngineVersion;
    const release = auroraRelease(auroraEngineVersion);
    if (!release || compareVersions(release, MIN_VERSIONS.auroraMysql) < 0) {
        throw new WandbArgumentError("aws.auroraEngineVersion", auroraEngineVersion, `an Aurora MySQL version 8.0.mysql_aurora.${MIN_VERSIONS.auroraMysql} or newer is required`);
    }
    const backupRetentionDays = backupRetention(scope, "aws.backupRetentionDays", args.backupRetentionDays);
    const redis = requireRedisInProduction(scope, "aws.redis", args.redis, "ElastiCache Redis 7");
    const azCount = scope.environment === "production" ? 3 : 2;
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
