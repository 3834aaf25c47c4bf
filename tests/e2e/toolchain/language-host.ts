/**
 * A stand-in for Pulumi's Node.js language host (`pulumi-language-nodejs`), for the e2e suite only.
 *
 * Pulumi's own host is a Go module (`github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3`) that the
 * Go module proxy here does not serve (docs/real-engine.md). This one implements the same gRPC service with the
 * stubs that ship in `@pulumi/pulumi`, and starts programs and policy packs exactly as the Go host does
 * (`sdk/nodejs/cmd/pulumi-language-nodejs/main.go`, `Run`/`constructArguments`/`constructConfig`/`RunPlugin`):
 * `node <@pulumi/pulumi/cmd/run> --monitor … --engine … --project … --stack … --pwd … [--dry-run] --parallel N <entry>`
 * with `PULUMI_CONFIG`, `PULUMI_CONFIG_SECRET_KEYS` and `PULUMI_NODEJS_TYPESCRIPT` in the environment, and
 * `node <@pulumi/pulumi/cmd/run-policy-pack> <engine> <pack dir>` for policy packs. What it leaves out: the monitor
 * proxy and synchronous-invoke pipes (the Node SDK talks to the engine's monitor directly, as inline Automation API
 * programs do), dependency installation (`InstallDependencies` answers at once: the e2e projects and the component
 * package are installed by `npm ci` beforehand), code generation, and the stack-config proxy for policy packs.
 *
 * Protocol: the CLI runs `pulumi-language-nodejs [flags] <engine address>`, reads the port from the first stdout line.
 */
import * as childProcess from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as langproto from "@pulumi/pulumi/proto/language_pb";
import * as langrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import * as pluginproto from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";

/** `nodeJSProcessExitedAfterShowingUserActionableMessage` in the Go host: the program already told the user. */
const EXIT_AFTER_USER_MESSAGE = 32;

let engineAddress = process.argv.slice(2).filter((a) => !a.startsWith("-")).pop() ?? "";
const children = new Set<childProcess.ChildProcess>();

function resolveFrom(dir: string, request: string): string {
    return require.resolve(request, { paths: [dir] });
}

function typescriptEnv(info: langproto.ProgramInfo | undefined): Record<string, string> {
    const options = info?.getOptions()?.toJavaScript() ?? {};
    const env: Record<string, string> = {};
    // The Go host's parseOptions: `typescript` defaults to true; `tsconfig` is passed through.
    if (options["typescript"] !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    if (typeof options["tsconfig"] === "string") env.PULUMI_NODEJS_TSCONFIG_PATH = options["tsconfig"];
    return env;
}

/** `constructConfig`: keys `<ns>:<name>` become `<ns>:config:<name>` for the Node SDK. */
function configJson(request: langproto.RunRequest): string {
    const out: Record<string, string> = {};
    request.getConfigMap().forEach((value: string, key: string) => {
        const i = key.indexOf(":");
        out[i < 0 ? key : `${key.slice(0, i)}:config:${key.slice(i + 1)}`] = value;
    });
    return JSON.stringify(out);
}

function run(call: grpc.ServerUnaryCall<langproto.RunRequest, langproto.RunResponse>,
    callback: grpc.sendUnaryData<langproto.RunResponse>): void {
    const request = call.request;
    const info = request.getInfo();
    const programDir = info?.getProgramDirectory() || request.getPwd();
    const response = new langproto.RunResponse();
    let runPath: string;
    try {
        runPath = resolveFrom(programDir, "@pulumi/pulumi/cmd/run");
    } catch (e) {
        response.setError(`could not find @pulumi/pulumi/cmd/run from ${programDir}: ${String(e)}`);
        callback(null, response);
        return;
    }
    const args = [runPath];
    const add = (flag: string, value: string | undefined) => { if (value) args.push(`--${flag}`, value); };
    add("monitor", request.getMonitorAddress());
    add("engine", engineAddress);
    add("organization", request.getOrganization());
    add("project", request.getProject());
    add("root-directory", info?.getRootDirectory());
    add("stack", request.getStack());
    add("pwd", programDir);
    if (request.getDryrun()) args.push("--dry-run");
    add("parallel", String(request.getParallel()));
    args.push(info?.getEntryPoint() || ".", ...request.getArgsList());

    const child = childProcess.spawn(process.execPath, args, {
        cwd: programDir,
        env: {
            ...process.env,
            PULUMI_CONFIG: configJson(request),
            PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.getConfigsecretkeysList()),
            ...typescriptEnv(info),
        },
        // Program output goes to the CLI like the Go host's stdout/stderr passthrough.
        stdio: ["ignore", "inherit", "inherit"],
    });
    children.add(child);
    child.on("exit", (code, signal) => {
        children.delete(child);
        if (code === EXIT_AFTER_USER_MESSAGE) {
            response.setBail(true);
        } else if (code !== 0) {
            response.setError(`Program exited with non-zero exit code: ${code ?? signal}`);
        }
        callback(null, response);
    });
}

/** Policy packs (kind `analyzer`): `node run-policy-pack <args…> <pack dir>`, output streamed to the CLI. */
function runPlugin(call: grpc.ServerWritableStream<langproto.RunPluginRequest, langproto.RunPluginResponse>): void {
    const request = call.request;
    const dir = request.getInfo()?.getProgramDirectory() || request.getPwd();
    const isAnalyzer = request.getKind() === "analyzer";
    const send = (set: (r: langproto.RunPluginResponse) => void) => {
        const r = new langproto.RunPluginResponse();
        set(r);
        call.write(r);
    };
    let runPath: string;
    try {
        runPath = resolveFrom(dir, isAnalyzer ? "@pulumi/pulumi/cmd/run-policy-pack" : "@pulumi/pulumi/cmd/run-plugin");
    } catch (e) {
        call.destroy(Object.assign(new Error(`could not find the plugin runner from ${dir}: ${String(e)}`),
            { code: grpc.status.FAILED_PRECONDITION }));
        return;
    }
    const args = isAnalyzer ? [runPath, ...request.getArgsList(), dir] : [runPath, dir, ...request.getArgsList()];
    const env: Record<string, string> = {};
    for (const kv of request.getEnvList()) {
        const i = kv.indexOf("=");
        if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
    }
    const child = childProcess.spawn(process.execPath, args, {
        cwd: dir,
        env: { ...process.env, ...env, ...typescriptEnv(request.getInfo()) },
        stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    child.stdout.on("data", (chunk: Buffer) => send((r) => r.setStdout(chunk)));
    child.stderr.on("data", (chunk: Buffer) => send((r) => r.setStderr(chunk)));
    child.on("exit", (code) => {
        children.delete(child);
        send((r) => r.setExitcode(code ?? 1));
        call.end();
    });
    call.on("cancelled", () => child.kill("SIGINT"));
}

function getPluginInfo(_call: grpc.ServerUnaryCall<Empty, pluginproto.PluginInfo>,
    callback: grpc.sendUnaryData<pluginproto.PluginInfo>): void {
    const pluginInfo = new pluginproto.PluginInfo();
    pluginInfo.setVersion(require(path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "package.json")).version);
    callback(null, pluginInfo);
}

function handshake(call: grpc.ServerUnaryCall<langproto.LanguageHandshakeRequest, langproto.LanguageHandshakeResponse>,
    callback: grpc.sendUnaryData<langproto.LanguageHandshakeResponse>): void {
    engineAddress = call.request.getEngineAddress() || engineAddress;
    callback(null, new langproto.LanguageHandshakeResponse());
}

/**
 * Providers are loaded when the program first registers a resource of theirs, at the version it asks for, from the
 * plugin cache or PATH; none is downloaded (PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION).
 */
function getRequiredPackages(_call: unknown, callback: grpc.sendUnaryData<langproto.GetRequiredPackagesResponse>): void {
    callback(null, new langproto.GetRequiredPackagesResponse());
}

function getRequiredPlugins(_call: unknown, callback: grpc.sendUnaryData<langproto.GetRequiredPluginsResponse>): void {
    callback(null, new langproto.GetRequiredPluginsResponse());
}

function getProgramDependencies(_call: unknown,
    callback: grpc.sendUnaryData<langproto.GetProgramDependenciesResponse>): void {
    callback(null, new langproto.GetProgramDependenciesResponse());
}

/**
 * `InstallDependencies` (a server stream of `InstallDependenciesResponse`): the CLI calls it for a source plugin (a
 * component package given to `pulumi package get-schema`/`add`) before `RunPlugin`. Nothing is installed here, so the
 * stream ends without a message (an empty stream is a complete, successful reply).
 */
function installDependencies(call: grpc.ServerWritableStream<langproto.InstallDependenciesRequest, langproto.InstallDependenciesResponse>): void {
    call.end();
}

function cancel(_call: unknown, callback: grpc.sendUnaryData<Empty>): void {
    for (const child of children) child.kill("SIGINT");
    callback(null, new Empty());
}

const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
server.addService(langrpc.LanguageRuntimeService, {
    run, runPlugin, getPluginInfo, handshake, getRequiredPackages, getRequiredPlugins, getProgramDependencies, installDependencies,
    cancel,
} as unknown as grpc.UntypedServiceImplementation);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
        process.stderr.write(`could not start the language host: ${err.message}\n`);
        process.exit(1);
    }
    process.stdout.write(`${port}\n`);
});
for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
        for (const child of children) child.kill(sig);
        server.forceShutdown();
        process.exit(0);
    });
}
