/**
 * What every e2e spec file shares: one cluster (real control plane, kwok nodes), one Helm repository on 127.0.0.1
 * with the fixture charts, one engine root (the built CLI and provider), and the onprem project as a user has it.
 * Started by the first spec that asks, stopped after the last test (a root `after` hook), with every played
 * operator. Timings are printed at the end (informational, never asserted).
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { WandbConfigInput, WandbStackOptions } from "../../components/automation";
import { OPERATOR_CHART, PLATFORM_CHART } from "../../components/release";
import { Cluster, startCluster } from "./cluster";
import { HelmRepo, serveHelmRepo } from "./helm-repo";
import { PlayedOperator } from "./operator";
import { CliResult, EngineRoot, REPO_ROOT, Toolchain, findToolchain, makeEngineRoot, tempDir } from "./toolchain";

/** The operator-wandb version an upgrade moves to (served by the repository besides the pinned one). */
export const UPGRADE_CHART_VERSION = "0.43.9";
/** W&B image tags an upgrade moves to. */
export const UPGRADE_IMAGES = { local: "0.84.0", console: "2.18.13" } as const;
/** Where the e2e instances' images come from (`wandb:instance.airgapped.imageRegistry`). */
export const IMAGE_REGISTRY = "registry.e2e.example.internal/wandb";

/** Secret config values; scenario 8 looks for each of them in the state. */
export const SECRETS = {
    license: "e2e-license-5a1d0c7e-first",
    databasePassword: "e2e-db-password-7f3b",
    bucketAccessKey: "e2e-bucket-access-91c2",
    bucketSecretKey: "e2e-bucket-secret-4d8e",
    redisPassword: "e2e-redis-password-2b6a",
    oidcClientSecret: "e2e-oidc-client-secret-0e5f",
    smtpPassword: "e2e-smtp-password-c37d",
};

/** The shared environment. */
export interface E2eEnvironment {
    tools: Toolchain;
    cluster: Cluster;
    repo: HelmRepo;
    engine: EngineRoot;
    work: string;
    /** The onprem project as a user has it (Pulumi.yaml, package.json, tsconfig.json, programs/, components/). */
    projectDir: string;
    timings: Record<string, number>;
    /** Played operators to stop at the end. */
    operators: PlayedOperator[];
}

let started: Promise<E2eEnvironment | { skip: string }> | undefined;
let environment: E2eEnvironment | undefined;

async function start(): Promise<E2eEnvironment | { skip: string }> {
    const status = findToolchain();
    console.log(status.report.split("\n").map((l) => `    ${l}`).join("\n"));
    if (!status.ready) return { skip: "The e2e toolchain is not built: skipping the real-engine suite. Build it with `npm run e2e:toolchain`." };
    const { tools } = status;
    const timings: Record<string, number> = {};
    const work = tempDir("wandb-e2e-");
    let t = Date.now();
    const cluster = await startCluster(tools);
    timings["cluster start, 3 kwok nodes Ready (s)"] = (Date.now() - t) / 1000;
    fs.mkdirSync(path.join(work, "charts"));
    const repo = await serveHelmRepo([
        { dir: path.join(__dirname, "fixtures", "operator-chart"), versions: [OPERATOR_CHART.version] },
        { dir: path.join(__dirname, "fixtures", "operator-wandb-chart"), versions: [PLATFORM_CHART.version, UPGRADE_CHART_VERSION] },
    ], path.join(work, "charts"));
    const engine = makeEngineRoot(tools, path.join(work, "engine"), path.join(work, "state"));
    fs.mkdirSync(path.join(work, "state"));

    // The project as a user has it, in a directory of its own so no stack file lands in the repository.
    const projectDir = path.join(work, "project");
    fs.mkdirSync(projectDir);
    for (const f of ["Pulumi.yaml", "package.json", "tsconfig.json"]) fs.copyFileSync(path.join(REPO_ROOT, f), path.join(projectDir, f));
    for (const d of ["programs", "components", "node_modules"]) fs.symlinkSync(path.join(REPO_ROOT, d), path.join(projectDir, d));
    environment = { tools, cluster, repo, engine, work, projectDir, timings, operators: [] };
    return environment;
}

/** The shared environment, started on first use; skips the calling suite when the toolchain is not built. */
export async function e2eEnvironment(context: Mocha.Context): Promise<E2eEnvironment> {
    started ??= start();
    const env = await started;
    if ("skip" in env) {
        console.log(`    ${env.skip}`);
        context.skip();
    }
    return env as E2eEnvironment;
}

after(async function () {
    if (!environment) return;
    const keep = process.env.E2E_KEEP === "1";
    for (const operator of environment.operators) operator.stop();
    await environment.repo.close();
    await environment.cluster.stop(keep);
    if (keep) console.log(`    kept: ${environment.work} and ${environment.cluster.dir}`);
    else fs.rmSync(environment.work, { recursive: true, force: true });
    console.log("    timings (informational):");
    for (const [k, v] of Object.entries(environment.timings)) console.log(`      ${k}: ${v.toFixed(1)}`);
});

/** The settings that tell one onprem stack from another in the same cluster. */
export interface InstanceNames {
    stack: string;
    operatorNamespace: string;
    instanceNamespace: string;
    crName: string;
    host: string;
}

/** The stack config of an onprem stack (plain values; the secrets go through `setSecrets`). */
export function onpremConfig(env: E2eEnvironment, names: InstanceNames, instance: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        "wandb:program": "onprem",
        "wandb:environment": "production",
        "wandb:products": "models",
        "wandb:host": names.host,
        "wandb:database": { host: "mysql.e2e.example.internal", port: 3306, name: "wandb_local", user: "wandb_local" },
        "wandb:bucket": { provider: "s3", endpoint: "minio.e2e.example.internal:9000", name: "wandb", tls: true, region: "us-east-1" },
        "wandb:redis": { host: "redis.e2e.example.internal", port: 6379, tls: true },
        "wandb:ingress": { class: "nginx", certManagerClusterIssuer: "letsencrypt-prod" },
        "wandb:operator": {
            namespace: names.operatorNamespace,
            installName: `${names.crName}-operator`,
            airgapped: { chartRepository: env.repo.url, controllerImageRepository: "registry.e2e.example.internal/wandb/controller" },
        },
        "wandb:instance": {
            namespace: names.instanceNamespace,
            crName: names.crName,
            size: "small",
            readinessTimeout: "5m",
            // The W&B chart from the same repository (so the played operator can pull it), images from the mirror.
            airgapped: { chartRepository: env.repo.url, imageRegistry: IMAGE_REGISTRY },
            ...instance,
        },
    };
}

/** `pulumi` for one stack of the shared project (or of the project in `cwd`), with extra environment if given. */
export function stackCli(env: E2eEnvironment, stack: string, cwd = env.projectDir) {
    return (args: string[], timeoutMs?: number, extraEnv: Record<string, string> = {}): Promise<CliResult> => {
        const split = args.indexOf("--") < 0 ? args.length : args.indexOf("--");
        return env.engine.pulumi([...args.slice(0, split), "--stack", stack, ...args.slice(split)], { cwd, timeoutMs, env: extraEnv });
    };
}

/** Creates a stack of the shared project with `config` and the secret config values (kubeconfig and `SECRETS`). */
export async function initStack(env: E2eEnvironment, stack: string, config: Record<string, unknown>,
    extraSecrets: [string, string][] = []): Promise<void> {
    await initProjectStack(env, env.projectDir, stack, config, [
        ["wandb:kubeconfig", env.cluster.kubeconfig],
        ["wandb:license", SECRETS.license],
        ["wandb:databasePassword", SECRETS.databasePassword],
        ["wandb:bucketAccessKey", SECRETS.bucketAccessKey],
        ["wandb:bucketSecretKey", SECRETS.bucketSecretKey],
        ["wandb:redisPassword", SECRETS.redisPassword],
        ...extraSecrets,
    ]);
}

/** Creates a stack of the project in `projectDir`: plain `config` in its stack file, `secretConfig` through the CLI. */
export async function initProjectStack(env: E2eEnvironment, projectDir: string, stack: string, config: Record<string, unknown>,
    secretConfig: [string, string][]): Promise<void> {
    const pulumi = stackCli(env, stack, projectDir);
    expectOk(await env.engine.pulumi(["stack", "init", stack, "--secrets-provider", "passphrase"], { cwd: projectDir }), "stack init");
    const stackFile = path.join(projectDir, `Pulumi.${stack}.yaml`);
    const stackYaml = (yaml.load(fs.readFileSync(stackFile, "utf8")) ?? {}) as Record<string, unknown>;
    stackYaml.config = config;
    fs.writeFileSync(stackFile, yaml.dump(stackYaml));
    for (const [key, value] of secretConfig) {
        expectOk(await pulumi(["config", "set", "--secret", ...(key.includes(".") ? ["--path"] : []), key, "--", value]), `config set ${key}`);
    }
}

/** The last part of a CLI run's output, for assertion messages. */
export function dump(result: CliResult): string {
    return `exit ${result.code}\n--- stdout\n${result.stdout.slice(-6000)}\n--- stderr\n${result.stderr.slice(-4000)}`;
}

/** Throws with the output unless the CLI run succeeded. */
export function expectOk(result: CliResult, what: string): void {
    if (result.code !== 0) throw new Error(`${what} failed: ${dump(result)}`);
}

/** The steps of `pulumi preview --json`. */
export interface PreviewStep {
    op: string;
    urn: string;
    newState?: { type: string };
    oldState?: { type: string };
}

/** The steps of a `pulumi preview --json` run. */
export function previewSteps(result: CliResult): PreviewStep[] {
    const json = JSON.parse(result.stdout.slice(result.stdout.indexOf("{")));
    return json.steps ?? [];
}

/** A step's resource type. */
export const typeOf = (s: PreviewStep) => s.newState?.type ?? s.oldState?.type ?? s.urn.split("::")[2].split("$").pop() ?? "";

/** `deployWandb`/`previewWandb`/`destroyWandb` options for an onprem stack of the shared cluster on the built CLI. */
export function automationOptions(env: E2eEnvironment, names: InstanceNames, workDir: string, backendUrl: string,
    extraEnv: Record<string, string> = {}): WandbStackOptions {
    const { ["wandb:program"]: _program, ...config } = onpremConfig(env, names) as Record<string, WandbConfigInput>;
    return {
        stackName: names.stack,
        program: "onprem",
        workDir,
        backendUrl,
        pulumiRoot: env.engine.root,
        // The engine root's own file backend would override the stack's `backendUrl` (the environment wins).
        envVars: { ...Object.fromEntries(Object.entries(env.engine.env).filter(([k]) => k !== "PULUMI_BACKEND_URL")), ...extraEnv },
        config,
        secrets: {
            kubeconfig: env.cluster.kubeconfig,
            license: SECRETS.license,
            databasePassword: SECRETS.databasePassword,
            bucketAccessKey: SECRETS.bucketAccessKey,
            bucketSecretKey: SECRETS.bucketSecretKey,
            redisPassword: SECRETS.redisPassword,
        },
    };
}
