/**
 * The offline engine: runs a Pulumi program or component in-process under `pulumi.runtime.setMocks`
 * and records every resource it registers, with what the real engine would receive (type, name, URN,
 * parent, inputs, provider, dependencies, options). Nothing reaches a cloud or a cluster.
 */
import * as pulumi from "@pulumi/pulumi";
import { mockCall, mockResourceState } from "./mocks";

/** The options a resource was registered with (those the plan and the policies care about). */
export interface RecordedOptions {
    /** `protect: true`. */
    protect: boolean;
    /** Property paths in `ignoreChanges`. */
    ignoreChanges: string[];
    /** `deleteBeforeReplace`. */
    deleteBeforeReplace: boolean;
    /** `retainOnDelete`. */
    retainOnDelete: boolean;
    /** Custom create/update/delete timeouts, as given. */
    customTimeouts?: { create?: string; update?: string; delete?: string };
    /** Output names marked secret with `additionalSecretOutputs`. */
    additionalSecretOutputs: string[];
    /** The `import` option: the id of an existing resource to adopt. */
    importId?: string;
    /** Former URNs (`aliases`), as the engine receives them: full URNs, or alias specs as `name=<name>`, `type=<type>` (space-separated when both). */
    aliases: string[];
}

/** One registered resource. */
export interface RecordedResource {
    /** Type token, e.g. `kubernetes:core/v1:Secret`. */
    type: string;
    /** Logical name. */
    name: string;
    /** URN (encodes the parent type chain). */
    urn: string;
    /** Parent URN; absent only for the stack itself. */
    parent?: string;
    /** True for custom (provider-managed) resources, false for components. */
    custom: boolean;
    /** Inputs with secrets unwrapped: never print these, use `redactedInputs`. */
    inputs: Record<string, unknown>;
    /** Inputs with every secret value replaced by `[secret]`. */
    redactedInputs: Record<string, unknown>;
    /** Property paths (dot/bracket form) whose input value is a Pulumi secret. */
    secretPaths: string[];
    /** Outputs the mock returned (what stack policies see as `props`). */
    outputs: Record<string, unknown>;
    /** Provider reference (`<provider urn>::<id>`), or "" for the default provider. */
    provider: string;
    /** URNs this resource depends on (explicit `dependsOn` and inputs taken from other resources). */
    dependencies: string[];
    /** Per-property dependencies. */
    propertyDependencies: Record<string, string[]>;
    /** Resource options. */
    options: RecordedOptions;
    /** `true` when read with `.get()` rather than managed. */
    read: boolean;
}

/** Everything one offline run produced. */
export interface OfflinePlan {
    /** Project name used for the run. */
    project: string;
    /** Stack name used for the run. */
    stack: string;
    /** Every registered resource, in registration order. */
    resources: RecordedResource[];
    /** Stack outputs, resolved; secret outputs shown as `[secret]`. */
    outputs: Record<string, unknown>;
    /** Invokes (data-source calls) the program made. */
    invokes: { token: string; inputs: Record<string, unknown> }[];
}

/** How to run a program offline. */
export interface OfflineRunOptions {
    /** Project name (the config namespace of `new pulumi.Config()`). Default `wandb`. */
    project?: string;
    /** Stack name. Default `test`. */
    stack?: string;
    /** Config as `<namespace>:<key>` → string value (objects JSON-encoded), as the CLI passes it. */
    config?: Record<string, string>;
    /** Config keys (full `<namespace>:<key>` form) that are secrets. */
    secretKeys?: string[];
    /** Run as a preview (`isDryRun()` true). Default false. */
    preview?: boolean;
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/** Placeholder printed in place of every secret value. */
export const REDACTED = "[secret]";

interface CapturedRequest {
    parent: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    options: RecordedOptions;
    rawInputs: Record<string, unknown>;
    provider: string;
    custom: boolean;
    read: boolean;
}

/**
 * Runs `program` as the CLI would run a stack's program (inside `runInPulumiStack`), waits until no
 * more registrations arrive (resources created inside `apply` register late), and returns the plan.
 * Throws the program's own error when it fails, and throws when it registered nothing but the stack,
 * so a broken mock set-up cannot pass.
 */
export async function runOffline(
    program: () => Promise<Record<string, unknown> | void> | Record<string, unknown> | void,
    options: OfflineRunOptions = {},
): Promise<OfflinePlan> {
    const run = await executeOffline(program, options);
    if (run.error !== undefined) {
        throw run.error;
    }
    if (run.plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").length === 0) {
        throw new Error("offline engine: the program registered no resources (are the mocks installed before the program is loaded?)");
    }
    return run.plan;
}

/** A program run that failed: its error and what it had registered before (the stack itself excluded). */
export interface OfflineFailure {
    /** What the program threw. */
    error: unknown;
    /** The resources registered before the failure, the `pulumi:pulumi:Stack` excluded. */
    registered: RecordedResource[];
}

/** Runs `program` expecting it to fail; returns the error and every registration before it. Throws when it succeeds. */
export async function runOfflineFailure(
    program: () => Promise<Record<string, unknown> | void> | Record<string, unknown> | void,
    options: OfflineRunOptions = {},
): Promise<OfflineFailure> {
    const run = await executeOffline(program, options);
    if (run.error === undefined) {
        throw new Error(`expected the program to fail, but it registered ${run.plan.resources.length} resources`);
    }
    return { error: run.error, registered: run.plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack") };
}

async function executeOffline(
    program: () => Promise<Record<string, unknown> | void> | Record<string, unknown> | void,
    options: OfflineRunOptions,
): Promise<{ plan: OfflinePlan; error?: unknown }> {
    const project = options.project ?? "wandb";
    const stack = options.stack ?? "test";
    const invokes: OfflinePlan["invokes"] = [];
    const states = new Map<string, Record<string, unknown>>();
    const order: { type: string; name: string; urn?: string }[] = [];

    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
                const { id, state } = mockResourceState(args);
                return { id, state };
            },
            call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
                invokes.push({ token: args.token, inputs: args.inputs });
                return mockCall(args);
            },
        },
        project,
        stack,
        options.preview ?? false,
    );
    pulumi.runtime.setAllConfig(options.config ?? {}, options.secretKeys ?? []);

    const captured = new Map<string, CapturedRequest>();
    interceptRegistrations(captured, states, order);

    // Keep the program's own return value: runInPulumiStack hands back unwrapped values, secrets included.
    // The program's error is caught here, as the language host does, so it never escapes as an unhandled rejection.
    let exported: Record<string, unknown> = {};
    let error: unknown;
    await pulumi.runtime.runInPulumiStack(async () => {
        try {
            exported = (await program()) ?? {};
        } catch (thrown) {
            error = thrown;
        }
        return exported;
    });
    await settle(() => captured.size);

    const resources = buildRecords(captured, states, order);
    const outputs = error === undefined ? await resolveOutputs(exported) : {};
    return { plan: { project, stack, resources, outputs, invokes }, error };
}

/** Wraps the mock monitor so every RegisterResource/ReadResource request is captured with its options. */
function interceptRegistrations(
    captured: Map<string, CapturedRequest>,
    states: Map<string, Record<string, unknown>>,
    order: { type: string; name: string; urn?: string }[],
): void {
    // The monitor's request objects are protobuf messages; their getters are the stable API.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    const read = monitor.readResource.bind(monitor);
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const capture = (req: any, isRead: boolean, callback: (err: unknown, resp: any) => void, entry: { urn?: string }) =>
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        (err: unknown, resp: any) => {
            if (!err && resp) {
                const urn: string = resp.getUrn();
                const propertyDependencies: Record<string, string[]> = {};
                if (!isRead) {
                    // eslint-disable-next-line @typescript-eslint/no-explicit-any
                    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
                        propertyDependencies[key] = deps.getUrnsList();
                    });
                }
                const timeouts = isRead ? undefined : req.getCustomtimeouts();
                captured.set(urn, {
                    parent: req.getParent(),
                    dependencies: isRead ? req.getDependenciesList?.() ?? [] : req.getDependenciesList(),
                    propertyDependencies,
                    rawInputs: ((isRead ? req.getProperties() : req.getObject())?.toJavaScript() ?? {}) as Record<string, unknown>,
                    provider: req.getProvider() ?? "",
                    custom: isRead ? true : req.getCustom(),
                    read: isRead,
                    options: {
                        protect: isRead ? false : Boolean(req.getProtect()),
                        ignoreChanges: isRead ? [] : req.getIgnorechangesList(),
                        deleteBeforeReplace: isRead ? false : Boolean(req.getDeletebeforereplace()),
                        retainOnDelete: isRead ? false : Boolean(req.getRetainondelete()),
                        customTimeouts: timeouts
                            ? { create: timeouts.getCreate() || undefined, update: timeouts.getUpdate() || undefined, delete: timeouts.getDelete() || undefined }
                            : undefined,
                        additionalSecretOutputs: isRead ? [] : req.getAdditionalsecretoutputsList(),
                        importId: (!isRead && req.getImportid()) || undefined,
                        aliases: isRead ? [] : recordedAliases(req),
                    },
                });
                entry.urn = urn;
                const object = isRead ? resp.getProperties() : resp.getObject();
                states.set(urn, unwrapSecrets((object?.toJavaScript() ?? {}) as Record<string, unknown>) as Record<string, unknown>);
            }
            callback(err, resp);
        };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    monitor.registerResource = (req: any, callback: any) => {
        const entry: { type: string; name: string; urn?: string } = { type: req.getType(), name: req.getName() };
        order.push(entry);
        return register(req, capture(req, false, callback, entry));
    };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    monitor.readResource = (req: any, callback: any) => {
        const entry: { type: string; name: string; urn?: string } = { type: req.getType(), name: req.getName() };
        order.push(entry);
        return read(req, capture(req, true, callback, entry));
    };
    // Component outputs (registerOutputs) replace the component's recorded outputs.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    monitor.registerResourceOutputs = (req: any, callback: any) => {
        const urn: string = req.getUrn();
        states.set(urn, unwrapSecrets((req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>) as Record<string, unknown>);
        return registerOutputs(req, callback);
    };
}

/** Waits until registrations stop arriving (apply callbacks may register resources late). */
async function settle(count: () => number): Promise<void> {
    let previous = -1;
    while (previous !== count()) {
        previous = count();
        // `waitForRPCs` is internal to the SDK; it drains in-flight RPCs.
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        await (pulumi.runtime as any).waitForRPCs?.();
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}

function buildRecords(
    captured: Map<string, CapturedRequest>,
    states: Map<string, Record<string, unknown>>,
    order: { type: string; name: string; urn?: string }[],
): RecordedResource[] {
    const records: RecordedResource[] = [];
    const seen = new Set<string>();
    for (const entry of order) {
        if (!entry.urn || seen.has(entry.urn)) {
            continue;
        }
        seen.add(entry.urn);
        const request = captured.get(entry.urn)!;
        const secretPaths: string[] = [];
        collectSecretPaths(request.rawInputs, "", secretPaths);
        records.push({
            type: entry.type,
            name: entry.name,
            urn: entry.urn,
            parent: request.parent || undefined,
            custom: request.custom,
            inputs: unwrapSecrets(request.rawInputs) as Record<string, unknown>,
            redactedInputs: redactSecrets(request.rawInputs) as Record<string, unknown>,
            secretPaths,
            outputs: states.get(entry.urn) ?? {},
            provider: request.provider,
            dependencies: request.dependencies,
            propertyDependencies: request.propertyDependencies,
            options: request.options,
            read: request.read,
        });
    }
    return records;
}

function isSecretWrapper(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE_SIG;
}

function isResourceReference(value: unknown): value is { urn: string } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG] === RESOURCE_SIG;
}

/** Replaces secret wrappers by their values and resource references by their URNs. */
export function unwrapSecrets(value: unknown): unknown {
    if (isSecretWrapper(value)) {
        return unwrapSecrets(value.value);
    }
    if (isResourceReference(value)) {
        return value.urn;
    }
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

/** Replaces every secret value by `[secret]`. */
export function redactSecrets(value: unknown): unknown {
    if (isSecretWrapper(value)) {
        return REDACTED;
    }
    if (isResourceReference(value)) {
        return value.urn;
    }
    if (Array.isArray(value)) {
        return value.map(redactSecrets);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecrets(v)]));
    }
    return value;
}

function collectSecretPaths(value: unknown, path: string, out: string[]): void {
    if (isSecretWrapper(value)) {
        out.push(path);
        return;
    }
    if (Array.isArray(value)) {
        value.forEach((v, i) => collectSecretPaths(v, `${path}[${i}]`, out));
    } else if (typeof value === "object" && value !== null && !isResourceReference(value)) {
        for (const [k, v] of Object.entries(value)) {
            collectSecretPaths(v, path ? `${path}.${k}` : k, out);
        }
    }
}

/** Resolves stack outputs; secret outputs become `[secret]`, unknown ones `[unknown]`. */
async function resolveOutputs(outputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    const resolved: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(outputs)) {
        const output = pulumi.output(value as pulumi.Input<string | number | boolean | object>) as pulumi.Output<unknown>;
        const [plain, secret] = await Promise.all([
            new Promise<unknown>((resolve) => output.apply((v) => resolve(v))),
            pulumi.isSecret(output),
        ]);
        resolved[key] = secret ? REDACTED : plain;
    }
    return resolved;
}

/** The aliases of a registration: URNs the SDK resolved itself, and alias specs the monitor resolves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function recordedAliases(req: any): string[] {
    const urns: string[] = req.getAliasurnsList?.() ?? [];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const specs: string[] = (req.getAliasesList?.() ?? []).map((alias: any) =>
        alias.hasSpec?.() ? aliasSpecText(alias.getSpec()) : alias.getUrn());
    return [...urns, ...specs];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function aliasSpecText(spec: any): string {
    return [spec.getName() && `name=${spec.getName()}`, spec.getType() && `type=${spec.getType()}`].filter(Boolean).join(" ");
}
