// The README's component example, type-checked by `npm test` (tsc covers examples/).
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { WandbInstance, WandbOperator } from "../components";

const config = new pulumi.Config();
const provider = new Provider("cluster", { kubeconfig: config.requireSecret("kubeconfig") });
const operator = new WandbOperator("wandb-operator", {}, { providers: { kubernetes: provider } });
new WandbInstance("wandb", {
    operator,
    environment: "production",
    products: "models-and-weave",
    license: config.requireSecret("license"),
    platform: {
        kubernetesProvider: provider,
        host: "https://wandb.example.com",
        database: { host: "mysql.internal", port: 3306, name: "wandb_local", user: "wandb", password: config.requireSecret("dbPassword") },
        redis: { host: "redis.internal", port: 6379, tls: true, password: config.requireSecret("redisPassword") },
        bucket: { provider: "s3", name: "wandb", endpoint: "minio.internal:9000", tls: true,
                  credentials: { accessKey: config.requireSecret("s3Key"), secretKey: config.requireSecret("s3Secret") } },
        ingress: { class: "nginx", tlsSecretName: "wandb-tls" },
        // Weave's trace workers need a Kafka broker (SASL PLAIN; its client has no TLS): docs/weave.md.
        weaveBroker: { kafka: { host: "kafka.internal", port: 9092, username: "wandb", password: config.requireSecret("kafkaPassword") } },
    },
});
