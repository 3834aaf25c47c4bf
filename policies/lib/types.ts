/** Resource type tokens the rules look at (`<package>:<module>/<file>:<Type>`). */
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
    cloudSql: "gcp:sql/databaseInstance:DatabaseInstance",
    gkeCluster: "gcp:container/cluster:Cluster",
    gkeNodePool: "gcp:container/nodePool:NodePool",
    memorystore: "gcp:redis/instance:Instance",
    gcsBucket: "gcp:storage/bucket:Bucket",
    azureMysqlServer: "azure-native:dbformysql:Server",
    azureMysqlConfiguration: "azure-native:dbformysql:Configuration",
    aksCluster: "azure-native:containerservice:ManagedCluster",
    aksAgentPool: "azure-native:containerservice:AgentPool",
    azureCacheRedis: "azure-native:cache:Redis",
    azureManagedRedis: "azure-native:redisenterprise:RedisEnterprise",
    azureStorageAccount: "azure-native:storage:StorageAccount",
    azureBlobService: "azure-native:storage:BlobServiceProperties",
    selfSignedCert: "tls:index/selfSignedCert:SelfSignedCert",
    certManagerIssuers: ["kubernetes:cert-manager.io/v1:Issuer", "kubernetes:cert-manager.io/v1:ClusterIssuer"],
    /** Custom resources have no `__pulumiType`: match the W&B CR by this string. */
    wandbCr: "kubernetes:apps.wandb.com/v1:WeightsAndBiases",
} as const;

/** True when `type` is `token` or one of `token`. */
export function isType(type: string, token: string | readonly string[]): boolean {
    return typeof token === "string" ? type === token : token.includes(type);
}
