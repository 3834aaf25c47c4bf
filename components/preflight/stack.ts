/**
 * Preflight targets from a stack file (`Pulumi.<stack>.yaml`). Encrypted (`secure:`) values cannot be
 * read without the Pulumi CLI, so secrets come from a JSON file (`--secrets file.json`, keys as in the
 * stack: `databasePassword`, `redisPassword`, `bucketAccessKey`, `bucketSecretKey`, `kubeconfig`) or
 * from environment variables (`WANDB_DATABASE_PASSWORD`, `WANDB_REDIS_PASSWORD`,
 * `WANDB_BUCKET_ACCESS_KEY`, `WANDB_BUCKET_SECRET_KEY`, `WANDB_KUBECONFIG`).
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { WandbImageVersions } from "../release";
import { MYSQL_DATABASE } from "../requirements";
import { PreflightInputError } from "./connection-strings";
import { deploymentImages } from "./deployment-images";
import { ImagesTarget, parseImageReference } from "./images";
import { PreflightTargets } from "./runner";

/** The secrets preflight may need, by stack config key. */
export const PREFLIGHT_SECRET_KEYS = ["databasePassword", "redisPassword", "bucketAccessKey", "bucketSecretKey", "kubeconfig"] as const;

/** The environment variable that carries a secret config key: `databasePassword` → `WANDB_DATABASE_PASSWORD`. */
export function secretEnvVar(key: string): string {
    return `WANDB_${key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
}

/** Targets read from a stack, and what could not be checked. */
export interface StackTargets {
    /** The services the stack configures. */
    targets: PreflightTargets;
    /** The W&B host (the CORS origin). */
    host?: string;
    /** Lines for the user (services not checked and why). */
    notes: string[];
}

/** Reads `Pulumi.<stack>.yaml` in `dir` into preflight targets. */
export function targetsFromStack(stack: string, dir: string, secrets: Record<string, string>, env: NodeJS.ProcessEnv = process.env): StackTargets {
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        throw new PreflightInputError(`no stack file ${file}`);
    }
    let document: { config?: Record<string, unknown> };
    try {
        document = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    } catch (error) {
        throw new PreflightInputError(`${file} is not valid YAML: ${String((error as Error).message).split("\n")[0]}`);
    }
    const config = document.config ?? {};
    const plain = <T>(key: string): T | undefined => {
        const value = config[`wandb:${key}`];
        return isSecure(value) ? undefined : (value as T | undefined);
    };
    const missing: string[] = [];
    const secret = (key: string, required: boolean): string | undefined => {
        const value = secrets[key] ?? secrets[`wandb:${key}`] ?? env[secretEnvVar(key)] ?? plain<string>(key);
        if (value === undefined && required && `wandb:${key}` in config) {
            missing.push(key);
        }
        return value;
    };

    const program = plain<string>("program");
    const host = plain<string>("host");
    const notes: string[] = [];
    const targets: PreflightTargets = {};
    const database = plain<{ host: string; port?: number; name?: string; user?: string; caCert?: string; tls?: boolean }>("database");
    if (database) {
        targets.mysql = {
            host: database.host,
            port: database.port,
            user: database.user ?? MYSQL_DATABASE.name,
            database: database.name ?? MYSQL_DATABASE.name,
            password: secret("databasePassword", true),
            caCert: database.caCert,
            tls: database.tls,
        };
    }
    const redis = plain<{ host: string; port?: number; tls?: boolean; caCert?: string }>("redis");
    if (redis) {
        targets.redis = { host: redis.host, port: redis.port, tls: redis.tls, caCert: redis.caCert, password: secret("redisPassword", true) };
    }
    const bucket = plain<{ provider?: string; name: string; endpoint?: string; tls?: boolean; region?: string; caCert?: string }>("bucket");
    if (bucket && (bucket.provider ?? "s3") !== "s3") {
        notes.push(`object store not checked: provider ${bucket.provider} (preflight speaks the S3 API)`);
    } else if (bucket) {
        if (!host) {
            throw new PreflightInputError(`${file} sets wandb:bucket but not wandb:host (the CORS origin); pass --host`);
        }
        targets.objectStore = {
            bucket: bucket.name,
            endpoint: bucket.endpoint,
            tls: bucket.tls,
            region: bucket.region,
            caCert: bucket.caCert,
            accessKey: secret("bucketAccessKey", true),
            secretKey: secret("bucketSecretKey", true),
            origin: host,
        };
    }
    const ingress = plain<{ class?: string }>("ingress");
    if (program === "onprem" || "wandb:kubeconfig" in config) {
        const kubeconfig = secret("kubeconfig", false);
        if (kubeconfig === undefined) {
            notes.push(`kubeconfig: wandb:kubeconfig not given (${secretEnvVar("kubeconfig")} or --secrets); using KUBECONFIG / ~/.kube/config`);
        }
        targets.kubernetes = { kubeconfig, context: plain<string>("kubeContext"), ingressClass: ingress?.class ?? "nginx" };
    }
    const instance = plain<{ images?: Partial<WandbImageVersions>; airgapped?: { imageRegistry?: string } }>("instance") ?? {};
    const operator = plain<{ controllerImageTag?: string; airgapped?: { controllerImageRepository?: string } }>("operator") ?? {};
    const images = deploymentImages({
        products: plain<string>("products"),
        images: instance.images,
        imageRegistry: instance.airgapped?.imageRegistry,
        controllerImageTag: operator.controllerImageTag,
        controllerImageRepository: operator.airgapped?.controllerImageRepository,
    });
    targets.images = registryAccess(images, { ...env, ...secretsAsEnv(secrets) });
    if (missing.length > 0) {
        throw new PreflightInputError(
            `encrypted in ${path.basename(file)}: ${missing.map((k) => `wandb:${k}`).join(", ")}; give ${missing.length > 1 ? "them" : "it"} as ` +
                `${missing.map(secretEnvVar).join(", ")} or in --secrets file.json`,
        );
    }
    if (Object.keys(targets).filter((k) => k !== "images").length === 0) {
        notes.push(`stack ${stack} (program ${program ?? "?"}) configures no existing services: its program creates them; pass --mysql/--redis/--bucket/--kubeconfig to check others`);
    }
    return { targets, host, notes };
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && "secure" in value;
}

/** Registry pull credentials from `registryUsername`/`registryPassword` in --secrets as environment variables. */
function secretsAsEnv(secrets: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const key of ["registryUsername", "registryPassword"]) {
        if (secrets[key] !== undefined) env[secretEnvVar(key)] = secrets[key];
    }
    return env;
}

/**
 * The images target, with the pull credentials (`WANDB_REGISTRY_USERNAME`/`WANDB_REGISTRY_PASSWORD`)
 * for every registry the images come from.
 */
export function registryAccess(images: string[], env: NodeJS.ProcessEnv): ImagesTarget {
    const username = env[secretEnvVar("registryUsername")];
    const password = env[secretEnvVar("registryPassword")];
    if (username === undefined || password === undefined) {
        return { images };
    }
    const registries = [...new Set(images.map((image) => parseImageReference(image).registry))];
    return { images, credentials: Object.fromEntries(registries.map((registry) => [registry, { username, password }])) };
}
