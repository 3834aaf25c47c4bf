import * as pulumi from "@pulumi/pulumi";
import { Cloud, Environment, INGRESS_ROUTES, NGINX_PROXY_BODY_SIZE, ProductMix, includesWeave } from "../requirements";
import { WandbBucket, WandbBufstreamBroker, WandbDatabase, WandbIngress, WandbKafkaBroker, WandbRedis, WandbWorkloadIdentity } from "../platform";
import { WANDB_SUBSYSTEM_IMAGES, WandbImageVersions } from "../release";
import { deepMerge } from "../util/merge";
import { hostName } from "../util/validate";
import type { ChartSize, OidcAuthMethod } from "./args";
import { SECRET_KEYS, WandbSecretNames } from "./secrets";

/** `spec.chart` of the custom resource: where the operator gets the `operator-wandb` chart. */
export type WandbChartRef =
    | { url: string; name: string; version: string; credentialSecret?: { name: string; usernameKey: string; passwordKey: string } }
    | { path: string };

/** The `spec` of an `apps.wandb.com/v1` `WeightsAndBiases` resource. */
export interface WandbCrSpec {
    /** The pinned `operator-wandb` chart. */
    chart: WandbChartRef;
    /** The chart values: references to Secrets, never secret values. */
    values: Record<string, unknown>;
}

/** OIDC single sign-on, without its secret (which goes to a Secret). */
export interface WandbOidcSettings {
    /** OIDC client id. */
    clientId: pulumi.Input<string>;
    /** Issuer URL. */
    issuer: pulumi.Input<string>;
    /** `implicit` or `pkce`. */
    authMethod: OidcAuthMethod;
}

/** SMTP settings, without the password (which goes to a Secret). */
export interface WandbSmtpSettings {
    /** SMTP host. */
    host: pulumi.Input<string>;
    /** SMTP port. */
    port: pulumi.Input<number>;
    /** SMTP user. */
    user: pulumi.Input<string>;
    /** Sender address. */
    mailFrom?: pulumi.Input<string>;
}

/** A Kubernetes service account for one W&B subsystem (`app`, `parquet`, `console`, ...). */
export interface WandbServiceAccount {
    /** Service account name. */
    name: string;
    /** Create it (true) or use an existing one (false). */
    create: boolean;
    /** Annotations, e.g. a workload-identity binding. */
    annotations?: Record<string, pulumi.Input<string>>;
}

/** Pod security context applied to every W&B subsystem. */
export interface WandbPodSecurityContext {
    /** UID the containers run as. */
    runAsUser?: number;
    /** GID the containers run as (OpenShift: 0). */
    runAsGroup?: number;
    /** fsGroup of mounted volumes. */
    fsGroup?: number;
}

/** An existing Kafka broker without its password (which goes to a Secret). */
export type WandbKafkaBrokerSettings = Omit<WandbKafkaBroker, "password">;

/** The platform's Weave broker without secrets: what the renderer sees. */
export interface WandbWeaveBrokerSettings {
    /** The chart's Bufstream on the platform's bucket. */
    bufstream?: WandbBufstreamBroker;
    /** An existing Kafka broker. */
    kafka?: WandbKafkaBrokerSettings;
}

/** Everything the renderer needs, already validated by `WandbInstance`. */
export interface WandbSpecInput {
    /** `https://<fqdn>`. */
    host: pulumi.Input<string>;
    /** Which products: drives the API and Weave routes. */
    products: ProductMix;
    /** Environment (recorded for policies; production refuses the in-cluster Redis before this point). */
    environment: Environment;
    /** `global.size` of the chart, when set. */
    size?: ChartSize;
    /** The cloud, unset for anything else (the platform's `cloudProvider`); only `aws` and `gcp` become `global.cloudProvider`. */
    cloudProvider?: Cloud;
    /** MySQL connection (the password is only referenced). */
    database: Omit<WandbDatabase, "password">;
    /** External Redis; absent: the chart's in-cluster Redis. */
    redis?: Omit<WandbRedis, "password">;
    /** Object store (credentials only referenced). */
    bucket: Omit<WandbBucket, "credentials">;
    /** The app's `BUCKET_QUEUE`, when the bucket has a notification queue. */
    bucketQueue?: pulumi.Input<string>;
    /** Ingress class, annotations and TLS. */
    ingress: WandbIngress;
    /** Workload identity for the subsystems' service accounts. */
    workloadIdentity?: WandbWorkloadIdentity;
    /** The broker of Weave's trace workers (a Kafka password is only referenced); present whenever the products include Weave. */
    weaveBroker?: WandbWeaveBrokerSettings;
    /** OIDC settings. */
    oidc?: WandbOidcSettings;
    /** OIDC session length, hours. */
    sessionLengthHours?: number;
    /** SMTP settings. */
    smtp?: WandbSmtpSettings;
    /** `global.extraEnv`. */
    extraEnv?: Record<string, pulumi.Input<string>>;
    /** PEM CA certificates for the application (`global.customCACerts`). */
    customCACerts?: string[];
    /** Per-subsystem service accounts. */
    serviceAccounts?: Record<string, WandbServiceAccount>;
    /** Pod security context for every subsystem. */
    podSecurityContext?: WandbPodSecurityContext;
    /** The chart reference. */
    chart: WandbChartRef;
    /** Image tags per W&B image. */
    images: WandbImageVersions;
    /** Mirror for every W&B image (air-gapped): replaces the `wandb/` namespace, `wandb/local` → `<imageRegistry>/local`. */
    imageRegistry?: string;
    /** Names of the Secrets the values reference. */
    secrets: WandbSecretNames;
    /** Escape hatch, deep-merged last. */
    values?: Record<string, unknown>;
}

/**
 * Renders the `WeightsAndBiases` spec. Pure: no engine, no I/O; the component, the plan and the tests
 * all use it.
 */
export function renderWandbSpec(input: WandbSpecInput): WandbCrSpec {
    const weave = includesWeave(input.products);
    const global: Record<string, unknown> = {
        host: input.host,
        licenseSecret: { name: input.secrets.license, key: SECRET_KEYS.license },
        mysql: renderMysql(input),
        bucket: renderBucket(input),
        // `/api`, `/graphql` and `/graphql2` are served by the api subsystem, which this flag installs.
        api: { enabled: INGRESS_ROUTES.some((route) => route.service === "wandb-api") },
    };
    if (input.cloudProvider !== undefined && CHART_CLOUD_PROVIDERS.includes(input.cloudProvider)) {
        global.cloudProvider = input.cloudProvider;
    }
    if (input.size) {
        global.size = input.size;
    }
    if (input.redis) {
        global.redis = renderRedis(input.redis, input.secrets.redis);
    }
    if (input.oidc || input.sessionLengthHours !== undefined) {
        global.auth = renderAuth(input);
    }
    if (input.smtp) {
        global.email = { smtp: renderSmtp(input.smtp, input.secrets.smtp) };
    }
    if (input.extraEnv && Object.keys(input.extraEnv).length > 0) {
        global.extraEnv = input.extraEnv;
    }
    if (input.customCACerts?.length) {
        global.customCACerts = input.customCACerts;
    }
    if (input.workloadIdentity?.podLabels) {
        global.pod = { labels: input.workloadIdentity.podLabels };
    }
    if (input.ingress.gcpSecurityPolicy !== undefined) {
        global.gcpSecurityPolicy = input.ingress.gcpSecurityPolicy;
    }

    const values: Record<string, unknown> = {
        global,
        ingress: renderIngress(input),
        mysql: { install: false },
        redis: { install: input.redis === undefined },
    };
    if (weave) {
        const rendered = renderWeave(input);
        Object.assign(global, rendered.global);
        Object.assign(values, rendered.values);
    }
    if (input.bucketQueue !== undefined) {
        values.app = { env: { BUCKET_QUEUE: input.bucketQueue } };
    }
    const withSubsystems = deepMerge(values, renderSubsystems(input));
    return { chart: input.chart, values: input.values ? deepMerge(withSubsystems, input.values) : withSubsystems };
}

/**
 * The Weave trace workers the chart ships (operator-wandb 0.43.8), each a Weave feature the chart turns on
 * by installing it (the weave-trace ConfigMap's WEAVE_ENABLE_ONLINE_EVAL, WEAVE_ENABLE_EVALUATE_MODEL_WORKER
 * and WEAVE_ENABLE_AGENT_SCORING follow their `install`). Each reads the `weave-worker-auth` Secret.
 */
export const WEAVE_WORKER_SUBSYSTEMS = ["weave-trace-worker", "weave-evaluate-model-worker", "weave-trace-agent-scoring-worker"] as const;

/** What Weave adds to the values: `global` entries and top-level subsystem blocks. */
interface RenderedWeave {
    global: Record<string, unknown>;
    values: Record<string, Record<string, unknown>>;
}

/**
 * weave-trace with its ClickHouse and, given a broker, its workers with that broker: the chart's Bufstream
 * on the platform's bucket, or an existing Kafka broker. (`WandbInstance` refuses Weave without a broker.)
 */
function renderWeave(input: WandbSpecInput): RenderedWeave {
    const global: Record<string, unknown> = { "weave-trace": { enabled: true } };
    const values: Record<string, Record<string, unknown>> = {
        "weave-trace": { install: true },
        // weave-trace stores traces in ClickHouse; the chart's in-cluster ClickHouse serves it unless
        // `values.global.clickhouse` points at an external one.
        clickhouse: { install: true },
    };
    const broker = input.weaveBroker;
    if (broker === undefined) {
        return { global, values };
    }
    for (const worker of WEAVE_WORKER_SUBSYSTEMS) {
        values[worker] = { install: true };
    }
    if (broker.bufstream && input.workloadIdentity) {
        // The chart's broker host is then `bufstream.<namespace>`; `global.bufstream.enabled` drops the
        // empty SASL credentials from the Kafka address it gives the W&B services (`_queues.tpl`).
        global.bufstream = { enabled: true };
        values.bufstream = renderBufstream(input.bucket.provider, broker.bufstream.prefix, input.workloadIdentity.serviceAccountName);
    } else if (broker.kafka) {
        // The weave-trace ConfigMap passes these to weave-trace and every worker as KAFKA_BROKER_HOST/PORT.
        global.kafka = { brokerHost: broker.kafka.host, brokerPort: broker.kafka.port };
        if (broker.kafka.username !== undefined && input.secrets.weaveKafka) {
            // The chart gives Weave no Kafka credentials; Weave's client reads these two (SASL PLAIN).
            for (const subsystem of ["weave-trace", ...WEAVE_WORKER_SUBSYSTEMS]) {
                values[subsystem].env = {
                    KAFKA_CLIENT_USER: broker.kafka.username,
                    KAFKA_CLIENT_PASSWORD: { valueFrom: { secretKeyRef: { name: input.secrets.weaveKafka, key: SECRET_KEYS.kafkaPassword } } },
                };
            }
        }
    }
    return { global, values };
}

/**
 * The `bufstream` subchart's values: its data under `prefix` in the W&B bucket (the chart fills in the
 * bucket, provider and region from `global.bucket`), reached through the W&B pods' own service account
 * and so through their workload identity, whose grants already cover the bucket's path.
 */
function renderBufstream(provider: string, prefix: pulumi.Input<string>, serviceAccountName: string): Record<string, unknown> {
    // Two chart defaults break Bufstream on Amazon S3 with workload identity: the endpoint it derives from a
    // `host/bucket` name is `http://` for any other name, and the access key it reads from `global.bucket`
    // renders as "<no value>" when there is none (found by the chart contract, rule a). Empty leaves Bufstream
    // on the region's S3 endpoint with the pod's own credentials (IRSA).
    const storage = provider === "gcs" ? { gcs: { prefix } } : { s3: { prefix, endpoint: "", accessKeyId: "" } };
    return { install: true, storage, bufstream: { serviceAccount: { create: false, name: serviceAccountName } } };
}

function renderMysql(input: WandbSpecInput): Record<string, unknown> {
    const mysql: Record<string, unknown> = {
        host: input.database.host,
        port: input.database.port,
        database: input.database.name,
        user: input.database.user,
        passwordSecret: { name: input.secrets.mysql, passwordKey: SECRET_KEYS.mysqlPassword },
    };
    if (input.database.caCert !== undefined) {
        mysql.caCert = input.database.caCert;
    }
    return mysql;
}

function renderRedis(redis: Omit<WandbRedis, "password">, secretName: string | undefined): Record<string, unknown> {
    const rendered: Record<string, unknown> = { host: redis.host, port: redis.port };
    if (secretName) {
        rendered.secret = { secretName, secretKey: SECRET_KEYS.redisPassword };
    }
    if (redis.caCert !== undefined) {
        // With a CA set, the chart adds `tls=true&caCertPath=/etc/ssl/certs/redis_ca.pem` to the URL; the
        // CA itself reaches the pods as key REDIS_CA_CERT of the Redis Secret (see `planSecrets`).
        rendered.caCert = redis.caCert;
    } else if (redis.tls) {
        rendered.params = { tls: "true" };
    }
    return rendered;
}

function renderBucket(input: WandbSpecInput): Record<string, unknown> {
    const bucket = input.bucket;
    const rendered: Record<string, unknown> = { provider: bucket.provider };
    if (bucket.endpoint !== undefined) {
        // S3-compatible store: the chart builds `s3://KEY:SECRET@<name>/<path>` from these, i.e. the
        // docs' `s3://$ACCESS_KEY:$SECRET_KEY@$HOST/$BUCKET_NAME[?tls=true]` with the keys read from
        // the bucket Secret (W&B's air-gapped example sets name = host:port, path = bucket).
        rendered.name = bucket.endpoint;
        rendered.path = pulumi
            .all([bucket.name, bucket.path ?? ""])
            .apply(([name, path]) => `${[name, path].filter((p) => p !== "").join("/")}${bucket.tls ? "?tls=true" : ""}`);
    } else {
        rendered.name = bucket.name;
        if (bucket.path !== undefined) {
            rendered.path = bucket.path;
        }
    }
    if (bucket.region !== undefined) {
        rendered.region = bucket.region;
    }
    if (bucket.kmsKey !== undefined) {
        rendered.kmsKey = bucket.kmsKey;
    }
    if (input.secrets.bucket) {
        rendered.secret = {
            secretName: input.secrets.bucket,
            accessKeyName: SECRET_KEYS.bucketAccessKey,
            secretKeyName: SECRET_KEYS.bucketSecretKey,
        };
    }
    return rendered;
}

function renderAuth(input: WandbSpecInput): Record<string, unknown> {
    const auth: Record<string, unknown> = {};
    if (input.sessionLengthHours !== undefined) {
        auth.sessionLengthHours = input.sessionLengthHours;
    }
    if (input.oidc) {
        const oidc: Record<string, unknown> = {
            clientId: input.oidc.clientId,
            issuer: input.oidc.issuer,
            authMethod: input.oidc.authMethod,
        };
        if (input.secrets.oidc) {
            oidc.oidcSecret = { name: input.secrets.oidc, secretKey: SECRET_KEYS.oidcSecret };
        }
        auth.oidc = oidc;
    }
    return auth;
}

function renderSmtp(smtp: WandbSmtpSettings, secretName: string | undefined): Record<string, unknown> {
    const rendered: Record<string, unknown> = { host: smtp.host, port: smtp.port, user: smtp.user };
    if (smtp.mailFrom !== undefined) {
        rendered.mailFrom = smtp.mailFrom;
    }
    if (secretName) {
        rendered.password = { valueFrom: { secretKeyRef: { name: secretName, key: SECRET_KEYS.smtpPassword } } };
    }
    return rendered;
}

function renderIngress(input: WandbSpecInput): Record<string, unknown> {
    const ingress: Record<string, unknown> = {};
    if (input.ingress.class !== undefined) {
        ingress.class = input.ingress.class;
    }
    ingress.annotations = pulumi
        .all([pulumi.output(input.ingress.annotations ?? {}), pulumi.output(input.ingress.class ?? "")])
        .apply(([given, cls]) => ({
            // W&B uploads go through the ingress; nginx's 1m default body size breaks them.
            ...(cls === "nginx" ? { [NGINX_PROXY_BODY_SIZE.annotation]: NGINX_PROXY_BODY_SIZE.value } : {}),
            ...given,
        }));
    if (input.ingress.tlsSecretName !== undefined) {
        ingress.tls = [{ secretName: input.ingress.tlsSecretName, hosts: [pulumi.output(input.host).apply(hostName)] }];
    }
    return ingress;
}

/** Image pins, service accounts and security context for every subsystem that runs a W&B image. */
function renderSubsystems(input: WandbSpecInput): Record<string, Record<string, unknown>> {
    const subsystems: Record<string, Record<string, unknown>> = {};
    for (const [subsystem, image] of Object.entries(WANDB_SUBSYSTEM_IMAGES)) {
        const repository = input.imageRegistry ? mirroredRepository(input.imageRegistry, image.repository) : image.repository;
        const tag = input.images[image.version];
        const container = JOB_CONTAINER_IMAGES[subsystem];
        // A job whose container names its own image ignores the subsystem's `image`.
        const settings: Record<string, unknown> = container
            ? { jobs: { [container.job]: { containers: { [container.container]: { image: { repository, tag } } } } } }
            : { image: { repository, tag } };
        const account = input.serviceAccounts?.[subsystem] ?? defaultServiceAccount(input, subsystem);
        if (account) {
            settings.serviceAccount = {
                name: account.name,
                create: account.create,
                ...(account.annotations ? { annotations: account.annotations } : {}),
            };
        }
        if (input.podSecurityContext) {
            settings.podSecurityContext = input.podSecurityContext;
        }
        subsystems[subsystem] = settings;
    }
    return subsystems;
}

/**
 * `global.cloudProvider` values the chart acts on: its templates only compare it with `aws` (load
 * balancer health checks) and `gcp` (BackendConfig, GCS volumes); any other value is never read.
 */
export const CHART_CLOUD_PROVIDERS: readonly Cloud[] = [Cloud.Aws, Cloud.Gcp];

/** Subsystems whose job container sets its own image (operator-wandb 0.43.8 `values.yaml`). */
const JOB_CONTAINER_IMAGES: Readonly<Record<string, { job: string; container: string }>> = {
    settingsMigrationJob: { job: "smj", container: "smj" },
};

/** With workload identity, the subsystems that touch the bucket share the identity's service account. */
function defaultServiceAccount(input: WandbSpecInput, subsystem: string): WandbServiceAccount | undefined {
    const identity = input.workloadIdentity;
    if (!identity || !WORKLOAD_IDENTITY_SUBSYSTEMS.includes(subsystem)) {
        return undefined;
    }
    // `WandbInstance` creates this account once; several subcharts creating one name would collide.
    return { name: identity.serviceAccountName, create: false };
}

/**
 * Subsystems that read or write the bucket or queue and so need the cloud identity: the set W&B's GCP
 * module annotates (app, api, console, parquet, executor, filestream, flat-run-fields-updater, glue,
 * weave, weave-trace, settingsMigrationJob), filemeta as W&B's Azure module adds, and the Weave workers.
 */
export const WORKLOAD_IDENTITY_SUBSYSTEMS: readonly string[] = [
    "app",
    "api",
    "console",
    "parquet",
    "executor",
    "filestream",
    "filemeta",
    "flat-run-fields-updater",
    "glue",
    "settingsMigrationJob",
    "weave",
    "weave-trace",
    "weave-trace-worker",
    "weave-evaluate-model-worker",
    "weave-trace-agent-scoring-worker",
];

/** `wandb/local` mirrored at `registry.example.com/mirror` → `registry.example.com/mirror/local`. */
export function mirroredRepository(imageRegistry: string, repository: string): string {
    return `${imageRegistry.replace(/\/$/, "")}/${repository.replace(/^wandb\//, "")}`;
}
