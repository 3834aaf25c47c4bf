import { CLOUDS, PRODUCT_MIXES, ENVIRONMENTS } from "../requirements";
import { BucketProvider, WandbBucket, WandbBucketCredentials, WandbDatabase, WandbIngress, WandbPlatform, WandbRedis, WandbWorkloadIdentity } from "../platform";
import { WandbImageVersions } from "../release";
import { Schema, flag, integer, list, object, oneOf, opaque, record, required, secret, text } from "../util/schema";
import { RULES } from "../util/validate";
import { ChartSize, OidcAuthMethod, WandbInstanceAirgapArgs, WandbInstanceArgs, WandbOidcArgs, WandbSecurityContextArgs, WandbSmtpArgs } from "./args";
import { WandbServiceAccount } from "./spec";

/** Bucket providers the `operator-wandb` chart supports for this package. */
export const BUCKET_PROVIDERS: readonly BucketProvider[] = Object.values(BucketProvider);
/** OIDC auth methods W&B supports. */
export const OIDC_AUTH_METHODS: readonly OidcAuthMethod[] = Object.values(OidcAuthMethod);
/** `global.size` values of the `operator-wandb` chart (its `sizing` tables). */
export const CHART_SIZES: readonly ChartSize[] = Object.values(ChartSize);

const port = integer(1, 65535);
const pem = text(RULES.pemCertificate);

/** {@link WandbDatabase}. */
export const DATABASE_SCHEMA: Schema<WandbDatabase> = {
    host: required(text(RULES.hostName)),
    port: required(port),
    name: required(text(RULES.nonEmpty)),
    user: required(text(RULES.nonEmpty)),
    password: required(secret(text(RULES.nonEmpty))),
    caCert: pem,
};

/** {@link WandbRedis}. */
export const REDIS_SCHEMA: Schema<WandbRedis> = {
    host: required(text(RULES.hostName)),
    port: required(port),
    tls: required(flag),
    password: secret(text(RULES.nonEmpty)),
    caCert: pem,
};

const BUCKET_CREDENTIALS_SCHEMA: Schema<WandbBucketCredentials> = {
    accessKey: required(secret(text(RULES.nonEmpty))),
    secretKey: secret(text(RULES.nonEmpty)),
};

/** {@link WandbBucket}. */
export const BUCKET_SCHEMA: Schema<WandbBucket> = {
    provider: required(oneOf(BUCKET_PROVIDERS)),
    name: required(text(RULES.nonEmpty)),
    path: text({ allowed: "a path inside the bucket with no leading or trailing '/'", example: "wandb/prod", test: (v) => /^[^/\s](\S*[^/\s])?$/.test(v) }),
    region: text(RULES.nonEmpty),
    kmsKey: text(RULES.nonEmpty),
    endpoint: text(RULES.hostPort),
    tls: flag,
    credentials: object(BUCKET_CREDENTIALS_SCHEMA),
};

const INGRESS_SCHEMA: Schema<WandbIngress> = {
    class: text(RULES.kubernetesName),
    annotations: record(text()),
    tlsSecretName: text(RULES.kubernetesName),
    gcpSecurityPolicy: text(RULES.nonEmpty),
};

const WORKLOAD_IDENTITY_SCHEMA: Schema<WandbWorkloadIdentity> = {
    serviceAccountAnnotations: record(text()),
    podLabels: record(text()),
    serviceAccountName: required(text(RULES.kubernetesName)),
    namespace: required(text(RULES.kubernetesName)),
};

/** {@link WandbPlatform}. */
export const PLATFORM_SCHEMA: Schema<WandbPlatform> = {
    kubernetesProvider: required(opaque("resource", "the Kubernetes provider of the cluster")),
    host: required(text(RULES.httpsHost)),
    database: required(object(DATABASE_SCHEMA)),
    redis: object(REDIS_SCHEMA),
    bucket: required(object(BUCKET_SCHEMA)),
    bucketQueue: text({ allowed: "sqs://<queue>, pubsub:/<project>/<topic>/<subscription> or az://<account>/<queue>", test: (v) => /^(sqs|pubsub|az|internal):\/\/?\S+$/.test(v) }),
    ingress: required(object(INGRESS_SCHEMA)),
    workloadIdentity: object(WORKLOAD_IDENTITY_SCHEMA),
    cloudProvider: oneOf(CLOUDS),
    dependsOn: list(opaque("resource", "a resource")),
};

const OIDC_SCHEMA: Schema<WandbOidcArgs> = {
    clientId: required(text(RULES.nonEmpty)),
    clientSecret: secret(text(RULES.nonEmpty)),
    issuer: required(text(RULES.httpsUrl)),
    authMethod: required(oneOf(OIDC_AUTH_METHODS)),
};

const SMTP_SCHEMA: Schema<WandbSmtpArgs> = {
    host: required(text(RULES.hostName)),
    port,
    user: required(text(RULES.nonEmpty)),
    password: required(secret(text(RULES.nonEmpty))),
    mailFrom: text(RULES.email),
};

const AIRGAP_SCHEMA: Schema<WandbInstanceAirgapArgs> = {
    chartRepository: required(text(RULES.chartReference)),
    chartRepositoryUsername: text(RULES.nonEmpty),
    chartRepositoryPassword: secret(text(RULES.nonEmpty)),
    imageRegistry: required(text({ allowed: "a registry host[:port] with an optional path, no scheme", example: "registry.example.com/wandb", test: (v) => /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._/-]+)?$/.test(v) })),
};

const SECURITY_CONTEXT_SCHEMA: Schema<WandbSecurityContextArgs> = {
    runAsUser: integer(0),
    runAsGroup: integer(0),
    fsGroup: integer(0),
    openshift: flag,
};

const SERVICE_ACCOUNT_SCHEMA: Schema<WandbServiceAccount> = {
    name: required(text(RULES.kubernetesName)),
    create: required(flag),
    annotations: record(text()),
};

const pinned = text(RULES.pinnedVersion);
const IMAGES_SCHEMA: Schema<WandbImageVersions> = {
    local: pinned,
    console: pinned,
    megabinary: pinned,
    weavePython: pinned,
    weaveTrace: pinned,
    frontendNginx: pinned,
    anaconda2: pinned,
};

/** The settings of an instance that a stack's `wandb:instance` may carry (everything but what the program supplies). */
export type WandbInstanceSettings = Omit<WandbInstanceArgs, "platform" | "license" | "operator" | "environment" | "products">;

/** {@link WandbInstanceSettings}. */
export const INSTANCE_SETTINGS_SCHEMA: Schema<WandbInstanceSettings> = {
    crName: text(RULES.kubernetesName),
    namespace: text(RULES.kubernetesName),
    createNamespace: flag,
    size: oneOf(CHART_SIZES),
    chartVersion: pinned,
    images: object(IMAGES_SCHEMA),
    airgapped: object(AIRGAP_SCHEMA),
    oidc: object(OIDC_SCHEMA),
    sessionLengthHours: integer(1),
    smtp: object(SMTP_SCHEMA),
    extraEnv: record(text()),
    customCACerts: list(pem),
    serviceAccounts: record(object(SERVICE_ACCOUNT_SCHEMA)),
    securityContext: object(SECURITY_CONTEXT_SCHEMA),
    waitForDeployments: list(text(RULES.kubernetesName)),
    readinessTimeout: text(RULES.duration),
    weaveWorkerTokenRotation: text(RULES.nonEmpty),
    labels: record(text()),
    values: opaque("any", "chart values (an object), deep-merged last; plaintext secrets are refused"),
};

/** {@link WandbInstanceArgs}. */
export const INSTANCE_SCHEMA: Schema<WandbInstanceArgs> = {
    ...INSTANCE_SETTINGS_SCHEMA,
    platform: required(object(PLATFORM_SCHEMA)),
    license: required(secret(text(RULES.nonEmpty))),
    operator: opaque("resource", "the WandbOperator (or any resource) the instance depends on"),
    environment: required(oneOf(ENVIRONMENTS)),
    products: oneOf(PRODUCT_MIXES),
};
