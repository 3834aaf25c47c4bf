import { isPlainObject } from "../util/merge";

/**
 * Finds values in `operator-wandb` chart values that would put a secret into the W&B custom resource
 * in plain text. The chart takes every secret either inline (`global.license`, `global.mysql.password`,
 * ...) or as a reference to a Kubernetes Secret (`global.licenseSecret`, `passwordSecret`, `valueFrom`);
 * only references are allowed in a resource Pulumi writes.
 */

/** Keys whose value is always a secret when it is a string (or anything but a reference object). */
const SECRET_KEYS = new Set([
    "license",
    "password",
    "rootpassword",
    "accesskey",
    "secretkey",
    "clientsecret",
    "apikey",
    "token",
    "authtoken",
    "secret",
    "privatekey",
]);

/** Environment variable names that carry secrets. */
const SECRET_ENV = /(PASSWORD|SECRET|TOKEN|LICENSE|ACCESS_KEY|PRIVATE_KEY|API_KEY|CREDENTIALS)/i;

/** Environment variables that hold connection strings, which carry credentials as `scheme://user:pass@host`. */
const ENV_MAPS = new Set(["extraenv", "env"]);

/** A connection string with inline credentials. */
const URL_WITH_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]+@/i;

/** Where a plaintext secret was found, and why it is one. */
export interface PlaintextSecretFinding {
    /** Dotted path in the values, e.g. `global.mysql.password`. */
    path: string;
    /** Why the value counts as a secret. */
    reason: string;
}

/**
 * Walks `values` and returns every place that carries a secret in plain text. A value that is not a
 * plain string (a Pulumi Output, say) under a secret key also counts: whatever it resolves to would be
 * written into the custom resource.
 */
export function findPlaintextSecrets(values: unknown, path = ""): PlaintextSecretFinding[] {
    const findings: PlaintextSecretFinding[] = [];
    if (Array.isArray(values)) {
        values.forEach((item, i) => findings.push(...findPlaintextSecrets(item, `${path}[${i}]`)));
        return findings;
    }
    if (!isPlainObject(values)) {
        return findings;
    }
    const isEnvMap = ENV_MAPS.has(lastKey(path).toLowerCase());
    for (const [key, value] of Object.entries(values)) {
        const childPath = path ? `${path}.${key}` : key;
        if (value === undefined || value === null || value === "") {
            continue;
        }
        if (isEnvMap && !isPlainObject(value)) {
            if (SECRET_ENV.test(key)) {
                findings.push({ path: childPath, reason: `environment variable ${key} carries a secret` });
            } else if (typeof value === "string" && URL_WITH_CREDENTIALS.test(value)) {
                findings.push({ path: childPath, reason: "connection string with inline credentials" });
            }
            continue;
        }
        if (SECRET_KEYS.has(key.toLowerCase()) && !isReference(key, value, values, path)) {
            findings.push({ path: childPath, reason: `"${key}" is a secret field` });
            continue;
        }
        if (typeof value === "string" && URL_WITH_CREDENTIALS.test(value)) {
            findings.push({ path: childPath, reason: "connection string with inline credentials" });
            continue;
        }
        findings.push(...findPlaintextSecrets(value, childPath));
    }
    return findings;
}

/**
 * True when a secret-named key holds a reference rather than a secret: an object (`secret:
 * {secretName, secretKey}`, `password: {valueFrom: ...}`), or the chart's `secretKey` naming the key
 * inside a referenced Secret (`redis.secret.secretKey: REDIS_PASSWORD`).
 */
function isReference(key: string, value: unknown, siblings: Record<string, unknown>, parentPath: string): boolean {
    if (isPlainObject(value)) {
        return true;
    }
    if (typeof value !== "string") {
        return false;
    }
    return key === "secretKey" && ("secretName" in siblings || /secret$/i.test(lastKey(parentPath)));
}

function lastKey(path: string): string {
    const parts = path.split(".");
    return parts[parts.length - 1] ?? "";
}
