/**
 * The string rules the schemas and validators share. Each is a {@link Rule}: a test plus the words that
 * say what is allowed, used for both the error message and docs/inputs.md.
 */
import * as yaml from "js-yaml";
import { MIN_VERSIONS, TLS } from "../requirements";
import { cidrFamily } from "./cidr";
import { Rule, applyRule } from "./schema";
import { versionAtLeast } from "./versions";

const KUBERNETES_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const HOST_NAME_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const FQDN_PATTERN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Every reusable rule, by name. */
export const RULES = {
    kubernetesName: {
        allowed: "a Kubernetes name: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
        example: "wandb",
        test: (v) => KUBERNETES_NAME_PATTERN.test(v),
    },
    pinnedVersion: {
        allowed: "a pinned version is required (never \"latest\" or empty), so nothing upgrades silently",
        example: "0.43.8",
        test: (v) => v.trim() !== "" && v.trim().toLowerCase() !== "latest",
    },
    nonEmpty: { allowed: "a non-empty string is required", test: (v) => v.trim() !== "" },
    httpsHost: {
        allowed: `an ${TLS.hostScheme}<fqdn>[:port] URL with a lower-case host and no path is required: W&B needs TLS terminated at the ingress`,
        example: "https://wandb.example.com",
        // A trailing slash is the one unambiguous slip: "https://wandb.example.com/" means the same host.
        normalize: (v) => v.replace(/\/$/, ""),
        test: (v) => {
            const match = /^https:\/\/([^/\s:?#]+)(:(\d+))?$/.exec(v);
            return match !== null && HOST_NAME_PATTERN.test(match[1]) && isPort(match[3] ?? "443");
        },
    },
    fqdn: {
        allowed: "a lower-case fully qualified host name (no scheme, no path)",
        example: "wandb.example.com",
        normalize: (v) => v.replace(/\.$/, ""),
        test: (v) => FQDN_PATTERN.test(v),
    },
    hostName: {
        allowed: "a lower-case host name or IP address (no scheme, no port, no path)",
        example: "mysql.db.example.internal",
        test: (v) => HOST_NAME_PATTERN.test(v),
    },
    hostPort: {
        allowed: "host[:port] with no scheme and no path (TLS is set with `tls: true`)",
        example: "minio.storage.example.internal:9000",
        test: (v) => {
            const match = /^([^/\s:]+)(:(\d+))?$/.exec(v);
            return match !== null && HOST_NAME_PATTERN.test(match[1]) && (match[3] === undefined || isPort(match[3]));
        },
    },
    httpsUrl: {
        allowed: "an https:// URL is required (OIDC discovery must not travel in clear text)",
        example: "https://login.example.com/realms/wandb",
        test: (v) => /^https:\/\/[^/\s]+(\/\S*)?$/.test(v),
    },
    helmRepository: {
        allowed: "an http(s):// Helm repository URL",
        example: "https://charts.internal.example.com",
        test: (v) => /^https?:\/\/[^/\s]+/.test(v),
    },
    chartReference: {
        allowed: "an http(s):// Helm repository or oci:// chart reference",
        example: "oci://registry.internal.example.com/charts/operator-wandb",
        test: (v) => /^(https?|oci):\/\/[^/\s]+/.test(v),
    },
    pemCertificate: {
        allowed: "one or more PEM certificates (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)",
        example: "-----BEGIN CERTIFICATE-----\\n...\\n-----END CERTIFICATE-----",
        test: (v) => /^\s*(-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\s*)+$/.test(v),
    },
    cidr: {
        allowed: "an IPv4 or IPv6 CIDR block",
        example: "203.0.113.0/24",
        test: (v) => cidrFamily(v) !== undefined,
    },
    duration: {
        allowed: 'a positive duration such as "30m", "90s" or "1h" is required',
        example: "30m",
        test: (v) => /^([1-9]\d*)(s|m|h)$/.test(v),
    },
    kubeconfig: {
        allowed: "a kubeconfig: a YAML document with clusters, contexts and users",
        test: (v) => isKubeconfig(v),
    },
    email: { allowed: "an e-mail address", example: "platform@example.com", test: (v) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) },
} satisfies Record<string, Rule>;

function isPort(port: string): boolean {
    return /^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;
}

function isKubeconfig(text: string): boolean {
    try {
        const document = yaml.load(text) as Record<string, unknown> | undefined;
        return typeof document === "object" && document !== null && Array.isArray(document.clusters) && Array.isArray(document.contexts);
    } catch {
        return false;
    }
}

/** Throws unless `value` is a valid Kubernetes object name (RFC 1123 label, at most 63 characters). */
export function requireKubernetesName(argument: string, value: unknown): string {
    return applyRule(argument, value, RULES.kubernetesName);
}

/** Throws unless `tag` is a pinned image tag or chart version: non-empty and not `latest`. */
export function requirePinnedTag(argument: string, tag: unknown): string {
    return applyRule(argument, tag, RULES.pinnedVersion);
}

/** How each cloud writes a Kubernetes version it takes. */
export const KUBERNETES_VERSION_FORMATS = {
    /** EKS takes `major.minor` only ("1.34"), never a patch or a `v`. */
    eks: { pattern: /^\d+\.\d+$/, example: "1.34" },
    /** GKE takes `major.minor` or a full GKE version ("1.34.2-gke.1000000"). */
    gke: { pattern: /^\d+\.\d+(\.\d+-gke\.\d+)?$/, example: "1.34" },
    /** AKS takes `major.minor` or `major.minor.patch`. */
    aks: { pattern: /^\d+\.\d+(\.\d+)?$/, example: "1.34" },
    /** Any form of the above. */
    any: { pattern: /^\d+\.\d+(\.\d+(-gke\.\d+)?)?$/, example: "1.34" },
} as const;

/** Throws unless `version` is a Kubernetes version in the cloud's format, at or above the reference architecture's minimum. */
export function requireKubernetesVersion(argument: string, version: unknown, format: keyof typeof KUBERNETES_VERSION_FORMATS = "any"): string {
    const { pattern, example } = KUBERNETES_VERSION_FORMATS[format];
    const what = format === "any" ? "a Kubernetes version" : `a Kubernetes version as ${format.toUpperCase()} takes it`;
    return applyRule(argument, version, {
        allowed: `${what} (${pattern.source}), ${MIN_VERSIONS.kubernetes} or newer (W&B reference architecture)`,
        example,
        test: (v) => pattern.test(v) && versionAtLeast(v, MIN_VERSIONS.kubernetes),
    });
}

/** Throws unless `host` is an `https://` URL with a lower-case host and nothing after it but a port; drops a trailing slash. */
export function requireHttpsHost(argument: string, host: unknown): string {
    return applyRule(argument, host, RULES.httpsHost);
}

/** The host name of an `https://fqdn[:port]` URL. */
export function hostName(host: string): string {
    return host.replace(/^[a-z]+:\/\//i, "").replace(/[:/].*$/, "");
}
