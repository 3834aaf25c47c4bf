/**
 * The real Pulumi engine: `pulumi preview/up/destroy` of the onprem stack (programs/onprem) against a real
 * kube-apiserver on 127.0.0.1 (see docs/real-engine.md). Run by `npm run e2e`, not by `npm test`.
 *
 * One stack goes through its life in order: preview, policy preview, up, no-op preview, in-place update, state
 * export, destroy. Each `it` is one scenario of the issue; a later one needs the earlier ones to have run.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { deployWandb, destroyWandb, previewWandb } from "../../components/automation";
import { OPERATOR_CHART } from "../../components/release";
import { Cluster, finalizeTerminatingNamespaces, startCluster } from "./cluster";
import { OperatorLog, Player, playDeploymentController, playOperator } from "./controllers";
import { HelmRepo, serveHelmRepo } from "./helm-repo";
import { CliResult, EngineRoot, REPO_ROOT, findToolchain, makeEngineRoot, tempDir } from "./toolchain";

const STACK = "e2e";
const OPERATOR_NS = "wandb-cr";
const INSTANCE_NS = "wandb";
const CR_NAME = "wandb";
const CR_PATH = `/apis/apps.wandb.com/v1/namespaces/${INSTANCE_NS}/weightsandbiases/${CR_NAME}`;
/** How long the played operator takes before the W&B Deployments exist and the CR completes. */
const OPERATOR_DELAY_MS = 15000;
const POLICY_PACK = path.join(REPO_ROOT, "policies");

/** The fixture's secret config values; scenario 8 looks for each of them in the state. */
const SECRETS = {
    license: "e2e-license-5a1d0c7e-first",
    databasePassword: "e2e-db-password-7f3b",
    bucketAccessKey: "e2e-bucket-access-91c2",
    bucketSecretKey: "e2e-bucket-secret-4d8e",
    redisPassword: "e2e-redis-password-2b6a",
    oidcClientSecret: "e2e-oidc-client-secret-0e5f",
    smtpPassword: "e2e-smtp-password-c37d",
};
const NEW_LICENSE = "e2e-license-5a1d0c7e-second";

/** Times measured along the way, printed at the end (never asserted). */
const timings: Record<string, number> = {};

function dump(result: CliResult): string {
    return `exit ${result.code}\n--- stdout\n${result.stdout.slice(-6000)}\n--- stderr\n${result.stderr.slice(-4000)}`;
}

function expectOk(result: CliResult, what: string): void {
    if (result.code !== 0) throw new Error(`${what} failed: ${dump(result)}`);
}

/** The steps of `pulumi preview --json`. */
interface PreviewStep {
    op: string;
    urn: string;
    diffReasons?: string[];
    replaceReasons?: string[];
    newState?: { type: string };
    oldState?: { type: string };
}

function previewSteps(result: CliResult): PreviewStep[] {
    const json = JSON.parse(result.stdout.slice(result.stdout.indexOf("{")));
    return json.steps ?? [];
}

const typeOf = (s: PreviewStep) => s.newState?.type ?? s.oldState?.type ?? s.urn.split("::")[2].split("$").pop() ?? "";

describe("real engine: the onprem stack on a real kube-apiserver (npm run e2e)", function () {
    let cluster: Cluster | undefined;
    let repo: HelmRepo | undefined;
    let engine: EngineRoot;
    let work: string;
    let projectDir: string;
    const players: Player[] = [];
    let stopNamespaceFinalizer: (() => void) | undefined;
    let operatorLog: OperatorLog;
    let upStartedAt = 0;
    let upFinishedAt = 0;
    let upOk = false;

    const pulumi = (args: string[], timeoutMs?: number) => {
        const split = args.indexOf("--") < 0 ? args.length : args.indexOf("--");
        return engine.pulumi([...args.slice(0, split), "--stack", STACK, ...args.slice(split)], { cwd: projectDir, timeoutMs });
    };

    before(async function () {
        const status = findToolchain();
        console.log(status.report.split("\n").map((l) => `    ${l}`).join("\n"));
        if (!status.ready) {
            console.log("    The e2e toolchain is not built: skipping the real-engine suite. Build it with `npm run e2e:toolchain`.");
            this.skip();
        }
        const { tools } = status;
        work = tempDir("wandb-e2e-");
        let t = Date.now();
        cluster = await startCluster({ etcd: tools.etcd, kubeApiserver: tools.kubeApiserver });
        timings["cluster start (s)"] = (Date.now() - t) / 1000;
        stopNamespaceFinalizer = finalizeTerminatingNamespaces(cluster.client);
        fs.mkdirSync(path.join(work, "charts"));
        repo = await serveHelmRepo(path.join(__dirname, "fixtures", "operator-chart"), OPERATOR_CHART.version, path.join(work, "charts"));
        engine = makeEngineRoot(tools, path.join(work, "engine"), path.join(work, "state"));
        fs.mkdirSync(path.join(work, "state"));

        // The project as a user has it, in a directory of its own so no stack file lands in the repository.
        projectDir = path.join(work, "project");
        fs.mkdirSync(projectDir);
        for (const f of ["Pulumi.yaml", "package.json", "tsconfig.json"]) fs.copyFileSync(path.join(REPO_ROOT, f), path.join(projectDir, f));
        for (const d of ["programs", "components", "node_modules"]) fs.symlinkSync(path.join(REPO_ROOT, d), path.join(projectDir, d));

        t = Date.now();
        expectOk(await engine.pulumi(["stack", "init", STACK, "--secrets-provider", "passphrase"], { cwd: projectDir }), "stack init");
        const stackFile = path.join(projectDir, `Pulumi.${STACK}.yaml`);
        const stackYaml = (yaml.load(fs.readFileSync(stackFile, "utf8")) ?? {}) as Record<string, unknown>;
        stackYaml.config = {
            "wandb:program": "onprem",
            "wandb:environment": "production",
            "wandb:products": "models",
            "wandb:host": "https://wandb.e2e.example.internal",
            "wandb:database": { host: "mysql.e2e.example.internal", port: 3306, name: "wandb_local", user: "wandb_local" },
            "wandb:bucket": { provider: "s3", endpoint: "minio.e2e.example.internal:9000", name: "wandb", tls: true, region: "us-east-1" },
            "wandb:redis": { host: "redis.e2e.example.internal", port: 6379, tls: true },
            "wandb:ingress": { class: "nginx", certManagerClusterIssuer: "letsencrypt-prod" },
            "wandb:operator": {
                namespace: OPERATOR_NS,
                airgapped: { chartRepository: repo.url, controllerImageRepository: "registry.e2e.example.internal/wandb/controller" },
            },
            "wandb:instance": {
                namespace: INSTANCE_NS,
                crName: CR_NAME,
                size: "small",
                readinessTimeout: "5m",
                oidc: { clientId: "wandb-e2e", issuer: "https://login.e2e.example.internal/realms/wandb", authMethod: "pkce" },
                smtp: { host: "smtp.e2e.example.internal", port: 587, user: "wandb", mailFrom: "wandb@e2e.example.internal" },
                values: { app: { extraEnv: { E2E_MARKER: "first" } } },
            },
        };
        fs.writeFileSync(stackFile, yaml.dump(stackYaml));
        const secretConfig: [string, string][] = [
            ["wandb:kubeconfig", cluster.kubeconfig],
            ["wandb:license", SECRETS.license],
            ["wandb:databasePassword", SECRETS.databasePassword],
            ["wandb:bucketAccessKey", SECRETS.bucketAccessKey],
            ["wandb:bucketSecretKey", SECRETS.bucketSecretKey],
            ["wandb:redisPassword", SECRETS.redisPassword],
            ["wandb:instance.oidc.clientSecret", SECRETS.oidcClientSecret],
            ["wandb:instance.smtp.password", SECRETS.smtpPassword],
        ];
        for (const [key, value] of secretConfig) {
            expectOk(await pulumi(["config", "set", "--secret", ...(key.includes(".") ? ["--path"] : []), key, "--", value]), `config set ${key}`);
        }
        timings["stack init + config (s)"] = (Date.now() - t) / 1000;
        expect(fs.readFileSync(stackFile, "utf8"), "secret config is encrypted in the stack file").not.to.include(SECRETS.license);
    });

    after(async function () {
        for (const p of players) p.stop();
        stopNamespaceFinalizer?.();
        await repo?.close();
        await cluster?.stop(process.env.E2E_KEEP === "1");
        if (work && process.env.E2E_KEEP !== "1") fs.rmSync(work, { recursive: true, force: true });
        if (Object.keys(timings).length) {
            console.log("    timings (informational):");
            for (const [k, v] of Object.entries(timings)) console.log(`      ${k}: ${v.toFixed(1)}`);
        }
    });

    it("1. preview lists the operator release, the Secrets and the WeightsAndBiases resource", async function () {
        const t = Date.now();
        const result = await pulumi(["preview", "--json"]);
        timings["first preview (s)"] = (Date.now() - t) / 1000;
        expectOk(result, "preview");
        const creates = previewSteps(result).filter((s) => s.op === "create").map(typeOf);
        expect(creates).to.include("kubernetes:helm.sh/v3:Release");
        expect(creates).to.include("kubernetes:apps.wandb.com/v1:WeightsAndBiases");
        expect(creates.filter((t) => t === "kubernetes:core/v1:Secret")).to.have.length(6);
        expect(creates.filter((t) => t === "kubernetes:core/v1:Namespace")).to.have.length(2);
    });

    it("2. preview with the policy pack run by the CLI: no mandatory violation; an ingress without TLS fails on the tls policy", async function () {
        if (!fs.existsSync(path.join(POLICY_PACK, "PulumiPolicy.yaml"))) {
            console.log("    pending: policies/ is not in this branch (the policy pack issue); the scenario runs once it is");
            this.skip();
        }
        const clean = await pulumi(["preview", "--policy-pack", POLICY_PACK]);
        expectOk(clean, "preview with the policy pack");
        expect(clean.stdout, "the pack ran").to.include("wandb-reference-architecture");
        expect(clean.stdout + clean.stderr).not.to.match(/mandatory/i);

        // `--config` on preview writes into the stack file: keep it and put it back.
        const stackFile = path.join(projectDir, `Pulumi.${STACK}.yaml`);
        const saved = fs.readFileSync(stackFile, "utf8");
        try {
            // An `http://` host never reaches the policy pack: WandbInstance refuses it at construction.
            const http = await pulumi(["preview", "--policy-pack", POLICY_PACK, "--config", "wandb:host=http://wandb.e2e.example.internal"]);
            expect(http.code, dump(http)).not.to.equal(0);
            expect(http.stdout + http.stderr).to.include("WandbArgumentError: Invalid argument platform.host");
            fs.writeFileSync(stackFile, saved);
            // An ingress with neither a TLS Secret nor a cert-manager issuer is legal for the component; the pack stops it.
            const broken = await pulumi(["preview", "--policy-pack", POLICY_PACK, "--config-path", "--config", "wandb:ingress.certManagerClusterIssuer="]);
            expect(broken.code, dump(broken)).not.to.equal(0);
            const out = broken.stdout + broken.stderr;
            expect(out).to.match(/mandatory/i);
            expect(out).to.match(/\btls\b/);
            expect(out).to.include("the ingress has no TLS");
        } finally {
            fs.writeFileSync(stackFile, saved);
        }
    });

    it("3. up installs the operator from the 127.0.0.1 Helm repository and the instance; Secrets hold the values, the CR only names them", async function () {
        const client = cluster!.client;
        players.push(playDeploymentController(client, OPERATOR_NS), playDeploymentController(client, INSTANCE_NS));
        const operator = playOperator(client, {
            crPath: CR_PATH, instanceNamespace: INSTANCE_NS, crName: CR_NAME, operatorNamespace: OPERATOR_NS, delayMs: OPERATOR_DELAY_MS,
        });
        players.push(operator);
        operatorLog = operator.log;

        upStartedAt = Date.now();
        const result = await pulumi(["up", "--yes", "--skip-preview"]);
        upFinishedAt = Date.now();
        timings["up (s)"] = (upFinishedAt - upStartedAt) / 1000;
        expectOk(result, "up");
        upOk = true;

        // The chart came from our repository, at the pinned version.
        expect(repo!.requests).to.include("/index.yaml");
        expect(repo!.requests).to.include(`/operator-${OPERATOR_CHART.version}.tgz`);
        const controller = await client.get(`/apis/apps/v1/namespaces/${OPERATOR_NS}/deployments`);
        expect(controller.items.map((d: any) => d.spec.template.spec.containers[0].image))
            .to.deep.equal([`registry.e2e.example.internal/wandb/controller:${OPERATOR_CHART.controllerImageTag}`]);
        expect(controller.items[0].spec.template.spec.containers[0].env).to.deep.include({ name: "AIRGAPPED", value: "true" });

        for (const ns of [OPERATOR_NS, INSTANCE_NS]) expect(await client.get(`/api/v1/namespaces/${ns}`), ns).to.not.equal(undefined);

        const expected: Record<string, Record<string, string>> = {
            [`${CR_NAME}-license`]: { license: SECRETS.license },
            [`${CR_NAME}-mysql`]: { MYSQL_PASSWORD: SECRETS.databasePassword },
            [`${CR_NAME}-redis`]: { REDIS_PASSWORD: SECRETS.redisPassword },
            [`${CR_NAME}-bucket`]: { ACCESS_KEY: SECRETS.bucketAccessKey, SECRET_KEY: SECRETS.bucketSecretKey },
            [`${CR_NAME}-oidc`]: { OIDC_SECRET: SECRETS.oidcClientSecret },
            [`${CR_NAME}-smtp`]: { SMTP_PASSWORD: SECRETS.smtpPassword },
        };
        for (const [name, data] of Object.entries(expected)) {
            const secret = await client.get(`/api/v1/namespaces/${INSTANCE_NS}/secrets/${name}`);
            expect(secret, name).to.not.equal(undefined);
            const decoded = Object.fromEntries(Object.entries(secret.data as Record<string, string>)
                .map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));
            expect(decoded, name).to.deep.equal(data);
        }

        const cr = await client.get(CR_PATH);
        expect(cr.spec.chart.version).to.match(/^\d+\.\d+\.\d+$/);
        expect(cr.spec.chart.name).to.equal("operator-wandb");
        const values = JSON.stringify(cr.spec.values);
        for (const name of Object.keys(expected)) expect(values, `the CR references ${name}`).to.include(`"${name}"`);
        const whole = JSON.stringify(cr);
        for (const [k, v] of Object.entries(SECRETS)) expect(whole, `the CR holds no ${k}`).not.to.include(v);
    });

    it("4. readiness: up did not finish before the played operator completed the CR and the W&B Deployments were available", function () {
        expect(upOk, "up succeeded").to.equal(true);
        expect(operatorLog.crSeenAt, "the CR was created during up").to.be.a("number");
        expect(operatorLog.completedAt, "the played operator completed the CR during up").to.be.a("number");
        expect(operatorLog.completedAt!).to.be.greaterThan(operatorLog.crSeenAt! + OPERATOR_DELAY_MS - 1000);
        expect(upFinishedAt, "up finished after the CR completed").to.be.greaterThan(operatorLog.completedAt!);
    });

    it("5. preview --expect-no-changes right after up passes (no perpetual diff)", async function () {
        const result = await pulumi(["preview", "--expect-no-changes", "--diff"]);
        expectOk(result, "preview --expect-no-changes");
    });

    it("6. a new license and a changed values setting update the CR and the Secret in place (no replacement)", async function () {
        expectOk(await pulumi(["config", "set", "--secret", "wandb:license", "--", NEW_LICENSE]), "config set license");
        expectOk(await pulumi(["config", "set", "--path", "wandb:instance.values.app.extraEnv.E2E_MARKER", "second"]), "config set values");
        const preview = await pulumi(["preview", "--json"]);
        expectOk(preview, "preview");
        const changed = previewSteps(preview).filter((s) => s.op !== "same");
        const ops = changed.map((s) => `${s.op} ${typeOf(s)} ${s.urn.split("::").pop()}`);
        expect(ops.filter((o) => /replace|create|delete/.test(o)), ops.join("\n")).to.deep.equal([]);
        expect(ops).to.include("update kubernetes:apps.wandb.com/v1:WeightsAndBiases wandb-cr");
        expect(ops).to.include("update kubernetes:core/v1:Secret wandb-license");

        const result = await pulumi(["up", "--yes", "--skip-preview"]);
        expectOk(result, "up (update)");
        const client = cluster!.client;
        const license = await client.get(`/api/v1/namespaces/${INSTANCE_NS}/secrets/${CR_NAME}-license`);
        expect(Buffer.from(license.data.license, "base64").toString()).to.equal(NEW_LICENSE);
        const cr = await client.get(CR_PATH);
        expect(cr.spec.values.app.extraEnv.E2E_MARKER).to.equal("second");
        expect(cr.metadata.generation).to.equal(2);
    });

    it("8. stack export holds no plaintext license, database, Redis, bucket, OIDC or SMTP secret", async function () {
        const result = await pulumi(["stack", "export"]);
        expectOk(result, "stack export");
        // Secret `data` is base64 in the state, so each value is looked for as is and base64-encoded.
        const forms = (v: string) => [v, Buffer.from(v).toString("base64")];
        const plain = { ...SECRETS, newLicense: NEW_LICENSE };
        for (const [k, v] of Object.entries(plain)) {
            for (const form of forms(v)) expect(result.stdout, `state holds ${k} in plain text (${form})`).not.to.include(form);
        }
        // The same check can see them: with --show-secrets they are there.
        const shown = await pulumi(["stack", "export", "--show-secrets"]);
        expectOk(shown, "stack export --show-secrets");
        for (const v of [NEW_LICENSE, SECRETS.databasePassword, SECRETS.oidcClientSecret, SECRETS.smtpPassword]) {
            expect(forms(v).some((form) => shown.stdout.includes(form)), `--show-secrets shows ${v}`).to.equal(true);
        }
    });

    it("7. destroy deletes the CR while the operator still runs, then the release, and leaves nothing of ours", async function () {
        const t = Date.now();
        const result = await pulumi(["destroy", "--yes", "--skip-preview"]);
        timings["destroy (s)"] = (Date.now() - t) / 1000;
        expectOk(result, "destroy");
        expect(operatorLog.orphanedCr, "the CR was being deleted after the operator was gone").to.not.equal(true);
        expect(operatorLog.crFinalizedAt, "the operator cleaned up the CR").to.be.a("number");
        expect(operatorLog.crDeletedAt, "the CR was deleted").to.be.a("number");
        expect(operatorLog.controllerGoneAt, "the operator release was uninstalled").to.be.a("number");
        expect(operatorLog.crFinalizedAt!, "the CR went while the operator ran").to.be.lessThan(operatorLog.controllerGoneAt!);

        const client = cluster!.client;
        for (const ns of [OPERATOR_NS, INSTANCE_NS]) expect(await client.get(`/api/v1/namespaces/${ns}`), `namespace ${ns}`).to.equal(undefined);
        // Namespaces here are finalized without a namespace controller emptying them, so anything left shows up here.
        const ours = (items: any[]) => items.filter((o) => [OPERATOR_NS, INSTANCE_NS].includes(o.metadata.namespace))
            .map((o) => `${o.kind ?? ""} ${o.metadata.namespace}/${o.metadata.name}`);
        const left: string[] = [];
        for (const list of ["/api/v1/secrets", "/api/v1/serviceaccounts", "/api/v1/configmaps", "/apis/apps/v1/deployments",
            "/apis/apps/v1/replicasets", "/apis/apps.wandb.com/v1/weightsandbiases"]) {
            left.push(...ours((await client.get(list))?.items ?? []).map((o) => `${list}: ${o}`));
        }
        expect(left).to.deep.equal([]);
        const releaseSecrets = ((await client.get("/api/v1/secrets?labelSelector=owner%3Dhelm"))?.items ?? []);
        expect(releaseSecrets.map((s: any) => s.metadata.name)).to.deep.equal([]);
    });

    it("9. the Automation API runs scenarios 1, 3 and 7 on the built CLI", async function () {
        const client = cluster!.client;
        const operatorNs = "wandb-auto-cr";
        const instanceNs = "wandb-auto";
        const crName = "wandb-auto";
        const outputs: string[] = [];
        const events: unknown[] = [];
        const options = {
            stackName: "e2e-automation",
            program: "onprem",
            workDir: path.join(work, "automation"),
            backendUrl: `file://${path.join(work, "automation-state")}`,
            pulumiRoot: engine.root,
            envVars: engine.env,
            config: {
                environment: "production",
                products: "models",
                host: "https://wandb-auto.e2e.example.internal",
                database: { host: "mysql.e2e.example.internal", port: 3306, name: "wandb_local", user: "wandb_local" },
                bucket: { provider: "s3", endpoint: "minio.e2e.example.internal:9000", name: "wandb", tls: true, region: "us-east-1" },
                redis: { host: "redis.e2e.example.internal", port: 6379, tls: true },
                ingress: { class: "nginx", certManagerClusterIssuer: "letsencrypt-prod" },
                operator: { namespace: operatorNs, installName: "wandb-auto-operator", airgapped: { chartRepository: repo!.url, controllerImageRepository: "registry.e2e.example.internal/wandb/controller" } },
                instance: { namespace: instanceNs, crName, readinessTimeout: "5m" },
            },
            secrets: {
                kubeconfig: cluster!.kubeconfig,
                license: SECRETS.license,
                databasePassword: SECRETS.databasePassword,
                bucketAccessKey: SECRETS.bucketAccessKey,
                bucketSecretKey: SECRETS.bucketSecretKey,
                redisPassword: SECRETS.redisPassword,
            },
            onOutput: (text: string) => outputs.push(text),
            onEvent: (event: unknown) => events.push(event),
        };
        fs.mkdirSync(path.join(work, "automation-state"), { recursive: true });

        // Scenario 1 through the Automation API, with the policy pack attached by default.
        const preview = await previewWandb(options);
        expect(preview.changeSummary.create, "preview plans creates").to.be.greaterThan(0);

        // Scenario 3: up installs operator and instance; the played operator completes them.
        const auto = playOperator(client, { crPath: `/apis/apps.wandb.com/v1/namespaces/${instanceNs}/weightsandbiases/${crName}`, instanceNamespace: instanceNs, crName, operatorNamespace: operatorNs, delayMs: 2000 });
        players.push(playDeploymentController(client, operatorNs), playDeploymentController(client, instanceNs), auto);
        const up = await deployWandb(options);
        expect(up.outputs.url).to.equal("https://wandb-auto.e2e.example.internal");
        expect(up.outputs.customResource).to.equal(crName);
        const cr = await client.get(`/apis/apps.wandb.com/v1/namespaces/${instanceNs}/weightsandbiases/${crName}`);
        expect(cr?.spec?.chart?.version, "the CR pins the chart").to.be.a("string");
        expect(JSON.stringify(cr)).to.not.include(SECRETS.license);
        expect(outputs.join(""), "progress streamed to onOutput").to.match(/wandb-auto|WeightsAndBiases|Resources/);
        expect(events.length, "engine events streamed to onEvent").to.be.greaterThan(0);

        // Scenario 7: destroy removes the CR while the operator runs, then everything of ours.
        await destroyWandb(options);
        expect(auto.log.crFinalizedAt, "the operator cleaned up the CR").to.be.a("number");
        for (const ns of [operatorNs, instanceNs]) expect(await client.get(`/api/v1/namespaces/${ns}`), `namespace ${ns}`).to.equal(undefined);
    });
});
