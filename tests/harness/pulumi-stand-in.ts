/**
 * A STAND-IN `pulumi` executable for testing the Automation API wiring without the real CLI (which
 * cannot be installed here). It is not Pulumi: it records every command line it is given, keeps a
 * little stack state on disk, and answers the commands the Automation API issues with output shaped
 * like the real CLI's (`version`, `stack select/init`, `config set-all`, `preview`/`up`/`refresh`/
 * `destroy` with engine events in `--event-log`, `stack output --json`, `stack history --json`).
 * It never runs the inline program; the offline engine tests that.
 *
 * Layout: `<root>/bin/pulumi` (what `PulumiCommand.get({ root })` runs), `<root>/calls.jsonl` (one
 * recorded call per line), `<root>/stacks/<name>/` (state), `<root>/outputs.json` (what `up` deploys).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * The version the stand-in reports. Below 3.205 the Automation API passes `--event-log <file>`
 * (JSON lines) rather than a gRPC events endpoint, which a script can write; above 3.181, so inline
 * programs are allowed for refresh and destroy.
 */
export const STAND_IN_VERSION = "3.200.0";

/** One recorded invocation. */
export interface StandInCall {
    /** The arguments, as given. */
    argv: string[];
    /** The working directory. */
    cwd: string;
    /** The Pulumi environment variables it saw. */
    env: Record<string, string>;
}

/** A stand-in CLI installed in a temporary directory. */
export interface PulumiStandIn {
    /** The install root (`<root>/bin/pulumi`). */
    root: string;
    /** Every call so far, in order. */
    calls(): StandInCall[];
    /** The argv of every call except `version`, for asserting the command sequence. */
    commands(): string[][];
    /** Removes the directory. */
    remove(): void;
}

/** Stack outputs `up` reports; each `{ value, secret }`. */
export type StandInOutputs = Record<string, { value: unknown; secret?: boolean }>;

const SCRIPT = String.raw`
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "..");
const argv = process.argv.slice(2);
const env = {};
for (const [k, v] of Object.entries(process.env)) if (k.startsWith("PULUMI_")) env[k] = v;
fs.appendFileSync(path.join(root, "calls.jsonl"), JSON.stringify({ argv, cwd: process.cwd(), env }) + "\n");

const flag = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
const stack = flag("--stack");
const stackDir = (name) => path.join(root, "stacks", name);
const fail = (message) => { process.stderr.write(message + "\n"); process.exit(255); };
const events = [];
const emit = (event) => events.push({ sequence: events.length, timestamp: Math.floor(Date.now() / 1000), ...event });
const flushEvents = () => { const log = flag("--event-log"); if (log) fs.writeFileSync(log, events.map((e) => JSON.stringify(e)).join("\n") + "\n"); };
const history = (kind, changes) => fs.writeFileSync(path.join(stackDir(stack), "history.json"), JSON.stringify([{
  version: 1, kind, startTime: new Date().toISOString(), endTime: new Date().toISOString(), message: "",
  environment: { "exec.kind": flag("--exec-kind") || "" }, config: {}, result: "succeeded", resourceChanges: changes }]));
const operation = (kind, op, count) => {
  if (!stack || !fs.existsSync(stackDir(stack))) fail("error: no stack named '" + stack + "' found");
  emit({ stdoutEvent: { message: "stand-in " + kind + " of stack " + stack, color: "never" } });
  emit({ preludeEvent: { config: {} } });
  emit({ resourcePreEvent: { metadata: { op, urn: "urn:pulumi:" + stack + "::wandb::pulumi:pulumi:Stack::wandb-" + stack, type: "pulumi:pulumi:Stack", provider: "" } } });
  emit({ summaryEvent: { maybeCorrupt: false, durationSeconds: 0, resourceChanges: { [op]: count }, policyPacks: {} } });
  flushEvents();
  process.stdout.write((kind === "preview" ? "Previewing update (" : "Updating (") + stack + "):\n");
  process.stdout.write("    pulumi:pulumi:Stack wandb-" + stack + " " + op + "\nResources:\n    " + count + " " + op + "\n");
};

const [a, b] = argv;
if (a === "version") { process.stdout.write("v${STAND_IN_VERSION}\n"); process.exit(0); }
if (a === "stack" && b === "select") { if (!fs.existsSync(stackDir(stack))) fail("error: no stack named '" + stack + "' found"); process.exit(0); }
if (a === "stack" && b === "init") {
  const name = argv[2];
  if (fs.existsSync(stackDir(name))) fail("error: stack '" + name + "' already exists");
  fs.mkdirSync(stackDir(name), { recursive: true });
  fs.writeFileSync(path.join(stackDir(name), "settings.json"), JSON.stringify({ secretsProvider: flag("--secrets-provider") || "" }));
  process.exit(0);
}
if (a === "config" && b === "set-all") {
  const config = {};
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === "--plaintext" || argv[i] === "--secret") {
      const [key, ...rest] = argv[i + 1].split("=");
      config[key] = { value: rest.join("="), secret: argv[i] === "--secret" };
      i++;
    }
  }
  fs.writeFileSync(path.join(stackDir(stack), "config.json"), JSON.stringify(config));
  process.exit(0);
}
if (a === "preview") { operation("preview", "create", 1); process.exit(0); }
if (a === "up") {
  operation("update", "create", 1);
  fs.copyFileSync(path.join(root, "outputs.json"), path.join(stackDir(stack), "outputs.json"));
  history("update", { create: 1 });
  process.exit(0);
}
if (a === "refresh") { operation("refresh", "same", 1); history("refresh", { same: 1 }); process.exit(0); }
if (a === "destroy") { operation("destroy", "delete", 1); fs.rmSync(path.join(stackDir(stack), "outputs.json"), { force: true }); history("destroy", { delete: 1 }); process.exit(0); }
if (a === "stack" && b === "output") {
  const file = path.join(stackDir(stack), "outputs.json");
  const outputs = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  const show = argv.includes("--show-secrets");
  const out = {};
  for (const [k, v] of Object.entries(outputs)) out[k] = v.secret && !show ? "[secret]" : v.value;
  process.stdout.write(JSON.stringify(out) + "\n");
  process.exit(0);
}
if (a === "stack" && b === "history") {
  const file = path.join(stackDir(stack), "history.json");
  process.stdout.write(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "[]");
  process.exit(0);
}
fail("stand-in pulumi: unsupported command: " + argv.join(" "));
`;

/** Writes a stand-in `pulumi` into a new temporary directory; `up` will report `outputs`. */
export function createPulumiStandIn(outputs: StandInOutputs = {}): PulumiStandIn {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-stand-in-"));
    fs.mkdirSync(path.join(root, "bin"));
    fs.mkdirSync(path.join(root, "stacks"));
    fs.writeFileSync(path.join(root, "outputs.json"), JSON.stringify(outputs));
    fs.writeFileSync(path.join(root, "bin", "pulumi"), `#!${process.execPath}\n${SCRIPT}`, { mode: 0o755 });
    const calls = (): StandInCall[] => {
        const file = path.join(root, "calls.jsonl");
        return fs.existsSync(file)
            ? fs.readFileSync(file, "utf8").split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as StandInCall)
            : [];
    };
    return {
        root,
        calls,
        commands: () => calls().map((call) => call.argv).filter((argv) => argv[0] !== "version"),
        remove: () => fs.rmSync(root, { recursive: true, force: true }),
    };
}
