/** An existing VPC to deploy into instead of creating one. */
export interface AwsExistingNetwork {
    /** VPC id. */
    vpcId: string;
    /** Private subnets (nodes, load balancer targets), one per AZ; at least 2 (3 in production). */
    privateSubnetIds: string[];
    /** Public subnets for the internet-facing ALB (tagged `kubernetes.io/role/elb`). */
    publicSubnetIds: string[];
    /** Subnets for Aurora and ElastiCache. Default: the private subnets. */
    databaseSubnetIds?: string[];
}

/** AWS settings of `WandbInfra` (selects AWS). */
export interface AwsInfraArgs {
    /** AWS region, e.g. `us-west-2`. Must match the provider's region. */
    region: string;
    /** Availability zones to use. Default: the region's first 2 (test) or 3 (production). */
    availabilityZones?: string[];
    /** CIDR of the VPC this component creates. Default `10.10.0.0/16`. */
    vpcCidr?: string;
    /** Bring your own VPC and subnets instead. */
    existingNetwork?: AwsExistingNetwork;
    /** Route53 hosted zone id the FQDN lives in (certificate validation and the W&B record). */
    hostedZoneId: string;
    /** The hosted zone's domain name (e.g. `example.com`): the FQDN must be inside it. */
    hostedZoneName: string;
    /** An existing ACM certificate ARN for the FQDN instead of a DNS-validated one. */
    certificateArn?: string;
    /** CIDRs allowed to reach W&B through the ALB. Default `0.0.0.0/0`. */
    allowedInboundCidrs?: string[];
    /** Make the load balancer internal (reachable from the VPC only). Default false. */
    internalLoadBalancer?: boolean;
    /** CIDRs allowed to reach the EKS API publicly; empty (default) keeps the endpoint private. */
    publicApiCidrs?: string[];
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
    /** Create an SQS queue fed by the bucket's object-created notifications. Default false. */
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
