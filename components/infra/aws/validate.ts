import { MIN_VERSIONS } from "../../requirements";
import { Ipv4Cidr, isIpv4Network, parseIpv4Cidr, requireCidrList } from "../../util/cidr";
import { WandbArgumentError, requireNonEmpty } from "../../util/errors";
import { isArmAwsInstance } from "../../util/machines";
import { requirePinnedTag } from "../../util/validate";
import { auroraRelease, compareVersions } from "../../util/versions";
import { InfraSettings } from "../scope";
import { backupRetention, requireFqdnInZone, requireRedisInProduction, workloadIdentitySubject } from "../validate";
import { AwsEksAddonVersions, AwsInfraArgs, AwsKmsKeyArns, EKS_ADDONS } from "./args";
import { AWS_DEFAULTS, CLUSTER_AUTOSCALER_IMAGE_TAGS } from "./versions";

/** VPC prefix lengths `vpcCidr` may have: AWS allows /16 at most, and /20 leaves /24 subnets. */
export const VPC_PREFIX_RANGE = { shortest: 16, longest: 20 } as const;
/** The VPC is cut into 2^4 equal subnets: public 0-2, private 4-6, database 8-10, the rest spare. */
export const VPC_SUBNET_BITS = 4;

/** AWS arguments after validation and defaults. */
export interface ValidatedAwsArgs {
    azCount: number;
    auroraEngineVersion: string;
    backupRetentionDays: number;
    redis: boolean;
    namespace: string;
    serviceAccountName: string;
    /** The VPC block this component creates (default 10.10.0.0/16). */
    vpcCidr: Ipv4Cidr;
    /** CIDRs of the EKS public endpoint; undefined when the endpoint is private-only. */
    publicAccessCidrs?: string[];
    /** The ALB's allow-list. */
    allowedInboundCidrs: string[];
    /** Whether the allow-list has IPv6 blocks (the ALB must then be dual-stack). */
    dualStackLoadBalancer: boolean;
    /** Cluster Autoscaler image tag, when the node group autoscales (max above min). */
    clusterAutoscalerImageTag?: string;
    /** Retention of the VPC flow logs, when on. */
    flowLogRetentionDays?: number;
    /** Pinned EKS add-on versions (absent: EKS's default for the minor). */
    eksAddonVersions: AwsEksAddonVersions;
    /** Customer-managed keys, validated. */
    kmsKeyArns: AwsKmsKeyArns;
    /** Prefix inside the bucket, when given. */
    bucketPath?: string;
    /** SNS topic of the database CPU alarm, when given. */
    databaseAlarmTopicArn?: string;
    /** Snapshot the Aurora cluster is created from, when given. */
    auroraSnapshotIdentifier?: string;
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
    if (args.existingBucketName !== undefined && args.queue) {
        throw new WandbArgumentError("aws.queue", true, "a queue is created for a bucket this component creates only; with aws.existingBucketName, configure the bucket's notifications yourself");
    }
    const allowedInboundCidrs = args.allowedInboundCidrs === undefined ? ["0.0.0.0/0"] : requireCidrList("aws.allowedInboundCidrs", args.allowedInboundCidrs, ["ipv4", "ipv6"], 1);
    const dualStackLoadBalancer = allowedInboundCidrs.some((cidr) => cidr.includes(":"));
    if (dualStackLoadBalancer && !args.existingNetwork) {
        throw new WandbArgumentError("aws.allowedInboundCidrs", allowedInboundCidrs, "IPv6 blocks need a dual-stack VPC: give aws.existingNetwork with IPv6 public subnets (the VPC this component creates is IPv4-only)");
    }
    if (dualStackLoadBalancer && args.internalLoadBalancer) {
        // Elastic Load Balancing, SetIpAddressType: "Internal load balancers must use the ipv4 IP address type."
        throw new WandbArgumentError("aws.allowedInboundCidrs", allowedInboundCidrs, "IPv4 blocks only with aws.internalLoadBalancer: an internal ALB cannot be dual-stack");
    }
    return {
        azCount,
        auroraEngineVersion,
        backupRetentionDays,
        redis,
        ...workloadIdentitySubject(args),
        vpcCidr: vpcCidr(args),
        flowLogRetentionDays: args.flowLogRetentionDays === undefined ? undefined : flowLogRetentionDays(args),
        allowedInboundCidrs,
        dualStackLoadBalancer,
        clusterAutoscalerImageTag: scope.sizes.nodeMaxCount > scope.sizes.nodeMinCount ? clusterAutoscalerImageTag(scope, args.clusterAutoscalerImageTag) : undefined,
        eksAddonVersions: eksAddonVersions(args.eksAddonVersions ?? {}),
        kmsKeyArns: kmsKeyArns(args),
        bucketPath: args.bucketPath === undefined ? undefined : bucketPath(args.bucketPath),
        databaseAlarmTopicArn: args.databaseAlarmTopicArn === undefined ? undefined : regionalArn("aws.databaseAlarmTopicArn", args.databaseAlarmTopicArn, args.region, /^arn:aws(-[a-z]+)*:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]{1,256}$/, "an SNS standard topic ARN such as arn:aws:sns:<region>:123456789012:wandb-alerts"),
        auroraSnapshotIdentifier: args.auroraSnapshotIdentifier === undefined ? undefined : snapshotIdentifier(args.auroraSnapshotIdentifier, args.region),
        // Last, so the checks above report first on configurations that predate the endpoint choice.
        publicAccessCidrs: publicAccessCidrs(args),
    };
}

function vpcCidr(args: AwsInfraArgs): Ipv4Cidr {
    if (args.vpcCidr !== undefined && args.existingNetwork) {
        throw new WandbArgumentError("aws.vpcCidr", args.vpcCidr, "not used with aws.existingNetwork (the VPC exists): remove one of them");
    }
    const value = args.vpcCidr ?? "10.10.0.0/16";
    const cidr = parseIpv4Cidr(value);
    if (!cidr || !isIpv4Network(cidr) || cidr.prefix < VPC_PREFIX_RANGE.shortest || cidr.prefix > VPC_PREFIX_RANGE.longest) {
        throw new WandbArgumentError(
            "aws.vpcCidr",
            value,
            `an IPv4 block from /${VPC_PREFIX_RANGE.shortest} to /${VPC_PREFIX_RANGE.longest} with its host bits zero is required, e.g. 10.10.0.0/16 (the VPC is cut into 16 equal subnets)`,
        );
    }
    return cidr;
}

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), except 0 (forever). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

function flowLogRetentionDays(args: AwsInfraArgs): number {
    if (args.existingNetwork) {
        throw new WandbArgumentError("aws.flowLogRetentionDays", args.flowLogRetentionDays, "flow logs are set for a VPC this component creates; an existing VPC's flow logs are its owner's");
    }
    if (!LOG_RETENTION_DAYS.includes(args.flowLogRetentionDays as number)) {
        throw new WandbArgumentError("aws.flowLogRetentionDays", args.flowLogRetentionDays, `one of CloudWatch's retention periods is required: ${LOG_RETENTION_DAYS.join(", ")}`);
    }
    return args.flowLogRetentionDays as number;
}

function publicAccessCidrs(args: AwsInfraArgs): string[] | undefined {
    if (args.privateApiEndpoint) {
        if (args.publicAccessCidrs !== undefined) {
            throw new WandbArgumentError("aws.publicAccessCidrs", args.publicAccessCidrs, "not used with aws.privateApiEndpoint: true (the public endpoint is off): remove one of them");
        }
        return undefined;
    }
    if (args.publicAccessCidrs === undefined) {
        throw new WandbArgumentError(
            "aws.publicAccessCidrs",
            undefined,
            "the IPv4 CIDRs where `pulumi up` runs are required (the Kubernetes provider calls the EKS API from there), e.g. [\"203.0.113.0/24\"]; or set aws.privateApiEndpoint: true and run Pulumi inside the VPC",
        );
    }
    return requireCidrList("aws.publicAccessCidrs", args.publicAccessCidrs, ["ipv4"], 1);
}

function clusterAutoscalerImageTag(scope: InfraSettings, tag: string | undefined): string {
    if (tag !== undefined) {
        return requirePinnedTag("aws.clusterAutoscalerImageTag", tag);
    }
    const minor = (scope.kubernetesVersion ?? AWS_DEFAULTS.kubernetesVersion).split(".").slice(0, 2).join(".");
    const pinned = CLUSTER_AUTOSCALER_IMAGE_TAGS[minor];
    if (!pinned) {
        throw new WandbArgumentError("aws.clusterAutoscalerImageTag", tag, `a Cluster Autoscaler tag matching Kubernetes ${minor} (e.g. v${minor}.0) is required: this package pins one for ${Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).join(", ")} only`);
    }
    return pinned;
}

function eksAddonVersions(versions: AwsEksAddonVersions): AwsEksAddonVersions {
    for (const [name, version] of Object.entries(versions)) {
        if (!(EKS_ADDONS as readonly string[]).includes(name)) {
            throw new WandbArgumentError(`aws.eksAddonVersions.${name}`, version, `allowed add-ons: ${EKS_ADDONS.join(", ")}`);
        }
        // EKS add-on versions read `v<major>.<minor>.<patch>-eksbuild.<n>` (aws eks describe-addon-versions).
        if (typeof version !== "string" || !/^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(version)) {
            throw new WandbArgumentError(`aws.eksAddonVersions.${name}`, version, "an EKS add-on version such as v1.19.2-eksbuild.1 is required");
        }
    }
    return versions;
}

const KMS_KEY_ARN = /^arn:aws(-[a-z]+)*:kms:([a-z0-9-]+):\d{12}:key\/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

function kmsKeyArns(args: AwsInfraArgs): AwsKmsKeyArns {
    const keys = args.kmsKeyArns ?? {};
    const services: (keyof AwsKmsKeyArns)[] = ["eksSecrets", "aurora", "redis", "bucket", "queue"];
    for (const name of Object.keys(keys)) {
        if (!(services as string[]).includes(name)) {
            throw new WandbArgumentError(`aws.kmsKeyArns.${name}`, keys[name as keyof AwsKmsKeyArns], `allowed keys: ${services.join(", ")}`);
        }
    }
    for (const service of services) {
        const arn = keys[service];
        if (arn !== undefined) {
            regionalArn(`aws.kmsKeyArns.${service}`, arn, args.region, KMS_KEY_ARN, "a KMS key ARN such as arn:aws:kms:<region>:123456789012:key/<key id> (not an alias)");
        }
    }
    if (keys.bucket !== undefined && args.existingBucketName !== undefined) {
        throw new WandbArgumentError("aws.kmsKeyArns.bucket", keys.bucket, "applies to a bucket this component creates; the key of aws.existingBucketName goes in aws.existingBucketKmsKeyArn");
    }
    if (keys.queue !== undefined && !args.queue) {
        throw new WandbArgumentError("aws.kmsKeyArns.queue", keys.queue, "needs aws.queue: true (there is no queue to encrypt)");
    }
    if (args.existingBucketKmsKeyArn !== undefined) {
        regionalArn("aws.existingBucketKmsKeyArn", args.existingBucketKmsKeyArn, args.region, KMS_KEY_ARN, "a KMS key ARN such as arn:aws:kms:<region>:123456789012:key/<key id>");
    }
    return { ...keys };
}

/** An ARN of `pattern` whose region (2nd capture group) is `region`: KMS keys, alarm topics and snapshots are regional. */
function regionalArn(argument: string, value: unknown, region: string, pattern: RegExp, what: string): string {
    const match = typeof value === "string" ? pattern.exec(value) : null;
    if (!match) {
        throw new WandbArgumentError(argument, value, `${what} is required`);
    }
    if (match[2] !== region) {
        throw new WandbArgumentError(argument, value, `a resource in aws.region ${region} is required (got region ${match[2]})`);
    }
    return value as string;
}

function bucketPath(path: string): string {
    const segments = path.split("/");
    const valid = path.length > 0 && path.length <= 512 && segments.every((s) => /^[A-Za-z0-9!_.*'()-]+$/.test(s) && s !== "." && s !== "..");
    if (!valid) {
        throw new WandbArgumentError("aws.bucketPath", path, "a key prefix such as teams/ml is required: segments of letters, digits and !_.*'()- separated by '/', no leading, trailing or double '/', at most 512 characters");
    }
    return path;
}

function snapshotIdentifier(value: string, region: string): string {
    if (value.startsWith("arn:")) {
        return regionalArn("aws.auroraSnapshotIdentifier", value, region, /^arn:aws(-[a-z]+)*:rds:([a-z0-9-]+):\d{12}:cluster-snapshot:(rds:)?[a-zA-Z][a-zA-Z0-9-]{0,254}$/, "a DB cluster snapshot ARN such as arn:aws:rds:<region>:123456789012:cluster-snapshot:<name>");
    }
    // DB cluster snapshot identifiers: a letter, then letters, digits and single hyphens; automated ones start with `rds:`.
    if (!/^(rds:)?[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,254}$/.test(value) || value.endsWith("-")) {
        throw new WandbArgumentError("aws.auroraSnapshotIdentifier", value, "a DB cluster snapshot identifier (a letter, then letters, digits and single hyphens; `rds:` for automated snapshots) or a cluster snapshot ARN is required");
    }
    return value;
}
