/**
 * The published packages, as a user gets them: `npm pack` of the library, installed from its tarball into a fresh
 * project outside the repository, compiled against (strict) and run under the offline engine; and the policy pack's
 * own tarball.
 */
import { expect } from "chai";
import * as childProcess from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../harness/stacks";

const FIXTURES = path.join(__dirname, "fixtures", "package-consumer");
const TSC = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
const LIBRARY = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as PackageJson;

/** The cloud SDKs and the preflight's clients: optional peers, never needed by an on-prem WandbOperator + WandbInstance. */
const OPTIONAL_PEERS = Object.entries(LIBRARY.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([name]) => name);

interface PackageJson {
    name: string;
    version: string;
    private?: boolean;
    main?: string;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    devDependencies?: Record<string, string>;
}

interface PackResult {
    filename: string;
    files: { path: string }[];
}

interface ConsumerRun {
    registrations: { type: string; name: string; inputs: Record<string, unknown> }[];
    packages: string[];
}

/**
 * The environment for a nested npm: without the `npm_*` variables of the `npm test` that runs us (npm exports its
 * config, `npm_config_local_prefix` among it, which would point the nested npm at this repository); the cache and
 * registry settings are kept.
 */
function npmEnv(): NodeJS.ProcessEnv {
    const keep = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);
    return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || keep.has(key.toLowerCase())));
}

function run(command: string, args: string[], cwd: string): childProcess.SpawnSyncReturns<string> {
    const result = childProcess.spawnSync(command, args, { cwd, env: npmEnv(), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw result.error;
    return result;
}

function mustRun(command: string, args: string[], cwd: string): string {
    const result = run(command, args, cwd);
    if (result.status !== 0) {
        throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
    }
    return result.stdout;
}

/** `npm pack --json` in `dir` (which runs its build: `prepare`, or `prepack` for the policy pack), the tarball written to `destination`. */
function pack(dir: string, destination: string): PackResult {
    const out = mustRun("npm", ["pack", "--json", "--pack-destination", destination], dir);
    return (JSON.parse(out.slice(out.indexOf("[")))[0]) as PackResult;
}

/** Packed compiled files (`<outDir>/<x>.js`) whose source (`<sourceRoot>/<x>.ts`) is gone: a stale build. */
function staleFiles(files: string[], outDir: string, sourceRoot: string): string[] {
    return files
        .filter((file) => file.startsWith(`${outDir}/`) && file.endsWith(".js"))
        .filter((file) => !fs.existsSync(path.join(sourceRoot, file.slice(outDir.length + 1).replace(/\.js$/, ".ts"))));
}

/**
 * A fresh project that depends on the tarball alone. The repository's lockfile is copied in so that npm resolves
 * the peers (@pulumi/pulumi, @pulumi/kubernetes) to the versions `npm ci` put in the local cache: the install
 * needs no registry (`--offline`); npm drops every lockfile entry the new project does not reach.
 */
function createConsumerProject(dir: string, tarball: string): void {
    const pkg = {
        name: "consumer",
        version: "1.0.0",
        private: true,
        dependencies: { [LIBRARY.name]: `file:${tarball}` },
        devDependencies: { "@types/node": LIBRARY.devDependencies?.["@types/node"] },
    };
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
    const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as {
        name: string;
        packages: Record<string, unknown>;
    };
    lock.name = pkg.name;
    lock.packages[""] = { name: pkg.name, version: pkg.version, dependencies: pkg.dependencies, devDependencies: pkg.devDependencies };
    fs.writeFileSync(path.join(dir, "package-lock.json"), JSON.stringify(lock, null, 2));
    for (const file of ["program.ts", "bad-program.ts", "offline-run.ts"]) {
        fs.copyFileSync(path.join(FIXTURES, file), path.join(dir, file));
    }
    // A strict consumer on Node's own resolution (`exports` with its `types` condition). One compile for both
    // programs: the good one must be clean, the bad one must fail with exactly the expected error.
    const compilerOptions = { target: "ES2022", module: "node16", moduleResolution: "node16", strict: true, skipLibCheck: true, types: ["node"], outDir: "out" };
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["program.ts", "offline-run.ts", "bad-program.ts"] }, null, 2));
    mustRun("npm", ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], dir);
}

/**
 * Walks the declaration files reachable from `entry` through relative imports; returns the npm packages they import
 * (skipLibCheck would hide an import that does not resolve, so this walk is the check) and relative imports that
 * point at no file.
 */
function declarationImports(entry: string): { packages: string[]; unresolved: string[] } {
    const packages = new Set<string>();
    const unresolved: string[] = [];
    const seen = new Set<string>();
    const pending = [entry];
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
        if (seen.has(file)) continue;
        seen.add(file);
        const text = fs.readFileSync(file, "utf8");
        for (const match of text.matchAll(/(?:from\s+|import\(\s*|require\(\s*)["']([^"']+)["']/g)) {
            const specifier = match[1];
            if (!specifier.startsWith(".")) {
                packages.add(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]);
                continue;
            }
            const base = path.resolve(path.dirname(file), specifier);
            const target = [`${base}.d.ts`, path.join(base, "index.d.ts")].find((candidate) => fs.existsSync(candidate));
            if (target) pending.push(target);
            else unresolved.push(`${path.basename(file)}: ${specifier}`);
        }
    }
    return { packages: [...packages].sort(), unresolved };
}

describe("the npm package @wandb-pulumi/wandb, installed from its tarball", function () {
    this.timeout(15 * 60 * 1000);
    let workDir: string;
    let packed: PackResult;
    let consumerDir: string;
    let compile: childProcess.SpawnSyncReturns<string>;

    before(() => {
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "wandb-package-"));
        packed = pack(REPO_ROOT, workDir);
        consumerDir = path.join(workDir, "consumer");
        fs.mkdirSync(consumerDir);
        createConsumerProject(consumerDir, path.join(workDir, packed.filename));
        compile = run(process.execPath, [TSC, "-p", "tsconfig.json"], consumerDir);
    });

    after(() => {
        if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    });

    it("is publishable: not private, compiled entry and declarations, no sources, tests or policies", () => {
        expect(LIBRARY.private).to.equal(undefined);
        const files = packed.files.map((f) => f.path);
        expect(files).to.include.members(["package.json", "README.md", "dist/components/index.js", "dist/components/index.d.ts", "dist/components/preflight/index.js"]);
        expect(files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))).to.deep.equal([]);
        expect(files.filter((file) => /^(tests|policies|examples)\//.test(file) || file.startsWith("dist/tests") || file.startsWith("dist/policies"))).to.deep.equal([]);
        expect(staleFiles(files, "dist", REPO_ROOT)).to.deep.equal([]);
    });

    it("installs without the optional peers: no cloud SDK, no preflight client", () => {
        const installed = OPTIONAL_PEERS.filter((name) => fs.existsSync(path.join(consumerDir, "node_modules", name)));
        expect(OPTIONAL_PEERS).to.include.members(["@pulumi/aws", "@pulumi/gcp", "@pulumi/azure-native", "mysql2", "ioredis", "@aws-sdk/client-s3"]);
        expect(installed).to.deep.equal([]);
        expect(fs.existsSync(path.join(consumerDir, "node_modules", "@pulumi", "kubernetes"))).to.equal(true);
    });

    it("a strict TypeScript consumer compiles against the emitted declarations; a wrong one does not", () => {
        // tsc prints one diagnostic per line start `<file>(<line>,<col>): error TS<n>:`.
        const errors = (compile.stdout + compile.stderr).split("\n").filter((line) => /^\S.*\(\d+,\d+\): error TS\d+/.test(line));
        expect(errors.filter((line) => !line.startsWith("bad-program.ts("))).to.deep.equal([]);
        // The declarations are real types (one degraded to `any` would accept this): WandbInstance without `license`.
        expect(errors).to.have.length(1);
        expect(compile.stdout).to.match(/^bad-program\.ts\(7,\d+\): error TS2345:.*\n.*Property 'license' is missing/m);
    });

    it("the entry's declarations reach only @pulumi/pulumi and @pulumi/kubernetes, and resolve", () => {
        const packageDir = path.join(consumerDir, "node_modules", ...LIBRARY.name.split("/"));
        const { packages, unresolved } = declarationImports(path.join(packageDir, "dist", "components", "index.d.ts"));
        expect(unresolved).to.deep.equal([]);
        expect(packages).to.deep.equal(["@pulumi/kubernetes", "@pulumi/pulumi"]);
    });

    it("WandbOperator + WandbInstance run under the offline engine and load no optional peer", () => {
        const out = mustRun(process.execPath, [path.join("out", "offline-run.js"), path.join("out", "program.js")], consumerDir);
        const result = JSON.parse(out.trim().split("\n").pop() ?? "{}") as ConsumerRun;
        const types = result.registrations.map((r) => r.type);
        expect(types).to.include.members([
            "pulumi:pulumi:Stack",
            "pulumi:providers:kubernetes",
            "wandb:index:WandbOperator",
            "kubernetes:helm.sh/v3:Release",
            "wandb:index:WandbInstance",
            "kubernetes:core/v1:Secret",
            "kubernetes:apps.wandb.com/v1:WeightsAndBiases",
        ]);
        // The license reaches a Kubernetes Secret and never the custom resource.
        const license = "LICENSE-PLAINTEXT-0123456789";
        const cr = result.registrations.find((r) => r.type === "kubernetes:apps.wandb.com/v1:WeightsAndBiases");
        expect(JSON.stringify(cr?.inputs)).to.not.include(license);
        expect(result.registrations.filter((r) => r.type === "kubernetes:core/v1:Secret" && JSON.stringify(r.inputs).includes(license))).to.have.length(1);
        expect(result.packages).to.include.members([LIBRARY.name, "@pulumi/pulumi", "@pulumi/kubernetes"]);
        expect(result.packages.filter((name) => OPTIONAL_PEERS.includes(name))).to.deep.equal([]);
    });
});

describe("the policy pack wandb-reference-architecture, packed", function () {
    this.timeout(10 * 60 * 1000);

    it("packs its compiled rules (main), its PulumiPolicy.yaml and nothing stale", () => {
        const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "wandb-policy-pack-"));
        try {
            const policiesDir = path.join(REPO_ROOT, "policies");
            const manifest = JSON.parse(fs.readFileSync(path.join(policiesDir, "package.json"), "utf8")) as PackageJson;
            const files = pack(policiesDir, workDir).files.map((f) => f.path);
            expect(manifest.private).to.equal(undefined);
            expect(files).to.include.members(["package.json", "PulumiPolicy.yaml", manifest.main, "bin/components/requirements.js"]);
            expect(files.filter((file) => file.endsWith(".ts") || file.endsWith(".map") || file.includes("tsbuildinfo"))).to.deep.equal([]);
            // bin/ mirrors the repository root (the pack's rootDir is ..).
            expect(staleFiles(files, "bin", REPO_ROOT)).to.deep.equal([]);
        } finally {
            fs.rmSync(workDir, { recursive: true, force: true });
        }
    });
});

describe("README: Use it in your own program", () => {
    it("shows the very program the package test installs and runs", () => {
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("## Use it in your own program"));
        const shown = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
        const program = fs.readFileSync(path.join(FIXTURES, "program.ts"), "utf8").replace(/^(\/\/.*\n)+/, "");
        expect(shown).to.equal(program);
    });
});
