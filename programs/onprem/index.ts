import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { WandbInstance, WandbInstanceArgs } from "../../components/instance";
import { WandbOperator, WandbOperatorArgs } from "../../components/operator";
import { WandbPlatform } from "../../components/platform";
import { MYSQL_DATABASE } from "../../components/requirements";
import { commonSettings, wandbConfig } from "../config";

/** `wandb:database`: the existing MySQL 8 server (password in `wandb:databasePassword`). */
interface DatabaseConfig {
    host: string;
    port?: number;
    name?: string;
    user?: string;
    caCert?: string;
}

/** `wandb:bucket`: the existing object store (keys in `wandb:bucketAccessKey` / `wandb:bucketSecretKey`). */
interface BucketConfig {
    provider?: string;
    name: string;
    endpoint?: string;
    tls?: boolean;
    region?: string;
    path?: string;
}

/** `wandb:redis`: an existing Redis 7 (password in `wandb:redisPassword`). */
interface RedisConfig {
    host: string;
    port?: number;
    tls?: boolean;
    caCert?: string;
}

/** `wandb:ingress`: the cluster's ingress controller and how TLS is provided. */
interface IngressConfig {
    class: string;
    annotations?: Record<string, string>;
    /** An existing `kubernetes.io/tls` Secret in the instance namespace. */
    tlsSecretName?: string;
    /** A cert-manager ClusterIssuer (ACME, never self-signed) that issues the certificate into `tlsSecretName`. */
    certManagerClusterIssuer?: string;
}

/**
 * W&B on an existing Kubernetes cluster with existing MySQL, object store and (optionally) Redis:
 * the bring-your-own path. Builds a `WandbPlatform` from stack config and deploys the operator and
 * the instance on it.
 */
export function onpremProgram(): Record<string, pulumi.Output<unknown>> {
    const config = wandbConfig();
    const common = commonSettings(config);
    const database = config.requireObject<DatabaseConfig>("database");
    const bucket = config.requireObject<BucketConfig>("bucket");
    const redis = config.getObject<RedisConfig>("redis");
    const ingress = config.requireObject<IngressConfig>("ingress");
    const crName = (common.instance.crName as string | undefined) ?? "wandb";

    const provider = new Provider("cluster", {
        kubeconfig: config.requireSecret("kubeconfig"),
        context: config.get("kubeContext"),
        // Rotating the license or a password updates its Secret in place. Without this the provider replaces a
        // Secret whose data changes, delete-before-replace since its name is fixed (found by tests/e2e, scenario 6).
        enableSecretMutable: true,
    });

    const bucketAccessKey = config.getSecret("bucketAccessKey");
    const bucketSecretKey = config.getSecret("bucketSecretKey");
    const redisPassword = config.getSecret("redisPassword");
    const tlsSecretName = ingress.tlsSecretName ?? (ingress.certManagerClusterIssuer ? `${crName}-tls` : undefined);

    const platform: WandbPlatform = {
        kubernetesProvider: provider,
        host: config.require("host"),
        database: {
            host: database.host,
            port: database.port ?? 3306,
            name: database.name ?? MYSQL_DATABASE.name,
            user: database.user ?? MYSQL_DATABASE.name,
            password: config.requireSecret("databasePassword"),
            caCert: database.caCert,
        },
        redis: redis
            ? { host: redis.host, port: redis.port ?? 6379, tls: redis.tls ?? false, caCert: redis.caCert, password: redisPassword }
            : undefined,
        bucket: {
            provider: bucket.provider ?? "s3",
            name: bucket.name,
            endpoint: bucket.endpoint,
            tls: bucket.tls,
            region: bucket.region,
            path: bucket.path,
            credentials: bucketAccessKey ? { accessKey: bucketAccessKey, secretKey: bucketSecretKey } : undefined,
        },
        ingress: {
            class: ingress.class,
            annotations: {
                ...(ingress.certManagerClusterIssuer ? { "cert-manager.io/cluster-issuer": ingress.certManagerClusterIssuer } : {}),
                ...ingress.annotations,
            },
            tlsSecretName,
        },
        cloudProvider: "",
    };

    const operator = new WandbOperator("wandb-operator", common.operator as WandbOperatorArgs, { providers: { kubernetes: provider } });
    const instance = new WandbInstance("wandb", {
        ...(common.instance as Partial<WandbInstanceArgs>),
        platform,
        license: common.license,
        operator,
        environment: common.environment,
        products: common.products,
    });

    return {
        url: instance.url,
        namespace: instance.namespace,
        operatorNamespace: operator.namespace,
        customResource: instance.customResource.metadata.name,
    };
}
