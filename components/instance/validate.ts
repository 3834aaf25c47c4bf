import * as pulumi from "@pulumi/pulumi";
import { ENVIRONMENTS, Environment, PRODUCT_MIXES, ProductMix } from "../requirements";
import { WandbArgumentError, requireIntegerAtLeast, requireNonEmpty, requireOneOf } from "../util/errors";
import { requireHttpsHost, requireKubernetesName, requirePinnedTag, requireUrl } from "../util/validate";
import { WandbInstanceArgs } from "./args";
import { findPlaintextSecrets } from "./secret-scan";

/** Bucket providers the `operator-wandb` chart supports for this package. */
export const BUCKET_PROVIDERS = ["s3", "gcs", "az"] as const;
/** OIDC auth methods W&B supports. */
export const OIDC_AUTH_METHODS = ["implicit", "pkce"] as const;
/** `global.size` values of the `operator-wandb` chart (its `sizing` tables). */
export const CHART_SIZES = ["small", "medium", "large", "xlarge", "xxlarge"] as const;

/** Validated, defaulted settings of a `WandbInstance`. */
export interface ValidatedInstanceArgs {
    environment: Environment;
    products: ProductMix;
    crName: string;
    namespace: string;
    size?: string;
}

/**
 * Checks every argument that can be checked at construction and throws one `WandbArgumentError`
 * naming the first bad one. Values only known after deployment (Outputs) are checked when they resolve.
 */
export function validateInstanceArgs(args: WandbInstanceArgs): ValidatedInstanceArgs {
    const environment = requireOneOf("environment", args.environment, ENVIRONMENTS);
    const products = requireOneOf("products", args.products ?? "models", PRODUCT_MIXES);
    const crName = requireKubernetesName("crName", args.crName ?? "wandb");
    const namespace = requireKubernetesName("namespace", args.namespace ?? "wandb");
    const size = args.size === undefined ? undefined : requireOneOf("size", args.size, CHART_SIZES);

    checkWhenKnown(args.platform.host, (host) => requireHttpsHost("platform.host", host));
    checkWhenKnown(args.license, (license) => requireNonEmpty("license", license));
    requireOneOf("platform.bucket.provider", args.platform.bucket.provider, BUCKET_PROVIDERS);
    if (args.platform.bucket.endpoint !== undefined) {
        if (args.platform.bucket.provider !== "s3") {
            throw new WandbArgumentError("platform.bucket.endpoint", args.platform.bucket.endpoint, 'an endpoint is only allowed with provider "s3" (S3-compatible stores)');
        }
        if (!args.platform.bucket.credentials?.secretKey) {
            throw new WandbArgumentError("platform.bucket.credentials", args.platform.bucket.credentials, "an S3-compatible endpoint needs accessKey and secretKey");
        }
    }
    if (args.platform.bucket.provider === "az" && args.platform.bucket.credentials === undefined && args.platform.workloadIdentity === undefined) {
        throw new WandbArgumentError("platform.bucket.credentials", undefined, "an az bucket needs the storage account key (credentials.accessKey) or workload identity");
    }
    if (environment === "production" && args.platform.redis === undefined) {
        throw new WandbArgumentError("platform.redis", undefined, "production needs an external Redis 7: the in-cluster Redis is for test environments only");
    }
    if (args.oidc) {
        requireOneOf("oidc.authMethod", args.oidc.authMethod, OIDC_AUTH_METHODS);
    }
    if (args.sessionLengthHours !== undefined) {
        requireIntegerAtLeast("sessionLengthHours", args.sessionLengthHours, 1);
    }
    if (args.chartVersion !== undefined) {
        requirePinnedTag("chartVersion", args.chartVersion);
    }
    for (const [image, tag] of Object.entries(args.images ?? {})) {
        if (tag !== undefined) {
            requirePinnedTag(`images.${image}`, tag);
        }
    }
    if (args.airgapped) {
        requireUrl("airgapped.chartRepository", args.airgapped.chartRepository, ["http", "https", "oci"], "an http(s):// Helm repository or oci:// chart reference");
        requireNonEmpty("airgapped.imageRegistry", args.airgapped.imageRegistry);
    }
    if (args.weaveWorkerTokenRotation !== undefined) {
        requireNonEmpty("weaveWorkerTokenRotation", args.weaveWorkerTokenRotation);
    }
    if (args.readinessTimeout !== undefined) {
        durationSeconds(args.readinessTimeout);
    }
    validateSecurityContext(args);
    validateNoPlaintextSecrets(args);
    return { environment, products, crName, namespace, size };
}

/** Runs `check` now for a plain value, or when an Output resolves (failing the deployment then). */
function checkWhenKnown<T>(value: pulumi.Input<T>, check: (v: T) => unknown): void {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        pulumi.output(value).apply((resolved) => {
            check(resolved as T);
            return resolved;
        });
        return;
    }
    check(value as T);
}

function validateSecurityContext(args: WandbInstanceArgs): void {
    const context = args.securityContext;
    if (!context) {
        return;
    }
    for (const field of ["runAsUser", "runAsGroup", "fsGroup"] as const) {
        if (context[field] !== undefined) {
            requireIntegerAtLeast(`securityContext.${field}`, context[field], 0);
        }
    }
    if (context.openshift) {
        if (context.runAsUser === undefined || context.runAsUser < 100000) {
            throw new WandbArgumentError("securityContext.runAsUser", context.runAsUser, "OpenShift's restricted SCC needs a UID >= 100000 from the namespace's range");
        }
        if (context.runAsGroup !== 0) {
            throw new WandbArgumentError("securityContext.runAsGroup", context.runAsGroup, "OpenShift needs runAsGroup 0 (the root group that owns writable paths)");
        }
    }
}

function validateNoPlaintextSecrets(args: WandbInstanceArgs): void {
    const sources: [string, unknown][] = [
        ["values", args.values],
        ["extraEnv", args.extraEnv === undefined ? undefined : { extraEnv: args.extraEnv }],
    ];
    for (const [argument, value] of sources) {
        const [finding] = findPlaintextSecrets(value);
        if (finding) {
            const path = argument === "extraEnv" ? finding.path : `values.${finding.path}`;
            throw new WandbArgumentError(
                path,
                "[redacted]",
                `${finding.reason}; secrets never go into the W&B custom resource: use the license, platform, oidc or smtp arguments, which write Kubernetes Secrets and reference them`,
            );
        }
    }
}

/** "30m" → 1800 (units s, m, h); throws a `WandbArgumentError` for anything else. */
export function durationSeconds(duration: string): number {
    const match = /^(\d+)(s|m|h)$/.exec(duration);
    if (!match || Number(match[1]) === 0) {
        throw new WandbArgumentError("readinessTimeout", duration, 'a positive duration such as "30m", "90s" or "1h" is required');
    }
    return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as "s" | "m" | "h"];
}
