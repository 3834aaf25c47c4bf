import { Region } from "@pulumi/aws/types/enums";
import { Schema, flag, integer, list, object, record, required, text } from "../../util/schema";
import { RULES } from "../../util/validate";
import { AwsExistingNetwork, AwsInfraArgs } from "./args";

const REGIONS: readonly string[] = Object.values(Region);

/** An AWS region the provider SDK knows (`@pulumi/aws` `Region`). */
export const AWS_REGION_RULE = {
    allowed: "an AWS region name the provider knows",
    example: "us-west-2",
    test: (v: string) => REGIONS.includes(v),
};

const id = (prefix: string, example: string) => text({ allowed: `an id starting with ${prefix}`, example, test: (v) => v.startsWith(prefix) });
const arn = text({ allowed: "an ARN (arn:aws:...)", example: "arn:aws:iam::123456789012:role/platform-admins", test: (v) => /^arn:aws[a-z-]*:[a-z0-9-]+:/.test(v) });

const EXISTING_NETWORK_SCHEMA: Schema<AwsExistingNetwork> = {
    vpcId: required(id("vpc-", "vpc-0123456789abcdef0")),
    privateSubnetIds: required(list(id("subnet-", "subnet-0123456789abcdef0"), 2)),
    publicSubnetIds: required(list(id("subnet-", "subnet-0123456789abcdef0"))),
    databaseSubnetIds: list(id("subnet-", "subnet-0123456789abcdef0"), 2),
};

/**
 * {@link AwsInfraArgs}: `wandb:infra.aws`. CIDRs, key ARNs, the bucket path, the alarm topic and add-on
 * versions are checked in full by `validateAwsArgs` (their rules depend on other arguments); here only their kind.
 */
export const AWS_SCHEMA: Schema<AwsInfraArgs> = {
    region: required(text(AWS_REGION_RULE)),
    availabilityZones: list(text({ allowed: "an availability zone name", example: "us-west-2a", test: (v) => /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(v) })),
    vpcCidr: text(),
    flowLogRetentionDays: integer(1, 3653),
    existingNetwork: object(EXISTING_NETWORK_SCHEMA),
    hostedZoneId: required(text({ allowed: "a Route53 hosted zone id (upper-case letters and digits)", example: "Z0123456789ABCDEFGHIJ", test: (v) => /^Z[A-Z0-9]{4,31}$/.test(v) })),
    hostedZoneName: required(text(RULES.fqdn)),
    certificateArn: arn,
    allowedInboundCidrs: list(text()),
    internalLoadBalancer: flag,
    publicAccessCidrs: list(text()),
    privateApiEndpoint: flag,
    clusterAutoscalerImageTag: text(RULES.pinnedVersion),
    eksAddonVersions: record(text()),
    kmsKeyArns: record(text()),
    bucketPath: text(),
    databaseAlarmTopicArn: text(),
    auroraSnapshotIdentifier: text(RULES.nonEmpty),
    clusterAdminArns: list(arn),
    auroraEngineVersion: text({ allowed: "an Aurora MySQL 3 engine version", example: "8.0.mysql_aurora.3.10.0", test: (v) => /^8\.0\.mysql_aurora\.\d+\.\d+\.\d+$/.test(v) }),
    backupRetentionDays: integer(1, 35),
    redis: flag,
    redisNodeType: text({ allowed: "an ElastiCache node type", example: "cache.r7g.large", test: (v) => /^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(v) }),
    queue: flag,
    existingBucketName: text(RULES.nonEmpty),
    existingBucketKmsKeyArn: text(),
    instanceNamespace: text(RULES.kubernetesName),
    serviceAccountName: text(RULES.kubernetesName),
};
