/**
 * Reads the repository's stacks (`Pulumi.<stack>.yaml`) into the config map the CLI would hand the
 * program. `secure:` values cannot be decrypted offline; each becomes a secret stand-in string
 * (`offline-secret:<key>`), so programs run and every secret stays marked as one.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Config for one stack, as `<namespace>:<key>` → string, with the secret keys listed. */
export interface StackConfig {
    /** Stack name. */
    stack: string;
    /** Config values (objects JSON-encoded, as the CLI passes them). */
    config: Record<string, string>;
    /** Keys whose values are secrets. */
    secretKeys: string[];
}

/** Every stack with a `Pulumi.<stack>.yaml` in the repository root, sorted. */
export function listStacks(root: string = REPO_ROOT): string[] {
    return fs
        .readdirSync(root)
        .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

/** Where the stack files are: `WANDB_STACKS_DIR`, or the repository root. */
export function stacksDir(): string {
    return process.env.WANDB_STACKS_DIR ?? REPO_ROOT;
}

/** The stand-in value for a `secure:` config key (a kubeconfig's has a kubeconfig's shape, which the programs check). */
export function offlineSecret(key: string): string {
    if (key.endsWith(":kubeconfig")) {
        return [
            "apiVersion: v1",
            "kind: Config",
            "clusters: [{name: offline, cluster: {server: 'https://127.0.0.1:6443'}}]",
            "contexts: [{name: offline, context: {cluster: offline, user: offline}}]",
            "current-context: offline",
            `users: [{name: offline, user: {token: 'offline-secret:${key}'}}]`,
        ].join("\n");
    }
    return `offline-secret:${key}`;
}

/** Loads `Pulumi.<stack>.yaml`; throws a clear error when it does not exist. */
export function loadStackConfig(stack: string, root: string = REPO_ROOT): StackConfig {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        throw new Error(`no stack "${stack}": ${file} does not exist (stacks: ${listStacks(root).join(", ")})`);
    }
    const document = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    return toStackConfig(stack, document.config ?? {});
}

/** Converts a stack file's `config:` block to the CLI's flat form. */
export function toStackConfig(stack: string, entries: Record<string, unknown>): StackConfig {
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(entries)) {
        if (isSecure(value)) {
            config[key] = offlineSecret(key);
            secretKeys.push(key);
        } else {
            config[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { stack, config, secretKeys };
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && Object.keys(value).length === 1 && "secure" in value;
}
