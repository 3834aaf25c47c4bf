/**
 * `npm run preflight -- [<stack>] [options]`: checks the existing services a W&B stack will use and
 * prints one line per check. Exit 0 when ready, 1 when a check failed, 2 on bad input.
 *
 * Options (each overrides what the stack file says):
 *   --dir DIR            where Pulumi.<stack>.yaml lives (default: the current directory)
 *   --secrets FILE       JSON object of secret config values: {"databasePassword": "…", …}
 *   --host URL           the W&B host (the browser origin the bucket's CORS must allow)
 *   --mysql URL          mysql://user:password@host:3306/wandb_local[?tls=true]
 *   --redis URL          redis://:password@host:6379[?tls=true] or rediss://…
 *   --bucket URL         s3://ACCESS_KEY:SECRET_KEY@host[:port]/bucket[?tls=true&region=…]
 *   --ca FILE            PEM CA bundle for TLS to MySQL, Redis and the object store
 *   --kubeconfig PATH    kubeconfig file; --context NAME; --ingress-class NAME
 *   --images LIST        comma-separated image references to check instead of the stack's
 *   --insecure-registry HOST  a registry (host:port) served over plain HTTP
 *   --only LIST          comma-separated services: object-store,mysql,redis,kubernetes,images
 *   --json               print the report as JSON
 * Secrets can also come from WANDB_DATABASE_PASSWORD, WANDB_REDIS_PASSWORD, WANDB_BUCKET_ACCESS_KEY,
 * WANDB_BUCKET_SECRET_KEY and WANDB_KUBECONFIG; registry pull credentials from WANDB_REGISTRY_USERNAME and
 * WANDB_REGISTRY_PASSWORD (for the registry the images come from).
 */
import * as fs from "fs";
import { PreflightInputError, parseBucketUrl, parseMysqlUrl, parseRedisUrl } from "./connection-strings";
import { PreflightTargets, formatPreflightReport, runPreflight } from "./runner";
import { registryAccess, targetsFromStack } from "./stack";
import { PREFLIGHT_SERVICES, PreflightService } from "./types";
import { runMain } from "../util/cli";

const VALUE_FLAGS = ["--dir", "--secrets", "--host", "--mysql", "--redis", "--bucket", "--ca", "--kubeconfig", "--context", "--ingress-class", "--images", "--insecure-registry", "--only"];

/** Parsed command line. */
interface CliArgs {
    stack?: string;
    flags: Record<string, string>;
    json: boolean;
}

function parseArgs(argv: string[]): CliArgs {
    const args: CliArgs = { flags: {}, json: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--json") {
            args.json = true;
        } else if (VALUE_FLAGS.includes(arg)) {
            if (argv[i + 1] === undefined) {
                throw new PreflightInputError(`${arg} needs a value`);
            }
            args.flags[arg] = argv[++i];
        } else if (arg.startsWith("--")) {
            throw new PreflightInputError(`unknown option ${arg} (options: ${[...VALUE_FLAGS, "--json"].join(" ")})`);
        } else if (args.stack === undefined) {
            args.stack = arg;
        } else {
            throw new PreflightInputError(`unexpected argument ${arg}: give one stack name`);
        }
    }
    return args;
}

function readFile(flag: string, file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new PreflightInputError(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
}

/** Builds the targets from the stack file and the flags. */
export function targetsFromArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): { targets: PreflightTargets; notes: string[]; json: boolean } {
    const { stack, flags, json } = parseArgs(argv);
    let secrets: Record<string, string> = {};
    if (flags["--secrets"]) {
        try {
            secrets = JSON.parse(readFile("--secrets", flags["--secrets"])) as Record<string, string>;
        } catch (error) {
            throw error instanceof PreflightInputError ? error : new PreflightInputError(`--secrets: ${flags["--secrets"]} is not a JSON object of strings`);
        }
    }
    const fromStack = stack ? targetsFromStack(stack, flags["--dir"] ?? process.cwd(), secrets, env) : { targets: {}, notes: [], host: undefined };
    const targets: PreflightTargets = { ...fromStack.targets };
    let notes = fromStack.notes;
    const host = flags["--host"] ?? fromStack.host;
    const ca = flags["--ca"] ? readFile("--ca", flags["--ca"]) : undefined;
    if (flags["--mysql"]) targets.mysql = parseMysqlUrl(flags["--mysql"]);
    if (flags["--redis"]) targets.redis = parseRedisUrl(flags["--redis"]);
    if (flags["--bucket"]) {
        if (!host) {
            throw new PreflightInputError("--bucket needs --host (the W&B host, the origin the bucket's CORS must allow)");
        }
        targets.objectStore = parseBucketUrl(flags["--bucket"], host);
    } else if (targets.objectStore && flags["--host"]) {
        targets.objectStore = { ...targets.objectStore, origin: flags["--host"] };
    }
    if (ca) {
        for (const service of [targets.mysql, targets.redis, targets.objectStore]) {
            if (service) service.caCert = ca;
        }
    }
    if (flags["--kubeconfig"] || flags["--context"] || flags["--ingress-class"]) {
        const base = targets.kubernetes ?? { ingressClass: "nginx" };
        targets.kubernetes = {
            ...base,
            kubeconfig: flags["--kubeconfig"] ? readFile("--kubeconfig", flags["--kubeconfig"]) : base.kubeconfig,
            context: flags["--context"] ?? base.context,
            ingressClass: flags["--ingress-class"] ?? base.ingressClass,
        };
        if (flags["--kubeconfig"]) notes = notes.filter((note) => !note.startsWith("kubeconfig:"));
    }
    if (flags["--images"]) {
        const images = flags["--images"].split(",").map((s) => s.trim()).filter((s) => s !== "");
        targets.images = { ...(targets.images ?? registryAccess(images, env)), images };
    }
    if (flags["--insecure-registry"] && targets.images) {
        targets.images = { ...targets.images, insecureRegistries: [...(targets.images.insecureRegistries ?? []), flags["--insecure-registry"]] };
    }
    if (ca && targets.images) {
        targets.images = { ...targets.images, caCert: ca };
    }
    if (flags["--only"]) {
        const only = flags["--only"].split(",").map((s) => s.trim());
        const unknown = only.filter((s) => !(PREFLIGHT_SERVICES as readonly string[]).includes(s));
        if (unknown.length > 0) {
            throw new PreflightInputError(`--only: unknown service ${unknown.join(", ")} (services: ${PREFLIGHT_SERVICES.join(", ")})`);
        }
        const keys: Record<PreflightService, keyof PreflightTargets> = { "object-store": "objectStore", mysql: "mysql", redis: "redis", kubernetes: "kubernetes", images: "images" };
        for (const service of PREFLIGHT_SERVICES) {
            if (!only.includes(service)) delete targets[keys[service]];
        }
    }
    if (!stack && Object.keys(targets).length === 0) {
        throw new PreflightInputError("nothing to check: give a stack name (npm run preflight -- onprem) or --mysql/--redis/--bucket/--kubeconfig");
    }
    return { targets, notes, json };
}

/** Runs the CLI; returns the exit code. Bad input prints one `error:` line, never a stack trace. */
export async function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
    let parsed: ReturnType<typeof targetsFromArgs>;
    try {
        parsed = targetsFromArgs(argv);
    } catch (error) {
        err(`error: ${error instanceof PreflightInputError ? error.message : String((error as Error)?.message ?? error).split("\n")[0]}`);
        return 2;
    }
    parsed.notes.forEach((note) => out(`note: ${note}`));
    const report = await runPreflight(parsed.targets);
    out(parsed.json ? JSON.stringify(report, null, 2) : formatPreflightReport(report));
    return report.ok ? 0 : 1;
}

if (require.main === module) {
    runMain(main);
}
