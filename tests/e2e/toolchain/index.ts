/**
 * The e2e toolchain as the tests see it: which binaries to use (from `build.sh --check`), and an engine root that
 * `pulumi` runs from with no network: `<root>/bin` holds `pulumi` and the language hosts, and
 * `PULUMI_HOME/plugins` holds the Kubernetes provider under the version `@pulumi/kubernetes` asks for.
 */
import * as childProcess from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const BUILD_SCRIPT = path.join(__dirname, "build.sh");
/** Where build.sh keeps what it builds (and the Go SDK check its module downloads). */
export const E2E_CACHE = process.env.WANDB_E2E_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "wandb-pulumi-e2e");

/** Absolute paths of the binaries (and kwok's stage definitions). */
export interface Toolchain {
    pulumi: string;
    k8sProvider: string;
    kubeApiserver: string;
    kubeControllerManager: string;
    kubeScheduler: string;
    kwok: string;
    /** The `kustomize/stage` directory of the kwok module (pod and node lifecycles). */
    kwokStages: string;
    etcd: string;
    /** Pulumi's YAML language host (`pulumi-language-yaml`), for the Pulumi YAML programs. */
    yamlHost: string;
    /** Our SDK-generation stand-in for the Python, Go and .NET language hosts (codegen-host/main.go). */
    codegenHost: string;
}

/** Either the toolchain, or why it is not there (build.sh's own words). */
export type ToolchainStatus = { ready: true; tools: Toolchain; report: string } | { ready: false; report: string };

/** Runs `build.sh --check`: never builds, never touches the network. */
export function findToolchain(): ToolchainStatus {
    const res = childProcess.spawnSync("bash", [BUILD_SCRIPT, "--check"], { encoding: "utf8" });
    const report = (res.stderr ?? "").trim();
    const vars: Record<string, string> = {};
    for (const line of (res.stdout ?? "").split("\n")) {
        const m = /^(E2E_[A-Z0-9_]+)=(.*)$/.exec(line.trim());
        if (m) vars[m[1]] = m[2];
    }
    if (res.status !== 0) return { ready: false, report };
    return {
        ready: true,
        report,
        tools: {
            pulumi: vars.E2E_PULUMI,
            k8sProvider: vars.E2E_K8S_PROVIDER,
            kubeApiserver: vars.E2E_KUBE_APISERVER,
            kubeControllerManager: vars.E2E_KUBE_CONTROLLER_MANAGER,
            kubeScheduler: vars.E2E_KUBE_SCHEDULER,
            kwok: vars.E2E_KWOK,
            kwokStages: vars.E2E_KWOK_STAGES,
            etcd: vars.E2E_ETCD,
            yamlHost: vars.E2E_YAML_HOST,
            codegenHost: vars.E2E_CODEGEN_HOST,
        },
    };
}

/** The pins of versions.env (`PULUMI_VERSION`, `YAML_VERSION`, ...), as build.sh reads them. */
export function pinnedVersions(): Record<string, string> {
    const pins: Record<string, string> = {};
    for (const line of fs.readFileSync(path.join(__dirname, "versions.env"), "utf8").split("\n")) {
        const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
        if (m) pins[m[1]] = m[2];
    }
    return pins;
}

/** The version of an npm package as package-lock.json pins it (what the SDK asks the engine for). */
export function lockedVersion(pkg: string): string {
    const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8"));
    const version = lock.packages?.[`node_modules/${pkg}`]?.version;
    if (!version) throw new Error(`${pkg} is not in package-lock.json`);
    return version;
}

/** Where `pulumi` runs from: `root` for `PulumiCommand.get({ root })`, `env` for every CLI call. */
export interface EngineRoot {
    root: string;
    bin: string;
    pulumiHome: string;
    env: Record<string, string>;
    /** `pulumi` with the env above; returns stdout, stderr and the exit code. */
    pulumi(args: string[], opts?: { cwd?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<CliResult>;
}

/** The outcome of one CLI call. */
export interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** The languages whose SDKs `pulumi package gen-sdk` makes through the codegen stand-in. */
export const CODEGEN_LANGUAGES = ["python", "go", "dotnet"] as const;

/**
 * Lays out an engine root in `dir`: `bin/pulumi` (symlink), `bin/pulumi-language-nodejs` (our stand-in, see
 * language-host.ts), `bin/pulumi-language-yaml` (Pulumi's), `bin/pulumi-language-{python,go,dotnet}` (the codegen
 * stand-in: SDK generation only, it cannot run programs), and the provider in
 * `pulumi-home/plugins/resource-kubernetes-v<locked version>/`. The CLI does not compare a plugin's own version with its directory's, so the 4.25.0 build serves the 4.34.2 SDK
 * (docs/real-engine.md says what that costs).
 */
export function makeEngineRoot(tools: Toolchain, dir: string, backendDir: string): EngineRoot {
    const bin = path.join(dir, "bin");
    const pulumiHome = path.join(dir, "pulumi-home");
    fs.mkdirSync(bin, { recursive: true });
    fs.symlinkSync(tools.pulumi, path.join(bin, "pulumi"));
    fs.symlinkSync(tools.yamlHost, path.join(bin, "pulumi-language-yaml"));
    for (const language of CODEGEN_LANGUAGES) fs.symlinkSync(tools.codegenHost, path.join(bin, `pulumi-language-${language}`));
    const node = process.execPath;
    const tsNode = require.resolve("ts-node/register/transpile-only", { paths: [REPO_ROOT] });
    fs.writeFileSync(path.join(bin, "pulumi-language-nodejs"),
        // The repository's tsconfig, whatever directory the CLI starts the host in (an Automation API workspace has none).
        `#!/bin/sh\nTS_NODE_PROJECT="${path.join(REPO_ROOT, "tsconfig.json")}" exec "${node}" -r "${tsNode}" "${path.join(__dirname, "language-host.ts")}" "$@"\n`, { mode: 0o755 });

    const k8sVersion = lockedVersion("@pulumi/kubernetes");
    const pluginDir = path.join(pulumiHome, "plugins", `resource-kubernetes-v${k8sVersion}`);
    fs.mkdirSync(pluginDir, { recursive: true });
    fs.symlinkSync(tools.k8sProvider, path.join(pluginDir, "pulumi-resource-kubernetes"));

    const env: Record<string, string> = {
        // The repository's Node 22 first: the language host and the program run on it.
        PATH: [bin, path.dirname(node), process.env.PATH ?? ""].join(path.delimiter),
        PULUMI_HOME: pulumiHome,
        PULUMI_BACKEND_URL: `file://${backendDir}`,
        PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
        // No network from the CLI: no update check, no plugin download, no registry lookups, no telemetry.
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
        PULUMI_DIY_BACKEND_DISABLE_CHECKPOINT_BACKUPS: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        NO_COLOR: "1",
    };
    const run = (args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}) => {
        // Flags go before a `--` (after which everything is a value).
        const split = args.indexOf("--") < 0 ? args.length : args.indexOf("--");
        const argv = [...args.slice(0, split), "--non-interactive", "--color=never", ...args.slice(split)];
        return runCommand(path.join(bin, "pulumi"), argv, { ...opts, env: { ...env, ...opts.env } });
    };
    return { root: dir, bin, pulumiHome, env, pulumi: run };
}

/**
 * Lets the CLI bind schemas that reference `@pulumi/kubernetes` (ours does: its provider, `Release`, `Secret`). Such a
 * reference names the npm SDK's version (4.34.2); the CLI loads that plugin, which is the 4.25.0 binary installed
 * under that version's directory (see makeEngineRoot), and its schema says `version: 4.25.0`, so binding fails with
 * `loader returned kubernetes@4.25.0; requested kubernetes@4.34.2`. This writes that binary's own schema, labelled
 * with the directory's version, where the CLI looks first (`PULUMI_HOME/schemas/kubernetes-<version>.json`): the same
 * stand-in the directory name already is for every resource operation (docs/real-engine.md, "What the version gap costs").
 */
export async function labelProviderSchema(engine: EngineRoot): Promise<void> {
    const version = lockedVersion("@pulumi/kubernetes");
    // Not from the repository root: with both PulumiPlugin.yaml and Pulumi.yaml there, `pulumi package` refuses to start.
    const result = await engine.pulumi(["package", "get-schema", `kubernetes@${version}`], { cwd: engine.root });
    if (result.code !== 0) throw new Error(`pulumi package get-schema kubernetes@${version} failed: ${result.stderr.slice(-2000)}`);
    const schema = JSON.parse(result.stdout) as { version?: string };
    schema.version = version;
    fs.mkdirSync(path.join(engine.pulumiHome, "schemas"), { recursive: true });
    fs.writeFileSync(path.join(engine.pulumiHome, "schemas", `kubernetes-${version}.json`), JSON.stringify(schema));
}

/** Runs a command with `env` over this process's environment; interrupted (SIGINT) after `timeoutMs` (10 min). */
export function runCommand(file: string, argv: string[],
    opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
    return new Promise<CliResult>((resolve) => {
        const child = childProcess.spawn(file, argv, {
            cwd: opts.cwd ?? REPO_ROOT,
            env: { ...process.env, ...opts.env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c: Buffer) => { stdout += c.toString(); });
        child.stderr.on("data", (c: Buffer) => { stderr += c.toString(); });
        const timer = setTimeout(() => child.kill("SIGINT"), opts.timeoutMs ?? 10 * 60 * 1000);
        child.on("error", (err) => { clearTimeout(timer); resolve({ code: 127, stdout, stderr: `${stderr}${String(err)}` }); });
        child.on("exit", (code) => { clearTimeout(timer); resolve({ code: code ?? 1, stdout, stderr }); });
    });
}

/** A fresh temporary directory for one suite run. */
export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
