/**
 * The real Pulumi engine: `pulumi preview/up/destroy` of the onprem stack (programs/onprem) on a cluster whose
 * control plane is real (kube-apiserver, kube-controller-manager, kube-scheduler; kwok in place of kubelets) and
 * whose W&B operator is played (tests/e2e/operator.ts). See docs/real-engine.md. Run by `npm run e2e`, not by `npm test`.
 *
 * One stack goes through its life in order: preview, policy preview, up, no-op preview, in-place update, upgrade,
 * state export, destroy; then the Automation API. Each `it` is one scenario; a later one needs the earlier ones.
 * The day-2 scenarios that need stacks of their own are in day2.spec.ts.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { deployWandb, destroyWandb, previewWandb } from "../../components/automation";
import { OPERATOR_CHART } from "../../components/release";
import {
    E2eEnvironment, IMAGE_REGISTRY, InstanceNames, SECRETS, UPGRADE_CHART_VERSION, UPGRADE_IMAGES, automationOptions, dump,
    e2eEnvironment, expectOk, initStack, onpremConfig, previewSteps, stackCli, typeOf,
} from "./environment";
import { expectDestroyedCleanly, expectInstanceApplied, expectOperatorInstalled, expectedSecrets } from "./checks";
import { waitUntil } from "./cluster";
import { PHASE, PlayedOperator, playOperator } from "./operator";
import { REPO_ROOT } from "./toolchain";
import { readRollout, rolloutIncomplete } from "./workloads";

const MAIN: InstanceNames = {
    stack: "e2e", operatorNamespace: "wandb-cr", instanceNamespace: "wandb", crName: "wandb", host: "https://wandb.e2e.example.internal",
};
const CR_KEY = `${MAIN.instanceNamespace}/${MAIN.crName}`;
const CR_PATH = `/apis/apps.wandb.com/v1/namespaces/${MAIN.instanceNamespace}/weightsandbiases/${MAIN.crName}`;
/** How long the played operator's Helm apply takes. */
const OPERATOR_APPLY_MS = 3000;
/** How long kwok takes before each W&B pod is Ready. */
const POD_READY_DELAY_S = 8;
const POLICY_PACK = path.join(REPO_ROOT, "policies");
const NEW_LICENSE = "e2e-license-5a1d0c7e-second";
const W_AND_B_DEPLOYMENTS = ["app", "console"].map((s) => `${MAIN.crName}-${s}-bc`);

describe("real engine: the onprem stack on a real control plane (npm run e2e)", function () {
    let env: E2eEnvironment;
    let operator: PlayedOperator;
    let upStartedAt = 0;
    let upFinishedAt = 0;
    let upOk = false;
    let pulumi: ReturnType<typeof stackCli>;

    before(async function () {
        env = await e2eEnvironment(this);
        pulumi = stackCli(env, MAIN.stack);
        const t = Date.now();
        await initStack(env, MAIN.stack, onpremConfig(env, MAIN, {
            oidc: { clientId: "wandb-e2e", issuer: "https://login.e2e.example.internal/realms/wandb", authMethod: "pkce" },
            smtp: { host: "smtp.e2e.example.internal", port: 587, user: "wandb", mailFrom: "wandb@e2e.example.internal" },
            values: { app: { extraEnv: { E2E_MARKER: "first" } } },
        }), [
            ["wandb:instance.oidc.clientSecret", SECRETS.oidcClientSecret],
            ["wandb:instance.smtp.password", SECRETS.smtpPassword],
        ]);
        env.timings["stack init + 8 secret config values (s)"] = (Date.now() - t) / 1000;
        const stackFile = path.join(env.projectDir, `Pulumi.${MAIN.stack}.yaml`);
        expect(fs.readFileSync(stackFile, "utf8"), "secret config is encrypted in the stack file").not.to.include(SECRETS.license);
    });

    after(function () {
        operator?.stop();
        if (operator?.errors.length) console.log(`    played operator, requests that failed and were retried on its next poll (as controller-runtime requeues): ${operator.errors.slice(0, 5).join("; ")}`);
    });

    it("1. preview lists the operator release, the Secrets and the WeightsAndBiases resource", async function () {
        const t = Date.now();
        const result = await pulumi(["preview", "--json"]);
        env.timings["first preview (s)"] = (Date.now() - t) / 1000;
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
        const stackFile = path.join(env.projectDir, `Pulumi.${MAIN.stack}.yaml`);
        const saved = fs.readFileSync(stackFile, "utf8");
        try {
            // An `http://` host never reaches the policy pack: the program refuses the stack key before registering anything.
            const http = await pulumi(["preview", "--policy-pack", POLICY_PACK, "--config", "wandb:host=http://wandb.e2e.example.internal"]);
            expect(http.code, dump(http)).not.to.equal(0);
            expect(http.stdout + http.stderr).to.include('Invalid argument wandb:host: got "http://wandb.e2e.example.internal"');
            fs.writeFileSync(stackFile, saved);
            // An ingress with neither a TLS Secret nor a cert-manager issuer is legal for the component; the pack stops it.
            // (Removed, not set empty: an empty issuer name is refused by the stack-config validation before the pack runs.)
            expectOk(await pulumi(["config", "rm", "--path", "wandb:ingress.certManagerClusterIssuer"]), "config rm issuer");
            const broken = await pulumi(["preview", "--policy-pack", POLICY_PACK]);
            expect(broken.code, dump(broken)).not.to.equal(0);
            const out = broken.stdout + broken.stderr;
            expect(out).to.match(/mandatory/i);
            expect(out).to.match(/\btls\b/);
            expect(out).to.include("the W&B ingress: no TLS for wandb.e2e.example.internal");
        } finally {
            fs.writeFileSync(stackFile, saved);
        }
    });

    it("3. up installs the operator from the 127.0.0.1 Helm repository and the instance; Secrets hold the values, the CR only names them", async function () {
        const client = env.cluster.client;
        operator = playOperator(client, {
            operatorNamespace: MAIN.operatorNamespace, watchNamespaces: [MAIN.instanceNamespace], applyMs: OPERATOR_APPLY_MS, podReadyDelay: `${POD_READY_DELAY_S}s`,
        });
        env.operators.push(operator);

        upStartedAt = Date.now();
        const result = await pulumi(["up", "--yes", "--skip-preview"]);
        upFinishedAt = Date.now();
        env.timings["up (s)"] = (upFinishedAt - upStartedAt) / 1000;
        expectOk(result, "up");
        upOk = true;
        const repo = env.repo;

        // The chart came from our repository, at the pinned version.
        expect(repo!.requests).to.include("/index.yaml");
        expect(repo!.requests).to.include(`/operator-${OPERATOR_CHART.version}.tgz`);
        await expectOperatorInstalled(client, MAIN.operatorNamespace);
        await expectInstanceApplied(client, MAIN, env.repo.url, expectedSecrets(MAIN.crName, { oidc: true, smtp: true }));
    });

    it("4. readiness: up returned only after the operator completed the CR and the real controllers made the W&B Deployments available", async function () {
        expect(upOk, "up succeeded").to.equal(true);
        const completed = operator.first(CR_KEY, "phase", upStartedAt, PHASE.completed);
        expect(operator.first(CR_KEY, "phase", upStartedAt, PHASE.loading), "the operator set Loading first").to.not.equal(undefined);
        expect(completed, "the played operator completed the CR during up").to.not.equal(undefined);
        expect(upFinishedAt, "up finished after the CR completed").to.be.greaterThan(completed!.at);
        for (const name of W_AND_B_DEPLOYMENTS) {
            const rollout = await readRollout(env.cluster.client, MAIN.instanceNamespace, name);
            expect(rollout, name).to.not.equal(undefined);
            expect(rolloutIncomplete(rollout!), name).to.equal(undefined);
            // Availability is the Deployment controller's: a ReplicaSet it created, pods the scheduler put on kwok nodes.
            expect(rollout!.replicaSets.map((rs) => rs.name)[0], name).to.match(new RegExp(`^${name}-[a-z0-9]+$`));
            expect(env.cluster.nodes, `${name}'s pod runs on a kwok node`).to.include(rollout!.pods[0].node);
            // The pods took POD_READY_DELAY_S to become Ready after the operator's apply, and up waited for that.
            expect(rollout!.availableSince, `${name} became available after its pods' start-up`)
                .to.be.at.least(completed!.at - OPERATOR_APPLY_MS + POD_READY_DELAY_S * 1000 - 1000);
            expect(upFinishedAt, `up finished after ${name} became available`).to.be.at.least(rollout!.availableSince);
        }
    });

    it("5. preview --expect-no-changes right after up passes (no perpetual diff)", async function () {
        const result = await pulumi(["preview", "--expect-no-changes", "--diff"]);
        expectOk(result, "preview --expect-no-changes");
    });

    it("5b. a stack from before the CR and readiness patches took their Kubernetes names updates in place: the aliases keep the CR", async function () {
        // Put the state back as the previous release of this package named them, as an existing stack would have it.
        const exported = await pulumi(["stack", "export"]);
        expectOk(exported, "stack export");
        const resources: { urn: string; type: string }[] = JSON.parse(exported.stdout).deployment.resources;
        const formerName = (r: { urn: string; type: string }) => r.type.endsWith(":WeightsAndBiases") ? "wandb-cr"
            : r.type.endsWith(":DeploymentPatch") ? `wandb-${/-(app|console)-bc$/.exec(r.urn)?.[1]}-ready` : undefined;
        const renamed = resources.filter((r) => formerName(r));
        expect(renamed.map((r) => r.urn.split("::").pop()).sort()).to.deep.equal(["wandb:wandb/wandb", "wandb:wandb/wandb-app-bc", "wandb:wandb/wandb-console-bc"]);
        for (const r of renamed) expectOk(await pulumi(["state", "rename", "--yes", r.urn, formerName(r)!]), `state rename ${r.urn}`);
        const uid = (await env.cluster.client.get(CR_PATH)).metadata.uid;

        const preview = await pulumi(["preview", "--json"]);
        expectOk(preview, "preview over the former names");
        const ops = previewSteps(preview).map((s) => `${s.op} ${typeOf(s)} ${s.urn.split("::").pop()}`);
        expect(ops.filter((o) => /replace|create|delete/.test(o)), ops.join("\n")).to.deep.equal([]);
        expectOk(await pulumi(["up", "--yes", "--skip-preview"]), "up over the former names");
        expect((await env.cluster.client.get(CR_PATH)).metadata.uid, "the same CR (never deleted and created again)").to.equal(uid);
        expectOk(await pulumi(["preview", "--expect-no-changes"]), "no changes afterwards");
    });

    it("6. a new license and a changed values setting update the CR and the Secret in place (no replacement)", async function () {
        expectOk(await pulumi(["config", "set", "--secret", "wandb:license", "--", NEW_LICENSE]), "config set license");
        expectOk(await pulumi(["config", "set", "--path", "wandb:instance.values.app.extraEnv.E2E_MARKER", "second"]), "config set values");
        const preview = await pulumi(["preview", "--json"]);
        expectOk(preview, "preview");
        const changed = previewSteps(preview).filter((s) => s.op !== "same");
        const ops = changed.map((s) => `${s.op} ${typeOf(s)} ${s.urn.split("::").pop()}`);
        expect(ops.filter((o) => /replace|create|delete/.test(o)), ops.join("\n")).to.deep.equal([]);
        expect(ops).to.include("update kubernetes:apps.wandb.com/v1:WeightsAndBiases wandb:wandb/wandb");
        expect(ops).to.include("update kubernetes:core/v1:Secret wandb-license");

        const result = await pulumi(["up", "--yes", "--skip-preview"]);
        expectOk(result, "up (update)");
        const client = env.cluster.client;
        const license = await client.get(`/api/v1/namespaces/${MAIN.instanceNamespace}/secrets/${MAIN.crName}-license`);
        expect(Buffer.from(license.data.license, "base64").toString()).to.equal(NEW_LICENSE);
        const cr = await client.get(CR_PATH);
        expect(cr.spec.values.app.extraEnv.E2E_MARKER).to.equal("second");
        expect(cr.metadata.generation).to.equal(2);
        // The operator re-applies on the spec change: its active spec follows the CR.
        const activeValues = async () => {
            const active = await client.get(`/api/v1/namespaces/${MAIN.instanceNamespace}/secrets/${MAIN.crName}-spec-active`);
            return JSON.parse(Buffer.from(active.data.values, "base64").toString());
        };
        await waitUntil("the operator re-applied the changed spec", 30000,
            async () => ((await activeValues()).app?.extraEnv?.E2E_MARKER === "second" ? true : undefined));
    });

    it("10. upgrade: a new chart version and image tags update the CR in place, roll the Deployments, and up returns only when the new pods are Available", async function () {
        const client = env.cluster.client;
        const before = new Map<string, string[]>();
        for (const name of W_AND_B_DEPLOYMENTS) before.set(name, (await readRollout(client, MAIN.instanceNamespace, name))!.replicaSets.map((rs) => rs.name));
        expectOk(await pulumi(["config", "set", "--path", "wandb:instance.chartVersion", UPGRADE_CHART_VERSION]), "config set chartVersion");
        expectOk(await pulumi(["config", "set", "--path", "wandb:instance.images.local", UPGRADE_IMAGES.local]), "config set images.local");
        expectOk(await pulumi(["config", "set", "--path", "wandb:instance.images.console", UPGRADE_IMAGES.console]), "config set images.console");

        const preview = await pulumi(["preview", "--json"]);
        expectOk(preview, "preview (upgrade)");
        const ops = previewSteps(preview).filter((s) => s.op !== "same").map((s) => `${s.op} ${typeOf(s)} ${s.urn.split("::").pop()}`);
        expect(ops.filter((o) => /replace|create|delete/.test(o)), ops.join("\n")).to.deep.equal([]);
        expect(ops, "the CR is updated in place").to.include("update kubernetes:apps.wandb.com/v1:WeightsAndBiases wandb:wandb/wandb");
        expect(ops.filter((o) => !/:(WeightsAndBiases|DeploymentPatch) /.test(o)), "nothing but the CR and its readiness waits changes").to.deep.equal([]);

        const started = Date.now();
        const result = await pulumi(["up", "--yes", "--skip-preview"]);
        const finished = Date.now();
        env.timings["up (upgrade) (s)"] = (finished - started) / 1000;
        expectOk(result, "up (upgrade)");
        // Read at once: when up returns, every W&B Deployment has rolled out the new images.
        const after = await Promise.all(W_AND_B_DEPLOYMENTS.map((name) => readRollout(client, MAIN.instanceNamespace, name)));
        const expectedImages = [`${IMAGE_REGISTRY}/local:${UPGRADE_IMAGES.local}`, `${IMAGE_REGISTRY}/console:${UPGRADE_IMAGES.console}`];
        expect(after.map((r) => r!.image), "the operator applied the new image tags").to.deep.equal(expectedImages);
        for (const rollout of after) {
            expect(rolloutIncomplete(rollout!), `when up returned, ${rollout!.name}`).to.equal(undefined);
            const fresh = rollout!.replicaSets.filter((rs) => !before.get(rollout!.name)!.includes(rs.name));
            expect(fresh.map((rs) => rs.image), `${rollout!.name} rolled out through a new ReplicaSet`).to.deep.equal([rollout!.image]);
            expect(rollout!.replicaSets.filter((rs) => rs.image !== rollout!.image).every((rs) => rs.replicas === 0), "old ReplicaSets scaled down").to.equal(true);
        }
        const cr = await client.get(CR_PATH);
        expect(cr.spec.chart.version).to.equal(UPGRADE_CHART_VERSION);
        expect(operator.first(CR_KEY, "applied", started, UPGRADE_CHART_VERSION), "the operator applied the new chart version").to.not.equal(undefined);
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

    it("7. destroy deletes the CR while the operator still runs, then the release; the real controllers leave nothing of ours", async function () {
        const t = Date.now();
        const result = await pulumi(["destroy", "--yes", "--skip-preview"]);
        env.timings["destroy (s)"] = (Date.now() - t) / 1000;
        expectOk(result, "destroy");
        await expectDestroyedCleanly(env.cluster.client, operator, MAIN, t);
    });

    it("9. the Automation API runs scenarios 1, 3 and 7 on the built CLI", async function () {
        const client = env.cluster.client;
        const names: InstanceNames = {
            stack: "e2e-automation", operatorNamespace: "wandb-auto-cr", instanceNamespace: "wandb-auto", crName: "wandb-auto",
            host: "https://wandb-auto.e2e.example.internal",
        };
        const outputs: string[] = [];
        const events: unknown[] = [];
        fs.mkdirSync(path.join(env.work, "automation-state"), { recursive: true });
        const options = {
            ...automationOptions(env, names, path.join(env.work, "automation"), `file://${path.join(env.work, "automation-state")}`),
            onOutput: (text: string) => outputs.push(text),
            onEvent: (event: unknown) => events.push(event),
        };

        // Scenario 1 through the Automation API, with the policy pack attached by default.
        const preview = await previewWandb(options);
        expect(preview.changeSummary.create, "preview plans creates").to.be.greaterThan(0);

        // Scenario 3: up installs operator and instance; the played operator completes them.
        const auto = playOperator(client, {
            operatorNamespace: names.operatorNamespace, watchNamespaces: [names.instanceNamespace], applyMs: 1000, podReadyDelay: "2s",
        });
        env.operators.push(auto);
        const up = await deployWandb(options);
        expect(up.outputs.url).to.equal(names.host);
        expect(up.outputs.customResource).to.equal(names.crName);
        const crPath = `/apis/apps.wandb.com/v1/namespaces/${names.instanceNamespace}/weightsandbiases/${names.crName}`;
        const cr = await client.get(crPath);
        expect(cr?.spec?.chart?.version, "the CR pins the chart").to.be.a("string");
        expect(cr?.status?.phase).to.equal(PHASE.completed);
        expect(JSON.stringify(cr)).to.not.include(SECRETS.license);
        expect(outputs.join(""), "progress streamed to onOutput").to.match(/wandb-auto|WeightsAndBiases|Resources/);
        expect(events.length, "engine events streamed to onEvent").to.be.greaterThan(0);

        // Scenario 7: destroy removes the CR while the operator runs, then everything of ours.
        await destroyWandb(options);
        auto.stop();
        expect(auto.first(`${names.instanceNamespace}/${names.crName}`, "finalizer-removed"), "the operator cleaned up the CR").to.not.equal(undefined);
        await waitUntil("the Automation API stack's namespaces removed", 60000, async () => {
            for (const ns of [names.operatorNamespace, names.instanceNamespace]) if (await client.get(`/api/v1/namespaces/${ns}`)) return undefined;
            return true;
        });
    });
});
