import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigMap, EngineEvent, PulumiCommand } from "@pulumi/pulumi/automation";
import {
    DEFAULT_POLICY_PACK_DIR,
    PulumiCliNotFoundError,
    WandbStackOptions,
    deployWandb,
    destroyWandb,
    previewWandb,
    refreshWandb,
    resolvePulumiCommand,
    resolveWandbStackSettings,
    wandbInlineProgram,
} from "../../components/automation";
import { WandbArgumentError } from "../../components/util/errors";
import { runOffline } from "../harness/engine";
import { offlineSecret } from "../harness/stacks";
import { WANDB_CR_TYPE, crSecretLeaks, resourcesOfType } from "../harness/plan";
import { PulumiStandIn, createPulumiStandIn } from "../harness/pulumi-stand-in";

/** On-prem stack settings, as a portal would pass them (the same shape as Pulumi.onprem.yaml). */
const ONPREM_CONFIG = {
    environment: "test",
    host: "https://wandb.team-a.example.internal",
    database: { host: "mysql.db.example.internal", port: 3306, name: "wandb_local", user: "wandb_local" },
    bucket: { provider: "s3", endpoint: "minio.example.internal:9000", name: "wandb", tls: true, region: "us-east-1" },
    redis: { host: "redis.example.internal", port: 6379, tls: true },
    ingress: { class: "nginx", certManagerClusterIssuer: "letsencrypt-prod" },
};
const ONPREM_SECRETS = {
    license: "license-value-from-portal",
    databasePassword: "db-password-from-portal",
    bucketAccessKey: "bucket-access-from-portal",
    bucketSecretKey: "bucket-secret-from-portal",
    redisPassword: "redis-password-from-portal",
    kubeconfig: offlineSecret("wandb:kubeconfig"),
};

/** The config map as the offline engine takes it (what the CLI would hand the language host). */
function offlineConfig(map: ConfigMap): { config: Record<string, string>; secretKeys: string[] } {
    return {
        config: Object.fromEntries(Object.entries(map).map(([key, entry]) => [key, entry.value])),
        secretKeys: Object.entries(map).filter(([, entry]) => entry.secret).map(([key]) => key),
    };
}

describe("automation: the inline program (offline engine, config set as the Automation API sets it)", () => {
    it("runs the onprem program from the config map deployWandb sets", async () => {
        const settings = resolveWandbStackSettings(
            { stackName: "team-a", program: "onprem", workDir: "/tmp/unused", passphrase: "p", policyPacks: [], config: ONPREM_CONFIG, secrets: ONPREM_SECRETS },
            {},
        );
        expect(settings.config["wandb:program"]).to.deep.equal({ value: "onprem" });
        const plan = await runOffline(wandbInlineProgram(settings.program), { stack: "team-a", ...offlineConfig(settings.config) });

        expect(resourcesOfType(plan, WANDB_CR_TYPE)).to.have.length(1);
        expect(resourcesOfType(plan, "kubernetes:helm.sh/v3:Release")).to.have.length(1);
        expect(plan.outputs.url).to.equal(ONPREM_CONFIG.host);
        const provider = resourcesOfType(plan, "pulumi:providers:kubernetes")[0];
        expect(provider.secretPaths).to.include("kubeconfig");
        // Secrets given in `secrets` reach the program as secrets and stay out of the CR.
        const mysqlSecret = resourcesOfType(plan, "kubernetes:core/v1:Secret").find((s) => (s.inputs.metadata as { name: string }).name === "wandb-mysql");
        expect(JSON.stringify(mysqlSecret?.inputs)).to.contain(ONPREM_SECRETS.databasePassword);
        expect(mysqlSecret?.secretPaths.length).to.be.greaterThan(0);
        expect(crSecretLeaks(plan)).to.deep.equal([]);
    });

    it("fails the program run when the build lacks the named program", async () => {
        const { PROGRAMS } = await import("../../programs/select");
        const missing = (["aws", "gcp", "azure"] as const).find((name) => PROGRAMS[name] === undefined);
        if (missing === undefined) {
            return; // every program is built in; nothing to check
        }
        let error: unknown;
        try {
            await wandbInlineProgram(missing)();
        } catch (e) {
            error = e;
        }
        expect(error).to.be.instanceOf(WandbArgumentError);
    });
});

describe("automation: options are validated before any CLI runs", () => {
    const base: WandbStackOptions = { stackName: "s", program: "onprem", workDir: "/tmp/w", passphrase: "p", policyPacks: [] };

    it("rejects an unknown program, naming the allowed ones", () => {
        expect(() => resolveWandbStackSettings({ ...base, program: "openshift" }, {})).to.throw(WandbArgumentError, /program.*"openshift".*"aws", "gcp", "azure", "onprem"/);
    });

    it("requires a stack name and a workDir", () => {
        expect(() => resolveWandbStackSettings({ ...base, stackName: "" }, {})).to.throw(WandbArgumentError, /stackName/);
        expect(() => resolveWandbStackSettings({ ...base, workDir: "" }, {})).to.throw(WandbArgumentError, /workDir/);
    });

    it("requires a passphrase for the passphrase provider, from the option or the environment", () => {
        const { passphrase: _unused, ...noPassphrase } = base;
        expect(() => resolveWandbStackSettings(noPassphrase, {})).to.throw(WandbArgumentError, /passphrase.*PULUMI_CONFIG_PASSPHRASE/);
        expect(resolveWandbStackSettings(noPassphrase, { PULUMI_CONFIG_PASSPHRASE: "from-env" }).envVars.PULUMI_CONFIG_PASSPHRASE).to.equal("from-env");
        expect(resolveWandbStackSettings({ ...noPassphrase, secretsProvider: "awskms://alias/wandb" }, {}).envVars).to.deep.equal({});
    });

    it("rejects wandb:program in config and a key given twice, without printing secret values", () => {
        expect(() => resolveWandbStackSettings({ ...base, config: { program: "aws" } }, {})).to.throw(WandbArgumentError, /config\.program/);
        expect(() => resolveWandbStackSettings({ ...base, config: { license: "x" }, secrets: { "wandb:license": "s3cr3t" } }, {}))
            .to.throw(WandbArgumentError, /secrets\.wandb:license.*\[secret\].*already set/)
            .and.satisfy((e: Error) => !e.message.includes("s3cr3t"));
    });

    it("defaults to a file backend under workDir, project wandb with the nodejs runtime, and this repo's policy pack", () => {
        const { policyPacks: _unused, ...withDefaultPack } = base;
        let settings;
        try {
            settings = resolveWandbStackSettings(withDefaultPack, {});
        } catch (error) {
            // Before the policy pack is built into policies/, the default is refused with a clear message.
            expect(fs.existsSync(path.join(DEFAULT_POLICY_PACK_DIR, "PulumiPolicy.yaml"))).to.equal(false);
            expect(String(error)).to.match(/policyPacks.*no default pack.*wandb-reference-architecture.*\[\] to run without policies/);
            settings = resolveWandbStackSettings(base, {});
        }
        expect(settings.backendUrl).to.equal("file:///tmp/w/state");
        expect(settings.projectSettings).to.deep.equal({ name: "wandb", runtime: "nodejs", backend: { url: "file:///tmp/w/state" } });
        expect(settings.secretsProvider).to.equal("passphrase");
        if (withDefaultPack !== undefined && settings.policyPacks.length > 0) {
            expect(settings.policyPacks).to.deep.equal([DEFAULT_POLICY_PACK_DIR]);
        }
    });
});

describe("automation: CLI wiring, against a STAND-IN pulumi executable that records its arguments", () => {
    let standIn: PulumiStandIn;
    let pulumiCommand: PulumiCommand;
    let workDir: string;
    let options: WandbStackOptions;
    const events: EngineEvent[] = [];
    const output: string[] = [];

    before(async () => {
        standIn = createPulumiStandIn({
            url: { value: ONPREM_CONFIG.host },
            namespace: { value: "wandb" },
            operatorNamespace: { value: "wandb-cr" },
            customResource: { value: "wandb" },
        });
        pulumiCommand = await PulumiCommand.get({ root: standIn.root, skipVersionCheck: true });
        workDir = path.join(standIn.root, "workspace");
        options = {
            stackName: "team-a",
            program: "onprem",
            workDir,
            passphrase: "portal-passphrase",
            pulumiCommand,
            policyPacks: ["/opt/packs/wandb"],
            policyPackConfigs: [{ "mysql-parameters": { enforcementLevel: "mandatory" } }],
            config: { environment: "test", "kubernetes:enableServerSideApply": true, database: { host: "mysql.internal", port: 3306 } },
            secrets: { license: "lic", databasePassword: "pw" },
            onEvent: (event) => events.push(event),
            onOutput: (text) => output.push(text),
        };
    });
    after(() => standIn.remove());

    const withoutEphemeral = (argv: string[]) =>
        argv.map((arg) => arg.replace(/^--client=127\.0\.0\.1:\d+$/, "--client=127.0.0.1:<port>")).map((arg, i, all) => (all[i - 1] === "--event-log" ? "<event-log>" : arg));
    const configSetAll = [
        "config", "set-all", "--stack", "team-a",
        "--plaintext", "wandb:program=onprem",
        "--plaintext", "wandb:environment=test",
        "--plaintext", "kubernetes:enableServerSideApply=true",
        "--plaintext", 'wandb:database={"host":"mysql.internal","port":3306}',
        "--secret", "wandb:license=lic",
        "--secret", "wandb:databasePassword=pw",
        "--non-interactive",
    ];

    it("previewWandb: creates the stack with the passphrase provider, sets config (secrets with --secret), previews with the policy pack", async () => {
        const result = await previewWandb(options);
        const configFile = path.join(workDir, "policy-pack-config-0.json");
        expect(standIn.commands().map(withoutEphemeral)).to.deep.equal([
            ["stack", "select", "--stack", "team-a", "--non-interactive"],
            ["stack", "init", "team-a", "--secrets-provider", "passphrase", "--non-interactive"],
            configSetAll,
            ["preview", "--policy-pack", "/opt/packs/wandb", "--policy-pack-config", configFile, "--client=127.0.0.1:<port>",
                "--exec-kind", "auto.inline", "--event-log", "<event-log>", "--stack", "team-a", "--non-interactive"],
        ]);
        expect(JSON.parse(fs.readFileSync(configFile, "utf8"))).to.deep.equal({ "mysql-parameters": { enforcementLevel: "mandatory" } });
        expect(result.changeSummary).to.deep.equal({ create: 1 });
        expect(events.some((e) => e.summaryEvent !== undefined)).to.equal(true);
        expect(output.join("")).to.contain("Previewing update (team-a)");
    });

    it("runs every command in workDir with the passphrase and the file backend written to Pulumi.yaml", () => {
        for (const call of standIn.calls().filter((c) => c.argv[0] !== "version")) {
            expect(call.cwd).to.equal(workDir);
            expect(call.env.PULUMI_CONFIG_PASSPHRASE).to.equal("portal-passphrase");
        }
        const project = fs.readFileSync(path.join(workDir, "Pulumi.yaml"), "utf8");
        expect(project).to.match(/name: wandb/).and.match(/runtime: nodejs/).and.contain(`url: file://${workDir}/state`);
        expect(fs.existsSync(path.join(workDir, "state"))).to.equal(true);
    });

    it("deployWandb: selects the existing stack, runs up with the policy pack and returns typed outputs", async () => {
        const before = standIn.commands().length;
        const result = await deployWandb(options);
        const commands = standIn.commands().slice(before).map(withoutEphemeral);
        expect(commands[0]).to.deep.equal(["stack", "select", "--stack", "team-a", "--non-interactive"]);
        expect(commands[1]).to.deep.equal(configSetAll);
        expect(commands[2]).to.deep.equal([
            "up", "--yes", "--skip-preview", "--policy-pack", "/opt/packs/wandb", "--policy-pack-config", path.join(workDir, "policy-pack-config-0.json"),
            "--client=127.0.0.1:<port>", "--exec-kind", "auto.inline", "--event-log", "<event-log>", "--stack", "team-a", "--non-interactive",
        ]);
        expect(commands).to.deep.include(["stack", "output", "--json", "--show-secrets", "--stack", "team-a", "--non-interactive"]);
        expect(result.outputs).to.deep.equal({ url: ONPREM_CONFIG.host, namespace: "wandb", operatorNamespace: "wandb-cr", customResource: "wandb" });
        expect(result.summary?.result).to.equal("succeeded");
    });

    it("refreshWandb and destroyWandb run refresh and destroy on the stack (no policy pack flags)", async () => {
        const before = standIn.commands().length;
        const refreshed = await refreshWandb(options);
        expect(refreshed.outputs.url).to.equal(ONPREM_CONFIG.host);
        const destroyed = await destroyWandb(options);
        expect(destroyed.summary?.kind).to.equal("destroy");
        const operations = standIn.commands().slice(before).filter((argv) => argv[0] === "refresh" || argv[0] === "destroy").map(withoutEphemeral);
        expect(operations).to.deep.equal([
            ["refresh", "--skip-preview", "--yes", "--event-log", "<event-log>", "--client=127.0.0.1:<port>", "--exec-kind", "auto.inline", "--stack", "team-a", "--non-interactive"],
            ["destroy", "--yes", "--skip-preview", "--event-log", "<event-log>", "--client=127.0.0.1:<port>", "--exec-kind", "auto.inline", "--stack", "team-a", "--non-interactive"],
        ]);
    });

    it("finds the stand-in through pulumiRoot as well as an injected pulumiCommand", async () => {
        const command = await resolvePulumiCommand({ pulumiRoot: standIn.root, skipVersionCheck: true });
        expect(command.command).to.equal(path.join(standIn.root, "bin", "pulumi"));
        expect(command.version?.version).to.equal("3.200.0");
    });
});

describe("automation: a missing pulumi CLI fails fast with one line that says how to install it", () => {
    it("reports a CLI missing from PATH without spawning anything", async () => {
        let error: unknown;
        try {
            await resolvePulumiCommand({}, { PATH: "/nonexistent-a:/nonexistent-b" });
        } catch (e) {
            error = e;
        }
        expect(error).to.be.instanceOf(PulumiCliNotFoundError);
        const message = (error as Error).message;
        expect(message.split("\n")).to.have.length(1);
        expect(message).to.match(/^The Pulumi CLI is required but `pulumi` is not on PATH: install it with `curl -fsSL https:\/\/get\.pulumi\.com \| sh`/);
        expect((error as Error).stack).to.not.match(/spawn|ENOENT|\n\s+at /);
    });

    it("reports a pulumiRoot without bin/pulumi, and deployWandb surfaces the same error", async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-"));
        try {
            let error: unknown;
            try {
                await deployWandb({ stackName: "s", program: "onprem", workDir: path.join(root, "ws"), passphrase: "p", policyPacks: [], pulumiRoot: root });
            } catch (e) {
                error = e;
            }
            expect(error).to.be.instanceOf(PulumiCliNotFoundError);
            expect((error as Error).message).to.equal(
                `The Pulumi CLI is required but ${path.join(root, "bin", "pulumi")} is missing or not executable: ` +
                    "install it with `curl -fsSL https://get.pulumi.com | sh` (macOS: `brew install pulumi/tap/pulumi`; see https://www.pulumi.com/docs/iac/download-install/), " +
                    "or pass `pulumiRoot` (a directory holding bin/pulumi) or `pulumiCommand`.",
            );
            expect(fs.existsSync(path.join(root, "ws"))).to.equal(false);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("reports a binary that does not run `pulumi version`, with the CLI's own first line", async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "broken-pulumi-"));
        try {
            fs.mkdirSync(path.join(root, "bin"));
            fs.writeFileSync(path.join(root, "bin", "pulumi"), "#!/bin/sh\necho 'error: corrupt install' >&2\nexit 3\n", { mode: 0o755 });
            let error: unknown;
            try {
                await resolvePulumiCommand({ pulumiRoot: root });
            } catch (e) {
                error = e;
            }
            expect(error).to.be.instanceOf(PulumiCliNotFoundError);
            expect((error as Error).message.split("\n")).to.have.length(1);
            expect((error as Error).message).to.contain("did not run `pulumi version`").and.contain("corrupt install");
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
