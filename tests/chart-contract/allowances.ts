/**
 * The contract's short lists of allowed exceptions, each with its reason. An entry here must say why
 * the chart's behaviour is fine for a real install; anything not listed fails the check.
 */
import { OptionalReason } from "./rules";
import { MutationAllowance } from "./mutation";

/** Repository prefixes of W&B's own images (rule c); a mirror's prefix is added per stack. */
export const WANDB_IMAGE_PREFIXES: readonly string[] = ["wandb/", "docker.io/wandb/", "us-docker.pkg.dev/wandb-production/"];

/** Optional Secret references that find nothing, and why that is fine (rule a). */
export const OPTIONAL_SECRET_REASONS: readonly OptionalReason[] = [
    {
        secret: /^.+-bucket$/,
        key: /^(ACCESS_KEY|SECRET_KEY)$/,
        reason: "the bucket needs no such key: with workload identity there are no static keys (the chart then renders its bucket Secret empty), and an Azure storage account key (ACCESS_KEY) has no SECRET_KEY",
    },
    {
        secret: /^gorilla-coreweave-caios$/,
        reason: "CoreWeave AI Object Storage integration keys, for W&B instances on CoreWeave; this package's buckets are S3, GCS or Azure Blob",
    },
    {
        secret: /^gorilla-coreweave-observability$/,
        reason: "CoreWeave observability API key, for W&B instances on CoreWeave only",
    },
    {
        secret: /^gorilla-statsig$/,
        reason: "Statsig feature-flag key of W&B-operated instances; the chart never renders it, so every self-managed install runs without it",
    },
];

/** Only for a stack that sets no `global.redis.caCert`. */
export const REDIS_WITHOUT_CA: OptionalReason = {
    secret: /^.+-redis(-secret)?$/,
    key: /^REDIS_CA_CERT$/,
    reason: "no Redis CA is set: the chart adds caCertPath to the Redis URL only with one, so nothing reads the empty mount",
};

/** Values of the W&B custom resource the chart may leave unread (rule b). */
export const PLATFORM_MUTATION_ALLOWANCES: readonly MutationAllowance[] = [
    {
        path: /^global\.redis\.caCert$/,
        reason:
            "with our Redis Secret named, the chart only tests that a CA is set (adds tls=true&caCertPath=/etc/ssl/certs/redis_ca.pem); the CA itself reaches the pods as REDIS_CA_CERT of that Secret, which rule (a) checks",
    },
    {
        path: /^clickhouseMigrationJob\.image\.(repository|tag)$/,
        reason: "the job renders only when a global.olap feature is on (none is by default); the pin keeps it off `latest` if a user turns one on through values",
    },
];

/** Values of the operator chart release the chart may leave unread (rule b). */
export const OPERATOR_MUTATION_ALLOWANCES: readonly MutationAllowance[] = [];
