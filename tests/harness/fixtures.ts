/** Hand-built inputs for component tests: a platform on an existing cluster with distinctive secrets. */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { WandbPlatform, WandbWeaveBroker } from "../../components/platform";

/** Secret values that must never show up in a custom resource. */
export const FIXTURE_SECRETS = {
    license: "LICENSE-4f1c9e8b-fixture",
    mysqlPassword: "MYSQL-PW-7d2a61c0-fixture",
    redisPassword: "REDIS-PW-93be0f11-fixture",
    bucketAccessKey: "AKIAFIXTURE0000KEY",
    bucketSecretKey: "BUCKET-SECRET-5c7e2d90-fixture",
    oidcSecret: "OIDC-SECRET-1a2b3c4d-fixture",
    smtpPassword: "SMTP-PW-8e7f6a5b-fixture",
    weaveKafkaPassword: "KAFKA-PW-2f9d4c61-fixture",
} as const;

/** An existing Kafka broker with SASL for Weave's trace workers (the fixture platform's bucket is S3-compatible, where Bufstream cannot store). */
export function fixtureWeaveKafka(): WandbWeaveBroker {
    return { kafka: { host: "kafka.example.com", port: 9092, username: "wandb-weave", password: pulumi.secret(FIXTURE_SECRETS.weaveKafkaPassword) } };
}

/** Logical name of the fixture platform's Kubernetes provider. */
export const FIXTURE_PROVIDER_NAME = "fixture-cluster";

/** A platform on an existing cluster: S3-compatible bucket with keys, external Redis with TLS. */
export function fixturePlatform(overrides: Partial<WandbPlatform> = {}): WandbPlatform {
    return {
        kubernetesProvider: new Provider(FIXTURE_PROVIDER_NAME, { kubeconfig: pulumi.secret("apiVersion: v1\nkind: Config\n") }),
        host: "https://wandb.example.com",
        database: {
            host: "mysql.example.com",
            port: 3306,
            name: "wandb_local",
            user: "wandb",
            password: pulumi.secret(FIXTURE_SECRETS.mysqlPassword),
        },
        redis: { host: "redis.example.com", port: 6379, tls: true, password: pulumi.secret(FIXTURE_SECRETS.redisPassword) },
        bucket: {
            provider: "s3",
            name: "wandb-bucket",
            endpoint: "minio.example.com:9000",
            tls: true,
            credentials: { accessKey: pulumi.secret(FIXTURE_SECRETS.bucketAccessKey), secretKey: pulumi.secret(FIXTURE_SECRETS.bucketSecretKey) },
        },
        ingress: { class: "nginx", tlsSecretName: "wandb-tls" },
        ...overrides,
    };
}
