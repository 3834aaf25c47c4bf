"""W&B Server on an existing Kubernetes cluster from a Pulumi Python program, with the Python SDK of the wandb
component package (`pulumi package add <repository directory or git URL>` generates it as `wandb_pulumi_wandb`).
The e2e suite byte-compiles this file with the generated SDK (tests/e2e/languages.spec.ts); it does not run it."""
import pulumi
import pulumi_kubernetes as kubernetes
import wandb_pulumi_wandb as wandb

config = pulumi.Config()
cluster = kubernetes.Provider("cluster", kubeconfig=config.require_secret("kubeconfig"), enable_secret_mutable=True)
operator = wandb.WandbOperator("wandb-operator", opts=pulumi.ResourceOptions(providers=[cluster]))
instance = wandb.WandbInstance(
    "wandb",
    environment=wandb.Environment.PRODUCTION,
    license=config.require_secret("license"),
    platform=wandb.WandbPlatformArgs(
        kubernetes_provider=cluster,
        host="https://wandb.example.com",
        database=wandb.WandbDatabaseArgs(
            host="mysql.internal", port=3306, name="wandb_local", user="wandb", password=config.require_secret("dbPassword")),
        redis=wandb.WandbRedisArgs(host="redis.internal", port=6379, tls=True, password=config.require_secret("redisPassword")),
        bucket=wandb.WandbBucketArgs(
            provider=wandb.BucketProvider.S3, name="wandb", endpoint="minio.internal:9000", tls=True,
            credentials=wandb.WandbBucketCredentialsArgs(
                access_key=config.require_secret("s3Key"), secret_key=config.require_secret("s3Secret"))),
        ingress=wandb.WandbIngressArgs(class_="nginx", tls_secret_name="wandb-tls"),
    ),
    # The custom resource goes in after the operator and out before it.
    opts=pulumi.ResourceOptions(depends_on=[operator]),
)
pulumi.export("url", instance.url)
