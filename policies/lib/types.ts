/**
 * Resource type tokens the rules look at (`<package>:<module>/<file>:<Type>`), in one place:
 * tests/unit/policy-tokens.spec.ts checks each against the provider SDKs installed at the versions of
 * package-lock.json, and fails on a token a rule uses that is not listed here.
 */
export const T = {
    auroraCluster: "aws:rds/cluster:Cluster",
    auroraInstance: "aws:rds/clusterInstance:ClusterInstance",
    rdsClusterParameterGroup: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    rdsParameterGroup: "aws:rds/parameterGroup:ParameterGroup",
    rdsInstance: "aws:rds/instance:Instance",
    appAutoscalingTarget: "aws:appautoscaling/target:Target",
    eksCluster: "aws:eks/cluster:Cluster",
    eksNodeGroup: "aws:eks/nodeGroup:NodeGroup",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    elasticacheReplicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
    elasticacheCluster: "aws:elasticache/cluster:Cluster",
    s3Bucket: "aws:s3/bucket:Bucket",
    s3BucketV2: "aws:s3/bucketV2:BucketV2",
    s3Encryption: ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"],
    s3Cors: ["aws:s3/bucketCorsConfiguration:BucketCorsConfiguration", "aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2"],
    s3PublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    s3Versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    lbListener: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
    lbListenerRule: ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"],
    classicElb: "aws:elb/loadBalancer:LoadBalancer",
    acmCertificate: "aws:acm/certificate:Certificate",
    cloudSql: "gcp:sql/databaseInstance:DatabaseInstance",
    gkeCluster: "gcp:container/cluster:Cluster",
    gkeNodePool: "gcp:container/nodePool:NodePool",
    memorystore: "gcp:redis/instance:Instance",
    memorystoreValkey: "gcp:memorystore/instance:Instance",
    gcsBucket: "gcp:storage/bucket:Bucket",
    gcpTargetHttpProxy: ["gcp:compute/targetHttpProxy:TargetHttpProxy", "gcp:compute/regionTargetHttpProxy:RegionTargetHttpProxy"],
    gcpUrlMap: ["gcp:compute/uRLMap:URLMap", "gcp:compute/regionUrlMap:RegionUrlMap"],
    gcpForwardingRule: ["gcp:compute/globalForwardingRule:GlobalForwardingRule", "gcp:compute/forwardingRule:ForwardingRule"],
    azureMysqlServer: "azure-native:dbformysql:Server",
    azureMysqlConfiguration: "azure-native:dbformysql:Configuration",
    aksCluster: "azure-native:containerservice:ManagedCluster",
    aksAgentPool: "azure-native:containerservice:AgentPool",
    /** azure-native 3.x moved Azure Cache for Redis from the `cache` module to `redis`; 2.x users still send `cache:Redis`. */
    azureCacheRedis: ["azure-native:redis:Redis", "azure-native:cache:Redis"],
    azureManagedRedis: "azure-native:redisenterprise:RedisEnterprise",
    azureStorageAccount: "azure-native:storage:StorageAccount",
    azureBlobService: "azure-native:storage:BlobServiceProperties",
    azureAppGateway: "azure-native:network:ApplicationGateway",
    kubernetesIngress: ["kubernetes:networking.k8s.io/v1:Ingress", "kubernetes:networking.k8s.io/v1beta1:Ingress", "kubernetes:extensions/v1beta1:Ingress"],
    kubernetesService: "kubernetes:core/v1:Service",
    helmRelease: "kubernetes:helm.sh/v3:Release",
    selfSignedCert: "tls:index/selfSignedCert:SelfSignedCert",
    certManagerIssuers: ["kubernetes:cert-manager.io/v1:Issuer", "kubernetes:cert-manager.io/v1:ClusterIssuer"],
    certManagerCertificate: "kubernetes:cert-manager.io/v1:Certificate",
    /** External cert-manager issuers that sign with a private CA: AWS Private CA, Google CA Service. */
    certManagerPrivateCaIssuers: [
        "kubernetes:awspca.cert-manager.io/v1beta1:AWSPCAIssuer",
        "kubernetes:awspca.cert-manager.io/v1beta1:AWSPCAClusterIssuer",
        "kubernetes:cas-issuer.jetstack.io/v1beta1:GoogleCASIssuer",
        "kubernetes:cas-issuer.jetstack.io/v1beta1:GoogleCASClusterIssuer",
    ],
    karpenterNodePool: ["kubernetes:karpenter.sh/v1:NodePool", "kubernetes:karpenter.sh/v1beta1:NodePool"],
    gkeComputeClass: "kubernetes:cloud.google.com/v1:ComputeClass",
    /** Custom resources have no `__pulumiType`: match the W&B CR by this string. */
    wandbCr: "kubernetes:apps.wandb.com/v1:WeightsAndBiases",
} as const;

/**
 * Tokens of an older provider major that rules still match, with the major that registered them: the
 * token test checks each is an alias of a current token in the installed SDK.
 */
export const PREVIOUS_TOKENS: Readonly<Record<string, string>> = {
    "azure-native:cache:Redis": "azure-native 2.x",
};

/**
 * Kubernetes custom resources (CRDs of cert-manager, Karpenter, GKE, the W&B operator): not resources of
 * the Kubernetes SDK, so the token test only checks their shape and that the SDK has no such kind.
 */
export const CUSTOM_RESOURCE_TOKENS: readonly string[] = [
    ...T.certManagerIssuers,
    T.certManagerCertificate,
    ...T.certManagerPrivateCaIssuers,
    ...T.karpenterNodePool,
    T.gkeComputeClass,
    T.wandbCr,
];

/** True when `type` is `token` or one of `token`. */
export function isType(type: string, token: string | readonly string[]): boolean {
    return typeof token === "string" ? type === token : token.includes(type);
}
