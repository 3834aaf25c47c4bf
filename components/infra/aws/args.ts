/** An existing VPC to deploy into instead of creating one. */
export interface AwsExistingNetwork {
    /** VPC id. */
    vpcId: string;
    /** Private subnets (nodes, load balancer targets), one per AZ; at least 2 (3 in production). */
    privateSubnetIds: string[];
    /** Public subnets for the internet-facing ALB (named on the Ingress; an internal ALB uses the private subnets). */
    publicSubnetIds: string[];
    /** Subnets for Aurora and ElastiCache. Default: the private subnets. */
    databaseSubnetIds?: string[];
}

/**
 * Pinned EKS add-on versions, by add-on name (`aws eks describe-addon-versions`), e.g. `v1.19.2-eksbuild.1`. An unset
 * add-on takes EKS's default version for the cluster's Kubernetes minor, which moves with a Kubernetes upgrade.
 */
export interface AwsEksAddonVersions {
    /** The Amazon VPC CNI plugin. */
    "vpc-cni"?: string;
    /** CoreDNS. */
    coredns?: string;
    /** kube-proxy. */
    "kube-proxy"?: string;
    /** The Amazon EBS CSI driver (with its own IRSA role). */
    "aws-ebs-csi-driver"?: string;
}
/** The name of one of the EKS add-ons this component installs. */
export type EksAddonName = keyof AwsEksAddonVersions;

/** Every key of {@link AwsEksAddonVersions}, in install order (the compiler checks that none is missing or extra). */
const INSTALL_ORDER: Readonly<Record<EksAddonName, true>> = { "vpc-cni": true, coredns: true, "kube-proxy": true, "aws-ebs-csi-driver": true };
/** The EKS add-ons this component installs, in install order. */
export const EKS_ADDONS = Object.keys(INSTALL_ORDER) as readonly EksAddonName[];

/**
 * Customer-managed KMS keys, one per service. A key given here replaces the key this component would
 * create for that service (rotation is then the key owner's job: enable it on the key). Switching an
 * existing stack's database, cache or bucket key re-creates that store: set these on new stacks.
 */
export interface AwsKmsKeyArns {
    /** EKS envelope encryption of Kubernetes Secrets. */
    eksSecrets?: string;
    /** Aurora storage, snapshots and Performance Insights. */
    aurora?: string;
    /** ElastiCache at rest. */
    redis?: string;
    /** The S3 bucket this component creates (for `existingBucketName` use `existingBucketKmsKeyArn`). */
    bucket?: string;
    /**
     * The SQS notification queue (default: SQS-managed encryption). Its key policy must allow
     * `s3.amazonaws.com` `kms:GenerateDataKey` and `kms:Decrypt`, or S3 cannot send notifications.
     */
    queue?: string;
}

/** AWS settings of `WandbInfra` (selects AWS). */
export interface AwsInfraArgs {
    /** AWS region, e.g. `us-west-2`. Must match the provider's region. */
    region: string;
    /** Availability zones to use. Default: the region's first 2 (test) or 3 (production). */
    availabilityZones?: string[];
    /**
     * CIDR of the VPC this component creates. Default `10.10.0.0/16`. The prefix must be /16 to /20:
     * the VPC is cut into 16 equal subnets (prefix + 4: /20 subnets of a /16, /24 subnets of a /20),
     * of which public, private and database subnets take three each. A /20 VPC leaves 251 addresses
     * per private subnet for nodes and (VPC CNI) pods.
     */
    vpcCidr?: string;
    /**
     * Record the created VPC's traffic (VPC flow logs, all traffic) in a CloudWatch log group kept
     * this many days (a CloudWatch retention value: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
     * 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653). Unset: no flow logs. Not with
     * `existingNetwork` (its flow logs are the network owner's).
     */
    flowLogRetentionDays?: number;
    /** Bring your own VPC and subnets instead. */
    existingNetwork?: AwsExistingNetwork;
    /** Route53 hosted zone id the FQDN lives in (certificate validation and the W&B record). */
    hostedZoneId: string;
    /** The hosted zone's domain name (e.g. `example.com`): the FQDN must be inside it. */
    hostedZoneName: string;
    /** An existing ACM certificate ARN for the FQDN instead of a DNS-validated one. */
    certificateArn?: string;
    /**
     * CIDRs allowed to reach W&B through the ALB (its `inbound-cidrs`). Default `0.0.0.0/0`. IPv6
     * blocks are accepted with `existingNetwork` only, whose public subnets must then have IPv6 ranges:
     * the ALB becomes dual-stack. The VPC this component creates is IPv4-only.
     */
    allowedInboundCidrs?: string[];
    /** Make the load balancer internal (reachable from the VPC only). Default false. */
    internalLoadBalancer?: boolean;
    /**
     * CIDRs allowed to reach the EKS API server's public endpoint: where `pulumi up` runs (a laptop's
     * or CI runner's egress addresses). Required unless `privateApiEndpoint` is true; IPv4 only (EKS).
     * The Kubernetes provider talks to the API from wherever Pulumi runs, so this is what makes the
     * stack deployable from outside the VPC. Nodes always use the private endpoint.
     */
    publicAccessCidrs?: string[];
    /**
     * Turn the EKS public endpoint off: the API is reachable from the VPC (and networks peered or
     * connected to it) only, so `pulumi up` must run there, e.g. on a CI runner in the VPC.
     * Default false. Excludes `publicAccessCidrs`.
     */
    privateApiEndpoint?: boolean;
    /**
     * Cluster Autoscaler image tag (`registry.k8s.io/autoscaling/cluster-autoscaler`), which must match
     * the cluster's Kubernetes minor. Default: the tag this package pins for that minor; required for a
     * Kubernetes minor the package does not know yet.
     */
    clusterAutoscalerImageTag?: string;
    /**
     * Pinned EKS add-on versions, by add-on name (`vpc-cni`, `coredns`, `kube-proxy`,
     * `aws-ebs-csi-driver`), e.g. `v1.19.2-eksbuild.1`. Unset: EKS's default version for the
     * cluster's Kubernetes minor, which moves with a Kubernetes upgrade.
     */
    eksAddonVersions?: AwsEksAddonVersions;
    /**
     * Customer-managed KMS keys to use instead of the keys this component creates, per service.
     * Each must be a symmetric key ARN in `region`; its key policy must let the service use it.
     */
    kmsKeyArns?: AwsKmsKeyArns;
    /**
     * Prefix inside the bucket under which W&B keeps its objects (`global.bucket.path`), e.g.
     * `teams/ml`. The W&B pods' role may then read and write only under it. No leading or trailing `/`.
     */
    bucketPath?: string;
    /**
     * SNS topic ARN (in `region`) that receives the database CPU alarm (CPU above the reference
     * architecture's threshold for its window) and its recovery. Without it the alarm is created with no action.
     */
    databaseAlarmTopicArn?: string;
    /**
     * Create the Aurora cluster from this DB cluster snapshot (identifier, or ARN for a snapshot
     * shared from another account): a restore drill is a `pulumi up` of a new stack with it set. Read
     * only when the cluster is created; setting or changing it on an existing stack changes nothing.
     */
    auroraSnapshotIdentifier?: string;
    /** IAM principal ARNs (roles, users) granted cluster admin through EKS access entries. */
    clusterAdminArns?: string[];
    /** Aurora MySQL engine version, e.g. `8.0.mysql_aurora.3.10.0` (>= 3.05.2). */
    auroraEngineVersion?: string;
    /** Backup retention in days (>= 7). Default 7 in test, 14 in production. */
    backupRetentionDays?: number;
    /** Create ElastiCache Redis. Default true; false uses the in-cluster Redis (test only). */
    redis?: boolean;
    /** ElastiCache node type. Default `cache.r6g.large` (the cache is not a Kubernetes node). */
    redisNodeType?: string;
    /** Create an SQS queue fed by the bucket's object-created notifications. Default false; not with `existingBucketName`. */
    queue?: boolean;
    /** Use an existing bucket instead of creating one. */
    existingBucketName?: string;
    /** KMS key ARN of the existing bucket, if it uses one. */
    existingBucketKmsKeyArn?: string;
    /** Namespace of the W&B instance (for the IRSA trust). Default `wandb`. */
    instanceNamespace?: string;
    /** Kubernetes service account the W&B pods run as (IRSA-bound). Default `wandb`. */
    serviceAccountName?: string;
}
