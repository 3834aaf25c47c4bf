import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { WandbInstance, WandbInstanceArgs } from "../../components/instance";
import { BUCKET_PROVIDERS } from "../../components/instance/schema";
import { validateInstanceArgs } from "../../components/instance/validate";
import { WandbOperator } from "../../components/operator";
import { validateOperatorArgs } from "../../components/operator/validate";
import { BucketProvider, WandbPlatform } from "../../components/platform";
import { MYSQL_DATABASE } from "../../components/requirements";
import { withArgumentNames } from "../../components/util/errors";
import { Schema, flag, integer, object, oneOf, record, required, secret, text } from "../../components/util/schema";
import { RULES } from "../../components/util/validate";
import { COMMON_STACK_KEYS, StackSchema, StackValues, commonSettings, readStackConfig, secretValue, stackKeyNamer } from "../config";
import { requireDistinctNamespaces } from "../namespaces";

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
    provider?: BucketProvider;
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

const port = integer(1, 65535);

const DATABASE_CONFIG: Schema<DatabaseConfig> = {
    host: required(text(RULES.hostName)),
    port,
    name: text(RULES.nonEmpty),
    user: text(RULES.nonEmpty),
    caCert: text(RULES.pemCertificate),
};
const BUCKET_CONFIG: Schema<BucketConfig> = {
    provider: oneOf(BUCKET_PROVIDERS),
    name: required(text(RULES.nonEmpty)),
    endpoint: text(RULES.hostPort),
    tls: flag,
    region: text(RULES.nonEmpty),
    path: text(RULES.nonEmpty),
};
const REDIS_CONFIG: Schema<RedisConfig> = {
    host: required(text(RULES.hostName)),
    port,
    tls: flag,
    caCert: text(RULES.pemCertificate),
};
const INGRESS_CONFIG: Schema<IngressConfig> = {
    class: required(text(RULES.kubernetesName)),
    annotations: record(text()),
    tlsSecretName: text(RULES.kubernetesName),
    certManagerClusterIssuer: text(RULES.kubernetesName),
};

const secretText = secret(text(RULES.nonEmpty));

/** The stack keys of the onprem program. */
export const ONPREM_STACK_KEYS = {
    ...COMMON_STACK_KEYS,
    host: required(text(RULES.httpsHost)),
    kubeconfig: required(secret(text(RULES.kubeconfig))),
    kubeContext: text(RULES.nonEmpty),
    database: required(object(DATABASE_CONFIG)),
    databasePassword: required(secretText),
    bucket: required(object(BUCKET_CONFIG)),
    bucketAccessKey: secretText,
    bucketSecretKey: secretText,
    redis: object(REDIS_CONFIG),
    redisPassword: secretText,
    ingress: required(object(INGRESS_CONFIG)),
} satisfies StackSchema;

/** Where each `WandbInstance` argument of the onprem program comes from in the stack file. */
const ONPREM_ARGUMENT_KEYS: Readonly<Record<string, string>> = {
    license: "wandb:license",
    environment: "wandb:environment",
    products: "wandb:products",
    "platform.host": "wandb:host",
    "platform.database.password": "wandb:databasePassword",
    "platform.database": "wandb:database",
    "platform.bucket.credentials.accessKey": "wandb:bucketAccessKey",
    "platform.bucket.credentials.secretKey": "wandb:bucketSecretKey",
    "platform.bucket.credentials": "wandb:bucketAccessKey",
    "platform.bucket": "wandb:bucket",
    "platform.redis.password": "wandb:redisPassword",
    "platform.redis": "wandb:redis",
    "platform.ingress": "wandb:ingress",
};

/**
 * W&B on an existing Kubernetes cluster with existing MySQL, object store and (optionally) Redis:
 * the bring-your-own path. Reads and validates the whole stack configuration, builds a
 * `WandbPlatform` from it and deploys the operator and the instance on it.
 */
export function onpremProgram(): Record<string, pulumi.Output<unknown>> {
    const values = readStackConfig(ONPREM_STACK_KEYS);
    const common = commonSettings(values);
    withArgumentNames(stackKeyNamer({}, "wandb:operator"), () => validateOperatorArgs("wandb-operator", common.operator));
    requireDistinctNamespaces(common.operator, common.instance);

    const instanceArgs = (kubernetesProvider: Provider): WandbInstanceArgs => ({
        ...common.instance,
        platform: onpremPlatform(values, kubernetesProvider),
        license: common.license,
        environment: common.environment,
        products: common.products,
    });
    // The platform needs a provider object; validate with a stand-in that is never registered.
    withArgumentNames(stackKeyNamer(ONPREM_ARGUMENT_KEYS, "wandb:instance"), () =>
        validateInstanceArgs(instanceArgs(Object.create(Provider.prototype) as Provider)),
    );

    const provider = new Provider("cluster", {
        kubeconfig: secretValue(values, "kubeconfig"),
        context: values.kubeContext as string | undefined,
        // Rotating the license or a password updates its Secret in place. Without this the provider replaces a
        // Secret whose data changes, delete-before-replace since its name is fixed (found by tests/e2e, scenario 6).
        enableSecretMutable: true,
    });
    const operator = new WandbOperator("wandb-operator", common.operator, { providers: { kubernetes: provider } });
    const instance = new WandbInstance("wandb", { ...instanceArgs(provider), operator });

    return {
        url: instance.url,
        namespace: instance.namespace,
        operatorNamespace: operator.namespace,
        customResource: instance.customResource.metadata.name,
    };
}

/** The `WandbPlatform` the stack file describes. */
function onpremPlatform(values: StackValues, kubernetesProvider: Provider): WandbPlatform {
    const database = values.database as DatabaseConfig;
    const bucket = values.bucket as BucketConfig;
    const redis = values.redis as RedisConfig | undefined;
    const ingress = values.ingress as IngressConfig;
    const crName = (values.instance as { crName?: string } | undefined)?.crName ?? "wandb";
    const bucketAccessKey = secretValue(values, "bucketAccessKey");
    const tlsSecretName = ingress.tlsSecretName ?? (ingress.certManagerClusterIssuer ? `${crName}-tls` : undefined);
    return {
        kubernetesProvider,
        host: values.host as string,
        database: {
            host: database.host,
            port: database.port ?? 3306,
            name: database.name ?? MYSQL_DATABASE.name,
            user: database.user ?? MYSQL_DATABASE.name,
            password: secretValue(values, "databasePassword") as pulumi.Output<string>,
            caCert: database.caCert,
        },
        redis: redis
            ? { host: redis.host, port: redis.port ?? 6379, tls: redis.tls ?? false, caCert: redis.caCert, password: secretValue(values, "redisPassword") }
            : undefined,
        bucket: {
            provider: bucket.provider ?? "s3",
            name: bucket.name,
            endpoint: bucket.endpoint,
            tls: bucket.tls,
            region: bucket.region,
            path: bucket.path,
            credentials: bucketAccessKey ? { accessKey: bucketAccessKey, secretKey: secretValue(values, "bucketSecretKey") } : undefined,
        },
        ingress: {
            class: ingress.class,
            annotations: {
                ...(ingress.certManagerClusterIssuer ? { "cert-manager.io/cluster-issuer": ingress.certManagerClusterIssuer } : {}),
                ...ingress.annotations,
            },
            tlsSecretName,
        },
    };
}
