/**
 * Embedding W&B deployment in a platform team's own tool or portal, through Pulumi's Automation API.
 *
 * `deployWandb`, `previewWandb`, `refreshWandb` and `destroyWandb` create or select a stack in a
 * `LocalWorkspace` whose inline program runs one of this package's programs (`programs/select.ts`),
 * set its config (secrets as secret config), run the operation with the W&B policy pack attached,
 * stream progress to callbacks and return typed outputs.
 *
 * Defaults need no Pulumi Cloud account: state in a local `file://` backend under the caller's
 * `workDir`, the `passphrase` secrets provider, project `wandb` with the Node.js runtime.
 * Every operation needs the `pulumi` CLI; when it is missing the call fails fast with
 * `PulumiCliNotFoundError`, whose one-line message says how to install it.
 */
import * as fs from "fs";
import * as path from "path";
import {
    ConfigMap,
    EngineEvent,
    LocalWorkspace,
    OpMap,
    OutputMap,
    ProjectSettings,
    PulumiCommand,
    PulumiFn,
    Stack,
    UpdateSummary,
} from "@pulumi/pulumi/automation";
import { WandbArgumentError, requireNonEmpty, requireOneOf } from "./util/errors";
import { CONFIG_NAMESPACE } from "../programs/config";

/** The programs a W&B stack can run (`wandb:program`). */
export const WANDB_PROGRAM_NAMES = ["aws", "gcp", "azure", "onprem"] as const;
/** One of `WANDB_PROGRAM_NAMES`. */
export type WandbProgramName = (typeof WANDB_PROGRAM_NAMES)[number];

/** The Pulumi project every W&B stack belongs to (also the config namespace, `wandb:`). */
export const WANDB_PROJECT_NAME = CONFIG_NAMESPACE;

/**
 * This package's CrossGuard pack in a checkout of the repository (built by `npm ci`). Attached to every preview and
 * update unless `policyPacks` says otherwise; an npm install of this package uses the installed
 * `POLICY_PACK_PACKAGE` instead.
 */
export const DEFAULT_POLICY_PACK_DIR = path.resolve(__dirname, "..", "policies");

/** The npm name of the policy pack (policies/package.json), the default pack outside a checkout of the repository. */
export const POLICY_PACK_PACKAGE = "wandb-reference-architecture";

/** Where the CLI comes from, for the missing-CLI message. */
export const PULUMI_INSTALL_HINT =
    "install it with `curl -fsSL https://get.pulumi.com | sh` (macOS: `brew install pulumi/tap/pulumi`; see https://www.pulumi.com/docs/iac/download-install/), " +
    "or pass `pulumiRoot` (a directory holding bin/pulumi) or `pulumiCommand`";

/** A plain config value; objects and arrays are stored as JSON, which `Config.getObject` reads back. */
export type WandbConfigInput = string | number | boolean | Record<string, unknown> | unknown[];

/** Everything an operation on a W&B stack takes. */
export interface WandbStackOptions {
    /** The stack name, e.g. `team-a-prod`. */
    stackName: string;
    /** The program the stack runs: `aws`, `gcp`, `azure` or `onprem` (sets `wandb:program`). */
    program: string;
    /**
     * A directory of the caller's that holds the workspace (`Pulumi.yaml`, `Pulumi.<stack>.yaml`) and,
     * unless `backendUrl` says otherwise, the stack state (`<workDir>/state`). Created when missing.
     */
    workDir: string;
    /**
     * Plain stack config. Keys without a namespace go to `wandb:` (`environment` → `wandb:environment`);
     * keys with one are kept (`aws:region`). Objects are stored as JSON.
     */
    config?: Record<string, WandbConfigInput>;
    /** Secret stack config (`license`, `databasePassword`, `kubeconfig`, ...), set with `--secret`. Same key rules. */
    secrets?: Record<string, WandbConfigInput>;
    /** State backend. Default `file://<workDir>/state`. Any `pulumi login` URL works (`s3://…`, `azblob://…`). */
    backendUrl?: string;
    /** Secrets provider of a new stack. Default `passphrase`; `awskms://…`, `gcpkms://…`, `azurekeyvault://…` also work. */
    secretsProvider?: string;
    /** Passphrase for the `passphrase` provider. Default: `PULUMI_CONFIG_PASSPHRASE` (or `_FILE`) from the environment. */
    passphrase?: string;
    /** Policy pack directories for preview and update. Default `[DEFAULT_POLICY_PACK_DIR]`; `[]` runs without. */
    policyPacks?: string[];
    /** Policy pack config per pack, in `policyPacks` order: a JSON file path, or an object written to one under `workDir`. */
    policyPackConfigs?: (string | Record<string, unknown>)[];
    /** Receives the CLI's progress output as it is printed. */
    onOutput?: (text: string) => void;
    /** Receives each engine event (resource steps, diagnostics, policy violations, summary). */
    onEvent?: (event: EngineEvent) => void;
    /** A CLI to use, e.g. `await PulumiCommand.get({ root })`. Default: `pulumiRoot`, else `pulumi` on PATH. */
    pulumiCommand?: PulumiCommand;
    /** A directory holding `bin/pulumi` (Pulumi's own install layout). */
    pulumiRoot?: string;
    /** Skip the Automation API's minimum-CLI-version check when looking up the CLI. Default false. */
    skipVersionCheck?: boolean;
    /** Extra environment variables for every CLI command (cloud credentials, `PULUMI_HOME`, ...). */
    envVars?: Record<string, string>;
}

/** The outputs of a W&B stack (each program returns the ones that apply to it). */
export interface WandbStackOutputs {
    /** The W&B URL (`https://<fqdn>`). */
    url?: string;
    /** Namespace of the W&B instance. */
    namespace?: string;
    /** The object-store bucket (cloud programs). */
    bucketName?: string;
    /** The Kubernetes cluster (cloud programs). */
    clusterName?: string;
    /** The network (cloud programs). */
    networkId?: string;
    /** Namespace of the W&B operator (`onprem`). */
    operatorNamespace?: string;
    /** Name of the `WeightsAndBiases` custom resource (`onprem`). */
    customResource?: string;
    /** Kubeconfig of the cluster (cloud programs; a secret output). */
    kubeconfig?: string;
}

/** What `deployWandb`, `refreshWandb` and `destroyWandb` return. */
export interface WandbOperationResult {
    /** The stack's outputs after the operation (empty after a destroy). */
    outputs: WandbStackOutputs;
    /** Every output as the CLI reported it, with its secret flag. */
    rawOutputs: OutputMap;
    /** The CLI's summary of the operation (result, resource changes, timing). */
    summary: UpdateSummary | undefined;
    /** The CLI's standard output. */
    stdout: string;
}

/** What `previewWandb` returns. */
export interface WandbPreviewResult {
    /** Planned steps by kind (`create`, `update`, `same`, ...). */
    changeSummary: OpMap;
    /** The CLI's standard output. */
    stdout: string;
}

/** Thrown when no `pulumi` CLI can be run; its message is one line that says how to install one. */
export class PulumiCliNotFoundError extends Error {
    constructor(where: string, reason: string) {
        super(`The Pulumi CLI is required but ${where} ${reason}: ${PULUMI_INSTALL_HINT}.`);
        this.name = "PulumiCliNotFoundError";
        // The spawn failure behind this is not the user's concern: keep the report to the one line.
        this.stack = `${this.name}: ${this.message}`;
    }
}

/** What `up` and `preview` share: progress callbacks and the policy packs with their config. */
function policyRunOptions(options: WandbStackOptions, settings: ResolvedWandbStackSettings) {
    return { onOutput: options.onOutput, onEvent: options.onEvent, policyPacks: settings.policyPacks, policyPackConfigs: settings.policyPackConfigs };
}

/** Creates or updates the W&B stack (`pulumi up`) and returns its outputs. */
export async function deployWandb(options: WandbStackOptions): Promise<WandbOperationResult> {
    const { stack, settings } = await openWandbStack(options);
    const result = await stack.up(policyRunOptions(options, settings));
    return { outputs: typedOutputs(result.outputs), rawOutputs: result.outputs, summary: result.summary, stdout: result.stdout };
}

/** Previews the W&B stack (`pulumi preview`) with the policy pack attached. */
export async function previewWandb(options: WandbStackOptions): Promise<WandbPreviewResult> {
    const { stack, settings } = await openWandbStack(options);
    const result = await stack.preview(policyRunOptions(options, settings));
    return { changeSummary: result.changeSummary, stdout: result.stdout };
}

/** Refreshes the W&B stack's state from the real resources (`pulumi refresh`). */
export async function refreshWandb(options: WandbStackOptions): Promise<WandbOperationResult> {
    const { stack } = await openWandbStack(options);
    const result = await stack.refresh({ onOutput: options.onOutput, onEvent: options.onEvent });
    const rawOutputs = await stack.outputs();
    return { outputs: typedOutputs(rawOutputs), rawOutputs, summary: result.summary, stdout: result.stdout };
}

/** Destroys the W&B stack's resources (`pulumi destroy`); the stack and its config remain. */
export async function destroyWandb(options: WandbStackOptions): Promise<WandbOperationResult> {
    const { stack } = await openWandbStack(options);
    const result = await stack.destroy({ onOutput: options.onOutput, onEvent: options.onEvent });
    return { outputs: {}, rawOutputs: {}, summary: result.summary, stdout: result.stdout };
}

/** The validated, defaulted settings an operation runs with. */
export interface ResolvedWandbStackSettings {
    /** The program (`wandb:program`). */
    program: WandbProgramName;
    /** Absolute workspace directory. */
    workDir: string;
    /** The state backend URL. */
    backendUrl: string;
    /** The secrets provider of a new stack. */
    secretsProvider: string;
    /** Environment for every CLI command. */
    envVars: Record<string, string>;
    /** Project settings written to `<workDir>/Pulumi.yaml`. */
    projectSettings: ProjectSettings;
    /** The config set on the stack (`wandb:program` included). */
    config: ConfigMap;
    /** Policy pack directories. */
    policyPacks: string[];
    /** Policy pack config files. */
    policyPackConfigs: string[];
}

/**
 * Validates `options` and fills in the defaults, without running anything. Throws
 * `WandbArgumentError` for bad input.
 */
export function resolveWandbStackSettings(options: WandbStackOptions, env: NodeJS.ProcessEnv = process.env): ResolvedWandbStackSettings {
    requireNonEmpty("stackName", options.stackName);
    const program = requireOneOf("program", options.program, WANDB_PROGRAM_NAMES);
    const workDir = path.resolve(requireNonEmpty("workDir", options.workDir));
    const backendUrl = options.backendUrl ?? `file://${path.join(workDir, "state")}`;
    const secretsProvider = options.secretsProvider ?? "passphrase";

    const envVars: Record<string, string> = { ...options.envVars };
    if (secretsProvider === "passphrase") {
        const passphrase = options.passphrase ?? envVars.PULUMI_CONFIG_PASSPHRASE ?? env.PULUMI_CONFIG_PASSPHRASE;
        if (passphrase !== undefined) {
            envVars.PULUMI_CONFIG_PASSPHRASE = passphrase;
        } else if (envVars.PULUMI_CONFIG_PASSPHRASE_FILE === undefined && env.PULUMI_CONFIG_PASSPHRASE_FILE === undefined) {
            throw new WandbArgumentError(
                "passphrase",
                undefined,
                "the passphrase secrets provider needs `passphrase` or PULUMI_CONFIG_PASSPHRASE / PULUMI_CONFIG_PASSPHRASE_FILE in the environment",
            );
        }
    }

    const policyPacks = (options.policyPacks ?? [defaultPolicyPack()]).map((dir) => path.resolve(dir));
    const configs = options.policyPackConfigs ?? [];
    if (configs.length > policyPacks.length) {
        throw new WandbArgumentError("policyPackConfigs", configs.length, `at most one config per policy pack (${policyPacks.length} packs)`);
    }
    const policyPackConfigs = configs.map((entry, index) =>
        typeof entry === "string" ? path.resolve(entry) : path.join(workDir, `policy-pack-config-${index}.json`),
    );

    return {
        program,
        workDir,
        backendUrl,
        secretsProvider,
        envVars,
        projectSettings: { name: WANDB_PROJECT_NAME, runtime: "nodejs", backend: { url: backendUrl } },
        config: wandbConfigMap(program, options.config ?? {}, options.secrets ?? {}),
        policyPacks,
        policyPackConfigs,
    };
}

/**
 * The config an operation sets on the stack: `wandb:program`, then `config` as plain values and
 * `secrets` as secret values. Keys without a namespace go to `wandb:`.
 */
export function wandbConfigMap(
    program: WandbProgramName,
    config: Record<string, WandbConfigInput>,
    secrets: Record<string, WandbConfigInput>,
): ConfigMap {
    const map: ConfigMap = { [`${CONFIG_NAMESPACE}:program`]: { value: program } };
    const add = (source: string, entries: Record<string, WandbConfigInput>, secret: boolean) => {
        for (const [key, value] of Object.entries(entries)) {
            const fullKey = key.includes(":") ? key : `${CONFIG_NAMESPACE}:${key}`;
            const shown = secret && value !== undefined && value !== null ? "[secret]" : value;
            if (fullKey === `${CONFIG_NAMESPACE}:program`) {
                throw new WandbArgumentError(`${source}.${key}`, shown, "the program is set by the `program` option");
            }
            if (fullKey in map) {
                throw new WandbArgumentError(`${source}.${key}`, shown, `${fullKey} is already set; give each key once, in config or secrets`);
            }
            if (value === undefined || value === null) {
                throw new WandbArgumentError(`${source}.${key}`, value, "a string, number, boolean, object or array is required");
            }
            map[fullKey] = { value: typeof value === "string" ? value : JSON.stringify(value), secret };
        }
    };
    add("config", config, false);
    add("secrets", secrets, true);
    return map;
}

/** The inline program of a W&B stack: the named program from `programs/select.ts`. */
export function wandbInlineProgram(program: WandbProgramName): PulumiFn {
    return async () => {
        // Loaded lazily: the programs pull in the provider SDKs, which only the program run needs.
        const { PROGRAMS } = require("../programs/select") as typeof import("../programs/select");
        const run = PROGRAMS[program];
        if (run === undefined) {
            throw new WandbArgumentError("program", program, `this build has the programs ${Object.keys(PROGRAMS).join(", ")}`);
        }
        return run();
    };
}

/**
 * Finds the CLI: `options.pulumiCommand`, else `<pulumiRoot>/bin/pulumi`, else `pulumi` on PATH.
 * Throws `PulumiCliNotFoundError` (one line, no spawn trace) when none runs.
 */
export async function resolvePulumiCommand(
    options: Pick<WandbStackOptions, "pulumiCommand" | "pulumiRoot" | "skipVersionCheck">,
    env: NodeJS.ProcessEnv = process.env,
): Promise<PulumiCommand> {
    if (options.pulumiCommand) {
        return options.pulumiCommand;
    }
    const root = options.pulumiRoot;
    const binary = root ? path.join(path.resolve(root), "bin", "pulumi") : findOnPath("pulumi", env.PATH ?? "");
    const where = root ? `${binary} is` : "`pulumi` is";
    if (binary === undefined || !isExecutable(binary)) {
        throw new PulumiCliNotFoundError(where, root ? "missing or not executable" : "not on PATH");
    }
    try {
        return await PulumiCommand.get({ root, skipVersionCheck: options.skipVersionCheck ?? false });
    } catch (error) {
        throw new PulumiCliNotFoundError(where, `did not run \`pulumi version\` (${firstLine(error)})`);
    }
}

/** Opens (creates or selects) the W&B stack and sets its config. */
async function openWandbStack(options: WandbStackOptions): Promise<{ stack: Stack; settings: ResolvedWandbStackSettings }> {
    const settings = resolveWandbStackSettings(options);
    const pulumiCommand = await resolvePulumiCommand(options);
    prepareWorkDir(settings, options.policyPackConfigs ?? []);
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: options.stackName, projectName: WANDB_PROJECT_NAME, program: wandbInlineProgram(settings.program) },
        {
            workDir: settings.workDir,
            pulumiCommand,
            projectSettings: settings.projectSettings,
            secretsProvider: settings.secretsProvider,
            envVars: settings.envVars,
        },
    );
    await stack.setAllConfig(settings.config);
    return { stack, settings };
}

/** Creates the workspace and (file) state directories and writes object-form policy pack configs. */
function prepareWorkDir(settings: ResolvedWandbStackSettings, configs: (string | Record<string, unknown>)[]): void {
    fs.mkdirSync(settings.workDir, { recursive: true });
    if (settings.backendUrl.startsWith("file://")) {
        fs.mkdirSync(settings.backendUrl.slice("file://".length), { recursive: true });
    }
    configs.forEach((entry, index) => {
        if (typeof entry !== "string") {
            fs.writeFileSync(settings.policyPackConfigs[index], JSON.stringify(entry, null, 2));
        }
    });
}

/**
 * The default pack: the repository's `policies/` in a checkout, else the installed `POLICY_PACK_PACKAGE` (an npm
 * install of this package ships no policies of its own). Either must be a pack directory (its `PulumiPolicy.yaml`).
 */
function defaultPolicyPack(): string {
    const installed = installedPolicyPack();
    const found = [DEFAULT_POLICY_PACK_DIR, ...(installed ? [installed] : [])].find((dir) => fs.existsSync(path.join(dir, "PulumiPolicy.yaml")));
    if (found === undefined) {
        throw new WandbArgumentError(
            "policyPacks",
            undefined,
            `pack directories: no default pack was found (neither ${DEFAULT_POLICY_PACK_DIR} of a repository checkout nor the npm package ${POLICY_PACK_PACKAGE}; ` +
                `npm install ${POLICY_PACK_PACKAGE} to use it), so pass pack directories, or [] to run without policies`,
        );
    }
    return found;
}

/** The directory of `POLICY_PACK_PACKAGE` as Node resolves it from this module, if it is installed. */
function installedPolicyPack(): string | undefined {
    try {
        return path.dirname(require.resolve(`${POLICY_PACK_PACKAGE}/package.json`, { paths: [__dirname] }));
    } catch {
        return undefined;
    }
}

function typedOutputs(outputs: OutputMap): WandbStackOutputs {
    const typed: Record<string, unknown> = {};
    for (const key of ["url", "namespace", "bucketName", "clusterName", "networkId", "operatorNamespace", "customResource", "kubeconfig"]) {
        const value = outputs[key]?.value;
        if (value !== undefined && value !== null) {
            typed[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return typed as WandbStackOutputs;
}

function findOnPath(command: string, searchPath: string): string | undefined {
    return searchPath
        .split(path.delimiter)
        .filter((dir) => dir !== "")
        .map((dir) => path.join(dir, command))
        .find(isExecutable);
}

function isExecutable(file: string): boolean {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}

/** The CLI's complaint as one line: a CommandError's stderr part, else the message. */
function firstLine(error: unknown): string {
    const text = error instanceof Error ? error.message : String(error);
    const stderr = /\bstderr: ([\s\S]*?)(?:\n err\?: |$)/.exec(text)?.[1] ?? text;
    const lines = stderr.split("\n").map((line) => line.trim()).filter((line) => line !== "");
    return lines.join("; ") || "unknown error";
}
