import { Environment, ProductMix, WEAVE_ONLINE_EVALUATIONS, includesWeave } from "../requirements";
import { WandbKafkaBroker } from "../platform";
import { WandbArgumentError } from "../util/errors";
import { validateSchema } from "../util/schema";
import { RULES } from "../util/validate";
import { ChartSize, WandbInstanceArgs } from "./args";
import { INSTANCE_SCHEMA, INSTANCE_SETTINGS_SCHEMA, WandbInstanceSettings } from "./schema";
import { findPlaintextSecrets } from "./secret-scan";

export { BUCKET_PROVIDERS, CHART_SIZES, OIDC_AUTH_METHODS } from "./schema";

/** Validated, defaulted settings of a `WandbInstance`. */
export interface ValidatedInstanceArgs {
    /** The arguments with leaves normalised (a host without its trailing slash). */
    args: WandbInstanceArgs;
    environment: Environment;
    products: ProductMix;
    crName: string;
    namespace: string;
    size?: ChartSize;
}

/** Default namespace and custom-resource name of an instance. */
export const INSTANCE_DEFAULTS = { namespace: "wandb", crName: "wandb" } as const;

/**
 * Checks the settings a stack's `wandb:instance` carries (no platform yet): the schema, then the rules
 * that span fields. Pure; throws one `WandbArgumentError` naming the first bad one under `path`.
 */
export function validateInstanceSettings(settings: WandbInstanceSettings, path = ""): WandbInstanceSettings {
    const checked = validateSchema(INSTANCE_SETTINGS_SCHEMA, settings, path);
    validateSecurityContext(checked, path);
    validateNoPlaintextSecrets(checked, path);
    return checked;
}

/**
 * Checks every argument of a `WandbInstance` before anything is registered and throws one
 * `WandbArgumentError` naming the first bad one. Values only known at deployment (Outputs) are checked
 * when they resolve.
 */
export function validateInstanceArgs(input: WandbInstanceArgs): ValidatedInstanceArgs {
    const args = validateSchema(INSTANCE_SCHEMA, input, "");
    validateSecurityContext(args, "");
    validateNoPlaintextSecrets(args, "");
    const environment = args.environment;
    const namespace = args.namespace ?? INSTANCE_DEFAULTS.namespace;
    const bucket = args.platform.bucket;
    if (bucket.endpoint !== undefined) {
        if (bucket.provider !== "s3") {
            throw new WandbArgumentError("platform.bucket.endpoint", bucket.endpoint, 'an endpoint is only allowed with provider "s3" (S3-compatible stores)');
        }
        if (!bucket.credentials?.secretKey) {
            throw new WandbArgumentError("platform.bucket.credentials", bucket.credentials === undefined ? undefined : "{...}", "an S3-compatible endpoint needs accessKey and secretKey");
        }
    }
    if (bucket.provider === "az" && bucket.credentials === undefined && args.platform.workloadIdentity === undefined) {
        throw new WandbArgumentError("platform.bucket.credentials", undefined, "an az bucket needs the storage account key (credentials.accessKey) or workload identity");
    }
    if (environment === "production" && args.platform.redis === undefined) {
        throw new WandbArgumentError("platform.redis", undefined, "production needs an external Redis 7: the in-cluster Redis is for test environments only");
    }
    const identity = args.platform.workloadIdentity;
    if (identity && identity.namespace !== namespace) {
        throw new WandbArgumentError(
            "namespace",
            namespace,
            `the cloud identity of the platform trusts service account ${identity.serviceAccountName} in namespace ${JSON.stringify(identity.namespace)} only; run the instance there, or create the infrastructure for this namespace (its instanceNamespace), or the pods lose bucket access`,
        );
    }
    const products: ProductMix = args.products ?? "models";
    validateWeaveBroker(args, products);
    return {
        args,
        environment,
        products,
        crName: args.crName ?? INSTANCE_DEFAULTS.crName,
        namespace,
        size: args.size,
    };
}

/** Bucket providers the chart's Bufstream can store its data in (its `storage.use`: `s3` or `gcs`). */
export const BUFSTREAM_BUCKET_PROVIDERS = ["s3", "gcs"] as const;

/**
 * Weave needs a broker for its trace workers, Models alone takes none; the chart's Bufstream needs an S3
 * or GCS bucket it reaches through workload identity (the chart hands Bufstream bucket keys only from plain
 * values, which this package never writes); SASL needs both its user name and its password.
 */
function validateWeaveBroker(args: WandbInstanceArgs, products: ProductMix): void {
    const broker = args.platform.weaveBroker;
    if (!includesWeave(products)) {
        refuseBrokerWithoutWeave("platform.weaveBroker", broker, products);
        return;
    }
    if (broker === undefined) {
        throw new WandbArgumentError(
            "platform.weaveBroker",
            undefined,
            `a Kafka-compatible broker for Weave's trace workers (online evaluations: W&B deploys ${WEAVE_ONLINE_EVALUATIONS.broker} and ${WEAVE_ONLINE_EVALUATIONS.metadataStore}). WandbInfra provides Bufstream on AWS and GCP; elsewhere name an existing Kafka broker (weaveBroker.kafka: host, port, optional SASL username and password)`,
        );
    }
    if ((broker.bufstream === undefined) === (broker.kafka === undefined)) {
        throw new WandbArgumentError("platform.weaveBroker", broker.bufstream ? "bufstream and kafka" : "{}", "exactly one of bufstream (the chart's, on the platform's bucket) and kafka (an existing broker)");
    }
    const bucket = args.platform.bucket;
    if (broker.bufstream) {
        if (!(BUFSTREAM_BUCKET_PROVIDERS as readonly string[]).includes(bucket.provider) || bucket.endpoint !== undefined) {
            throw new WandbArgumentError(
                "platform.weaveBroker.bufstream",
                "{...}",
                `Amazon S3 or Google Cloud Storage as the platform's bucket (the chart's Bufstream stores nowhere else; this bucket is ${bucket.endpoint !== undefined ? `S3-compatible at ${bucket.endpoint}` : JSON.stringify(bucket.provider)}): name an existing Kafka broker in weaveBroker.kafka instead`,
            );
        }
        if (args.platform.workloadIdentity === undefined) {
            throw new WandbArgumentError("platform.weaveBroker.bufstream", "{...}", "platform.workloadIdentity: Bufstream reaches the bucket as the W&B pods' service account (the chart would need the bucket keys in plain values)");
        }
    }
    if (broker.kafka) {
        requireKafkaCredentials(broker.kafka, "platform.weaveBroker.kafka");
    }
}

/** A broker argument (`path`) is refused when the products run no Weave workers to use it. */
export function refuseBrokerWithoutWeave(path: string, broker: unknown, products: ProductMix): void {
    if (broker !== undefined) {
        throw new WandbArgumentError(path, "{...}", `a broker only with products that include Weave (weave, models-and-weave); ${JSON.stringify(products)} runs no Weave workers`);
    }
}

/** SASL needs both its user name and its password, or neither (a broker without authentication). */
export function requireKafkaCredentials(kafka: WandbKafkaBroker, path: string): void {
    if ((kafka.username === undefined) !== (kafka.password === undefined)) {
        throw new WandbArgumentError(`${path}.${kafka.username === undefined ? "username" : "password"}`, undefined, "SASL needs both username and password (or neither, for a broker without authentication)");
    }
}

function validateSecurityContext(args: WandbInstanceSettings, path: string): void {
    const context = args.securityContext;
    if (!context?.openshift) {
        return;
    }
    const at = (field: string) => `${path ? `${path}.` : ""}securityContext.${field}`;
    if (context.runAsUser === undefined || context.runAsUser < 100000) {
        throw new WandbArgumentError(at("runAsUser"), context.runAsUser, "OpenShift's restricted SCC needs a UID >= 100000 from the namespace's range", { example: "1000700000" });
    }
    if (context.runAsGroup !== 0) {
        throw new WandbArgumentError(at("runAsGroup"), context.runAsGroup, "OpenShift needs runAsGroup 0 (the root group that owns writable paths)");
    }
}

function validateNoPlaintextSecrets(args: WandbInstanceSettings, path: string): void {
    const sources: [string, unknown][] = [
        ["values", args.values],
        ["extraEnv", args.extraEnv === undefined ? undefined : { extraEnv: args.extraEnv }],
    ];
    for (const [argument, value] of sources) {
        const [finding] = findPlaintextSecrets(value);
        if (finding) {
            const found = argument === "extraEnv" ? finding.path : `values.${finding.path}`;
            throw new WandbArgumentError(
                `${path ? `${path}.` : ""}${found}`,
                undefined,
                `${finding.reason}; secrets never go into the W&B custom resource: use the license, platform, oidc or smtp arguments, which write Kubernetes Secrets and reference them`,
                { secret: true },
            );
        }
    }
}

/** "30m" → 1800 (units s, m, h). The value has been validated by the schema. */
export function durationSeconds(duration: string): number {
    const match = /^(\d+)(s|m|h)$/.exec(duration);
    if (!match || !RULES.duration.test(duration)) {
        throw new WandbArgumentError("readinessTimeout", duration, RULES.duration.allowed);
    }
    return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as "s" | "m" | "h"];
}
