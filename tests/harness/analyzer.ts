/**
 * A client of Pulumi's `Analyzer` gRPC service, driving a policy pack the way the Pulumi CLI does:
 * start the pack with `@pulumi/pulumi/cmd/run-policy-pack <engine> <pack dir>` (what the CLI's nodejs
 * language host runs), read the port it prints, then `getAnalyzerInfo`, `configure` (with each
 * policy's schema defaults filled in, which the CLI does and the SDK does not), `configureStack`,
 * `analyze` per resource (inputs) and `analyzeStack` (outputs).
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { OfflinePlan, RecordedResource } from "./engine";
import { REPO_ROOT } from "./stacks";

/* eslint-disable @typescript-eslint/no-explicit-any */
// The generated protobuf/gRPC modules ship without TypeScript declarations for these entry points;
// they are loaded from @pulumi/pulumi's own dependency tree so message classes match the server's.
const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc: any = require(require.resolve("@grpc/grpc-js", { paths: [PULUMI_DIR] }));
const analyzerRpc: any = require("@pulumi/pulumi/proto/analyzer_grpc_pb.js");
const analyzerProto: any = require("@pulumi/pulumi/proto/analyzer_pb.js");
const structProto: any = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [PULUMI_DIR] }));
const emptyProto: any = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [PULUMI_DIR] }));

/** The policy pack of this repository. */
export const POLICY_PACK_DIR = path.join(REPO_ROOT, "policies");

/** Enforcement levels as the CLI shows them. */
export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];

/** One policy violation. */
export interface Diagnostic {
    /** Policy name. */
    policyName: string;
    /** Policy pack name. */
    policyPackName: string;
    /** The violation message (the SDK prefixes it with the policy's description; that prefix is in `description`). */
    message: string;
    /** The policy's description. */
    description: string;
    /** URN of the resource it concerns ("" for a stack-level violation without a resource). */
    urn: string;
    /** Enforcement level it was reported with. */
    enforcementLevel: EnforcementLevel;
}

/** A policy as the pack describes it. */
export interface PolicyDescription {
    /** Name. */
    name: string;
    /** Default enforcement level. */
    enforcementLevel: EnforcementLevel;
    /** Config schema properties (JSON schema), if any. */
    configSchema?: { properties?: Record<string, { default?: unknown }> };
}

/** Per-policy config, as in a `--policy-pack-config` file: a level, or an object with `enforcementLevel` and properties. */
export type PolicyConfigOverrides = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

/** How to analyze a plan. */
export interface AnalyzeOptions {
    /** Stack tags (`configureStack`), e.g. `wandb:environment`. */
    stackTags?: Record<string, string>;
}

function call<T>(client: any, method: string, request: any): Promise<T> {
    return new Promise((resolve, reject) => client[method](request, (error: Error | null, response: T) => (error ? reject(error) : resolve(response))));
}

/** A running policy pack and a gRPC client connected to it. Call `stop()` when done. */
export class PolicyAnalyzer {
    private constructor(
        private readonly child: ChildProcess,
        private readonly client: any,
        /** The pack's policies, from `getAnalyzerInfo`. */
        public readonly policies: PolicyDescription[],
        /** The pack's name and version. */
        public readonly pack: { name: string; version: string },
        /** Milliseconds from spawning the pack to its first answer (`getAnalyzerInfo`), as the CLI waits for it. */
        public readonly firstAnswerMs: number,
    ) {}

    /**
     * CPU milliseconds (user + system) the pack process has used so far, from /proc (Linux); undefined
     * elsewhere. Unlike wall time, it does not grow when other work on the machine delays the pack.
     */
    cpuMs(): number | undefined {
        try {
            // Fields after the parenthesised command name: utime and stime are the 12th and 13th, in clock ticks (100/s).
            const fields = fs.readFileSync(`/proc/${this.child.pid}/stat`, "utf8").split(") ")[1].split(" ");
            return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
        } catch {
            return undefined;
        }
    }

    /** Starts the pack in `packDir` and connects; fails with the pack's stderr if it exits or prints no port. */
    static async start(packDir: string = POLICY_PACK_DIR, timeoutMs = 120_000): Promise<PolicyAnalyzer> {
        ensurePackBuilt(packDir);
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
        const spawned = process.hrtime.bigint();
        // The engine address is the CLI's; the pack only logs through it, which nothing here needs.
        const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
        const port = await new Promise<number>((resolve, reject) => {
            let stdout = "";
            let stderr = "";
            const timer = setTimeout(() => reject(new Error(`policy pack printed no port within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
            child.stdout!.on("data", (chunk: Buffer) => {
                stdout += chunk.toString();
                const match = /^(\d+)\s*$/m.exec(stdout);
                if (match) {
                    clearTimeout(timer);
                    resolve(Number(match[1]));
                }
            });
            child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
            child.on("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`policy pack exited with ${code} before serving: ${stderr || stdout}`));
            });
        });
        child.removeAllListeners("exit");
        const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        try {
            const info: any = await call(client, "getAnalyzerInfo", new emptyProto.Empty());
            const firstAnswerMs = Number(process.hrtime.bigint() - spawned) / 1e6;
            const policies: PolicyDescription[] = info.getPoliciesList().map((policy: any) => ({
                name: policy.getName(),
                enforcementLevel: LEVELS[policy.getEnforcementlevel()],
                configSchema: policy.getConfigschema() ? { properties: policy.getConfigschema().getProperties()?.toJavaScript() } : undefined,
            }));
            const analyzer = new PolicyAnalyzer(child, client, policies, { name: info.getName(), version: info.getVersion() }, firstAnswerMs);
            await analyzer.configure({});
            return analyzer;
        } catch (error) {
            child.kill();
            throw error;
        }
    }

    /**
     * Sends the pack its config as the CLI does: every policy gets its default enforcement level and
     * its schema's defaults, then the overrides (`all` sets every policy's level).
     */
    async configure(overrides: PolicyConfigOverrides): Promise<void> {
        const request = new analyzerProto.ConfigureAnalyzerRequest();
        const map = request.getPolicyconfigMap();
        const all = typeof overrides.all === "string" ? overrides.all : undefined;
        for (const policy of this.policies) {
            const properties: Record<string, unknown> = {};
            for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
                if (schema.default !== undefined) {
                    properties[key] = schema.default;
                }
            }
            let level = all ?? policy.enforcementLevel;
            const override = overrides[policy.name];
            if (typeof override === "string") {
                level = override;
            } else if (override) {
                const { enforcementLevel, ...rest } = override;
                level = enforcementLevel ?? level;
                Object.assign(properties, rest);
            }
            const config = new analyzerProto.PolicyConfig();
            config.setEnforcementlevel(LEVELS.indexOf(level));
            config.setProperties(structProto.Struct.fromJavaScript(properties));
            map.set(policy.name, config);
        }
        await call(this.client, "configure", request);
    }

    /** Sends stack identity and tags (`configureStack`), which policies read as `stackTags`. */
    async configureStack(plan: OfflinePlan, tags: Record<string, string>): Promise<void> {
        const request = new analyzerProto.AnalyzerStackConfigureRequest();
        request.setStack(plan.stack);
        request.setProject(plan.project);
        request.setOrganization("organization");
        request.setDryRun(true);
        const map = request.getTagsMap();
        for (const [key, value] of Object.entries(tags)) {
            map.set(key, value);
        }
        await call(this.client, "configureStack", request);
    }

    /** Analyzes every resource of `plan` (`analyze`), then the whole plan (`analyzeStack`). */
    async analyzePlan(plan: OfflinePlan, options: AnalyzeOptions = {}): Promise<Diagnostic[]> {
        await this.configureStack(plan, options.stackTags ?? {});
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        const analyzed = plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
        // The engine analyzes resources as their steps run, many at once; so does this client.
        const perResource = await mapConcurrently(analyzed, ANALYZE_CONCURRENCY, async (resource) => {
            // Resource policies see inputs.
            const request = describeResource(new analyzerProto.AnalyzeRequest(), resource, resource.inputs, byUrn);
            // Like the CLI, attribute a resource policy's violation to the resource analyzed.
            return readDiagnostics(await call(this.client, "analyze", request), resource.urn);
        });
        const diagnostics: Diagnostic[] = perResource.flat();
        const stackRequest = new analyzerProto.AnalyzeStackRequest();
        stackRequest.setResourcesList(
            analyzed.map((resource) => {
                // Stack policies see outputs.
                const message = describeResource(new analyzerProto.AnalyzerResource(), resource, resource.outputs, byUrn);
                message.setParent(resource.parent ?? "");
                message.setDependenciesList(resource.dependencies);
                return message;
            }),
        );
        diagnostics.push(...readDiagnostics(await call(this.client, "analyzeStack", stackRequest)));
        return diagnostics;
    }

    /** Stops the pack process. */
    stop(): void {
        this.client.close?.();
        if (this.child.exitCode === null) {
            this.child.kill();
        }
    }
}

/** Analyze calls in flight at once (the CLI's default parallelism is of the same order). */
const ANALYZE_CONCURRENCY = 16;

/** `map` with at most `limit` calls in flight, results in input order. */
async function mapConcurrently<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await fn(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

function readDiagnostics(response: any, analyzedUrn = ""): Diagnostic[] {
    return response.getDiagnosticsList().map((d: any) => {
        const description: string = d.getDescription();
        const raw: string = d.getMessage();
        return {
            policyName: d.getPolicyname(),
            policyPackName: d.getPolicypackname(),
            description,
            message: raw.startsWith(`${description}\n`) ? raw.slice(description.length + 1) : raw,
            urn: d.getUrn() || analyzedUrn,
            enforcementLevel: LEVELS[d.getEnforcementlevel()],
        };
    });
}

/** Fills the fields `AnalyzeRequest` and `AnalyzerResource` share: type, URN, name, properties, options, provider. */
function describeResource(message: any, resource: RecordedResource, properties: Record<string, unknown>, byUrn: Map<string, RecordedResource>): any {
    message.setType(resource.type);
    message.setUrn(resource.urn);
    message.setName(resource.name);
    message.setProperties(structProto.Struct.fromJavaScript(jsonSafe(properties)));
    message.setOptions(resourceOptions(resource));
    const provider = providerOf(resource, byUrn);
    if (provider) {
        message.setProvider(provider);
    }
    return message;
}

function resourceOptions(resource: RecordedResource): any {
    const options = new analyzerProto.AnalyzerResourceOptions();
    options.setProtect(resource.options.protect);
    options.setIgnorechangesList(resource.options.ignoreChanges);
    options.setDeletebeforereplace(resource.options.deleteBeforeReplace);
    options.setAdditionalsecretoutputsList(resource.options.additionalSecretOutputs);
    options.setParent(resource.parent ?? "");
    return options;
}

function providerOf(resource: RecordedResource, byUrn: Map<string, RecordedResource>): any {
    if (!resource.provider) {
        return undefined;
    }
    const urn = resource.provider.slice(0, resource.provider.lastIndexOf("::"));
    const provider = byUrn.get(urn);
    if (!provider) {
        return undefined;
    }
    const message = new analyzerProto.AnalyzerProviderResource();
    message.setType(provider.type);
    message.setUrn(provider.urn);
    message.setName(provider.name);
    message.setProperties(structProto.Struct.fromJavaScript(jsonSafe(provider.redactedInputs)));
    return message;
}

/** Newest modification time of the `.ts` files under `dir` (skipping build output and dependencies). */
function newestSource(dir: string): number {
    let newest = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== "bin" && entry.name !== "node_modules") {
            newest = Math.max(newest, newestSource(full));
        } else if (entry.isFile() && entry.name.endsWith(".ts")) {
            newest = Math.max(newest, fs.statSync(full).mtimeMs);
        }
    }
    return newest;
}

/**
 * The pack runs compiled (`policies/bin`, built by `npm ci` through `prepare`): TypeScript through
 * the CLI's runner means a type-check on every start. Rebuilds when a source of the pack or of the
 * components it imports is newer than the build, so tests never run a stale pack.
 */
export function ensurePackBuilt(packDir: string): void {
    const buildConfig = path.join(packDir, "tsconfig.build.json");
    if (!fs.existsSync(buildConfig)) {
        return;
    }
    const stamp = path.join(packDir, "bin", ".tsbuildinfo");
    const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
    if (built >= Math.max(newestSource(packDir), newestSource(path.join(REPO_ROOT, "components")))) {
        return;
    }
    const tsc = require.resolve("typescript/bin/tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", buildConfig], { encoding: "utf8" });
    if (result.status !== 0) {
        throw new Error(`building the policy pack failed: ${result.stdout}${result.stderr}`);
    }
    // An incremental build with nothing to emit leaves the stamp untouched.
    fs.utimesSync(stamp, new Date(), new Date());
}

/** Struct.fromJavaScript takes JSON values only. */
function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
    return JSON.parse(JSON.stringify(value ?? {}));
}
