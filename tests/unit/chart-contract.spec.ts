/**
 * The chart contract's rules on small hand-written manifests (the real chart is not in the repository;
 * `npm run chart-contract -- <checkout>` runs the same rules on real renders).
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { commitOfChartVersion } from "../chart-contract/charts";
import { main } from "../chart-contract/cli";
import { pinnedImages } from "../chart-contract/contract";
import { Manifest, parseManifests } from "../chart-contract/manifests";
import { checkMutations } from "../chart-contract/mutation";
import {
    KnownSecret,
    checkImagePins,
    checkImagePullSecrets,
    checkIngressRoutes,
    checkReadinessTargets,
    checkSecretNameClashes,
    checkSecretReferences,
} from "../chart-contract/rules";
import { expectedRoutes } from "../chart-contract/stack";
import { checkWeaveWiring, weaveExpectation } from "../chart-contract/weave";

function deployment(name: string, pod: Record<string, unknown>): Manifest {
    return { apiVersion: "apps/v1", kind: "Deployment", metadata: { name }, spec: { template: { spec: pod } } };
}

/** A pod as operator-wandb renders the app: the Redis CA volume, the password, the bucket keys (optional). */
const APP = deployment("wandb-app-bc", {
    containers: [
        {
            name: "app",
            image: "wandb/local:0.83.0",
            env: [
                { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: "wandb-redis", key: "REDIS_PASSWORD" } } },
                { name: "BUCKET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: "wandb-bucket", key: "ACCESS_KEY", optional: true } } },
            ],
            envFrom: [{ secretRef: { name: "wandb-global-secret" } }],
        },
    ],
    volumes: [{ name: "redis-ca", secret: { secretName: "wandb-redis", items: [{ key: "REDIS_CA_CERT", path: "redis_ca.pem" }], optional: true } }],
});
const CHART_SECRETS: Manifest[] = [
    { apiVersion: "v1", kind: "Secret", metadata: { name: "wandb-global-secret" }, data: { GORILLA_SESSION_KEY: "eA==" } },
    { apiVersion: "v1", kind: "Secret", metadata: { name: "wandb-bucket" }, data: {} },
];

describe("chart contract (a): every Secret name and key a workload reads exists", () => {
    const bucketReason = [{ secret: /-bucket$/, key: /^ACCESS_KEY$/, reason: "workload identity" }];

    it("fails an optional key our Secret lacks (the Memorystore CA: REDIS_CA_CERT missing from wandb-redis)", () => {
        const ours: KnownSecret[] = [{ name: "wandb-redis", keys: ["REDIS_PASSWORD"], source: "ours" }];
        const result = checkSecretReferences([APP, ...CHART_SECRETS], ours, bucketReason);
        expect(result.failures).to.have.length(1);
        expect(result.failures[0]).to.match(/wandb-redis\/REDIS_CA_CERT.*no key REDIS_CA_CERT/);
    });

    it("passes once our Secret has the key; an optional empty reference with a reason becomes a note", () => {
        const ours: KnownSecret[] = [{ name: "wandb-redis", keys: ["REDIS_PASSWORD", "REDIS_CA_CERT"], source: "ours" }];
        const result = checkSecretReferences([APP, ...CHART_SECRETS], ours, bucketReason);
        expect(result.failures).to.deep.equal([]);
        expect(result.notes).to.deep.equal(["optional, empty: wandb-bucket/ACCESS_KEY: workload identity"]);
    });

    it("fails a required reference to a Secret nobody creates, and an optional one without a reason", () => {
        const result = checkSecretReferences([APP], [], []);
        expect(result.failures.some((f) => /read env wandb-redis\/REDIS_PASSWORD: Secret wandb-redis exists neither/.test(f))).to.equal(true);
        expect(result.failures.some((f) => /envFrom wandb-global-secret/.test(f))).to.equal(true);
        expect(result.failures.some((f) => /wandb-bucket\/ACCESS_KEY \(optional\).*no reason/.test(f))).to.equal(true);
    });

    it("fails a Secret both we and the chart create (Helm cannot adopt it)", () => {
        const clash = checkSecretNameClashes(CHART_SECRETS, [{ name: "wandb-bucket", keys: ["ACCESS_KEY"], source: "ours" }]);
        expect(clash.failures).to.have.length(1);
        expect(checkSecretNameClashes(CHART_SECRETS, [{ name: "wandb-redis", keys: [], source: "ours" }]).failures).to.deep.equal([]);
    });
});

describe("chart contract (b): every value we set changes the render", () => {
    /** A tiny "chart": reads global.host, global.port, and sub.image.tag only when sub.install; one random line per render. */
    const render = (values: Record<string, unknown>): string => {
        const v = values as { global: { host: string; port: number; size?: string }; sub?: { install?: boolean; image?: { tag: string } } };
        if (v.global.size !== undefined && !["small", "medium"].includes(v.global.size)) {
            throw new Error(`unknown size ${v.global.size}`);
        }
        const lines = [`host: ${v.global.host.replace(/^https:\/\//, "")}`, `port: ${v.global.port}`, `password: ${Math.random().toString(36).slice(2)}`];
        if (v.sub?.install) {
            lines.push(`image: wandb/x:${v.sub.image?.tag ?? "latest"}`);
        }
        return lines.join("\n");
    };

    it("fails a value the chart never reads, and passes read ones (also through a randomly generated line)", () => {
        const result = checkMutations({ global: { host: "https://w.example.com", port: 6379, cloudProvider: "azure" } }, render, []);
        expect(result.failures).to.have.length(1);
        expect(result.failures[0]).to.match(/^global\.cloudProvider = "azure" is never read/);
    });

    it("a value the chart refuses when changed counts as read", () => {
        expect(checkMutations({ global: { host: "https://w", port: 1, size: "small" } }, render, []).failures).to.deep.equal([]);
    });

    it("checks a subsystem's values with the subsystem installed, and lists allowed unread values with their reason", () => {
        const values = { global: { host: "https://w", port: 1 }, sub: { image: { tag: "1.0" } }, other: { image: { tag: "2.0" } } };
        const enable = (v: Record<string, unknown>) => ({ ...v, sub: { ...(v.sub as object), install: true } });
        const result = checkMutations(values, render, [{ path: /^other\./, reason: "renders only with a feature on" }], { enable, deferred: (p) => p.startsWith("sub.") });
        expect(result.failures).to.deep.equal([]);
        expect(result.notes).to.deep.equal(["set but not read: other.image.tag: renders only with a feature on"]);
        expect(checkMutations(values, render, []).failures).to.have.length(2);
    });
});

describe("chart contract (c): every W&B image pinned", () => {
    const pod = (images: string[]) => deployment("d", { containers: images.map((image, i) => ({ name: `c${i}`, image })) });
    const pins = pinnedImages({ app: { image: { repository: "wandb/local", tag: "0.83.0" } }, console: { image: { repository: "wandb/console", tag: "2.18.12" } } });

    it("passes pinned W&B images and ignores third-party ones", () => {
        expect(checkImagePins([pod(["wandb/local:0.83.0", "wandb/console:2.18.12", "nginx:latest", "wandb/megabinary@sha256:abc"])], pins, ["wandb/"]).failures).to.deep.equal([]);
    });

    it("fails latest, a missing tag and a tag other than the pin, mirrors included", () => {
        const result = checkImagePins([pod(["wandb/weave-python:latest", "wandb/megabinary", "wandb/local:0.84.0", "registry:5000/mirror/weave-trace:latest"])], pins, ["wandb/", "registry:5000/mirror/"]);
        expect(result.failures).to.have.length(4);
        expect(result.failures[2]).to.match(/runs tag 0.84.0, this package pins 0.83.0/);
    });
});

describe("chart contract (d): the Ingress routes are requirements.ts's", () => {
    const ingress = (paths: [string, string, number][]): Manifest => ({
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: "team" },
        spec: { rules: [{ host: "w.example.com", http: { paths: paths.map(([p, service, port]) => ({ path: p, pathType: "Prefix", backend: { service: { name: service, port: { number: port } } } })) } }] },
    });
    const models: [string, string, number][] = [
        ["/", "team-app", 8080],
        ["/api", "team-api", 8081],
        ["/graphql", "team-api", 8081],
        ["/graphql2", "team-api", 8081],
        ["/console", "team-console", 8082],
    ];

    it("passes the Models routes for release `team`, and the Weave routes with /traces", () => {
        expect(checkIngressRoutes([ingress(models)], "team", expectedRoutes("models")).failures).to.deep.equal([]);
        expect(checkIngressRoutes([ingress([...models, ["/traces", "team-weave-trace", 8722]])], "team", expectedRoutes("models-and-weave")).failures).to.deep.equal([]);
    });

    it("fails a missing and an extra route", () => {
        const result = checkIngressRoutes([ingress([...models.slice(1), ["/traces", "team-weave-trace", 8722]])], "team", expectedRoutes("models"));
        expect(result.failures).to.deep.equal([
            "route / -> wandb-app:8080 is in requirements.ts but not in the rendered Ingress",
            "route /traces -> wandb-weave-trace:8722 is rendered but not in requirements.ts",
        ]);
    });
});

describe("chart contract (e) and (f): readiness Deployments exist; pull secrets are names", () => {
    it("fails a readiness wait on a Deployment the chart does not render", () => {
        expect(checkReadinessTargets([APP], ["wandb-app-bc"]).failures).to.deep.equal([]);
        expect(checkReadinessTargets([APP], ["wandb-app-bc", "wandb-console-bc"]).failures).to.have.length(1);
    });

    it("fails `name: map[name:x]`, what `- name: {{ . }}` makes of an object entry", () => {
        const rendered = parseManifests("kind: Deployment\nmetadata: {name: op}\nspec:\n  template:\n    spec:\n      imagePullSecrets:\n        - name: map[name:regcred]\n");
        expect(checkImagePullSecrets(rendered).failures).to.have.length(1);
        expect(checkImagePullSecrets([deployment("op", { imagePullSecrets: [{ name: "regcred" }] })]).failures).to.deep.equal([]);
    });
});

describe("chart contract (g): Weave's workers wired as the values mean them", () => {
    const workers = ["weave-trace-worker", "weave-evaluate-model-worker", "weave-trace-agent-scoring-worker"];
    const flags = { WEAVE_ENABLE_ONLINE_EVAL: "true", WEAVE_ENABLE_EVALUATE_MODEL_WORKER: "true", WEAVE_ENABLE_AGENT_SCORING: "true" };
    const weaveConfig = (data: Record<string, string>): Manifest => ({ kind: "ConfigMap", metadata: { name: "wandb-weave-trace-configmap" }, data: { ...flags, ...data } });
    const pods = (env: unknown[] = []) => ["weave-trace", ...workers].map((w) => deployment(`wandb-${w}-bc`, { containers: [{ name: w, env }] }));
    const service = (name: string, port: number, namespace?: string): Manifest => ({ kind: "Service", metadata: { name, ...(namespace ? { namespace } : {}) }, spec: { ports: [{ port }] } });
    const bufstreamConfig = (storage: Record<string, unknown>): Manifest => ({
        kind: "ConfigMap",
        metadata: { name: "bufstream-config", namespace: "wandb" },
        data: { "config.yaml": yaml.dump({ storage, etcd: { addresses: [{ host: "wandb-etcd.wandb.svc.cluster.local", port: 2379 }] } }) },
    });
    const bufstreamSet = (account: string): Manifest => ({ kind: "StatefulSet", metadata: { name: "bufstream", namespace: "wandb" }, spec: { template: { spec: { serviceAccountName: account, containers: [] } } } });
    const bufstreamValues = {
        global: { bucket: { provider: "s3", name: "files" }, bufstream: { enabled: true } },
        bufstream: { install: true, storage: { s3: { prefix: "weave-bufstream/", endpoint: "", accessKeyId: "" } }, bufstream: { serviceAccount: { create: false, name: "wandb" } } },
        ...Object.fromEntries(workers.map((w) => [w, { install: true }])),
    };
    const bufstreamRender = (storage: Record<string, unknown>, account = "wandb") => [
        weaveConfig({ KAFKA_BROKER_HOST: "bufstream.wandb.svc.cluster.local", KAFKA_BROKER_PORT: "9092" }),
        ...pods(),
        service("bufstream", 9092, "wandb"),
        service("wandb-etcd", 2379, "wandb"),
        bufstreamConfig(storage),
        bufstreamSet(account),
    ];

    it("passes Bufstream in our bucket under our prefix as our service account, on the Service the workers are given", () => {
        const expectation = weaveExpectation(bufstreamValues);
        expect(expectation).to.deep.equal({ workers, bufstream: { provider: "S3", bucket: "files", prefix: "weave-bufstream/", serviceAccount: "wandb" } });
        expect(checkWeaveWiring(bufstreamRender({ provider: "S3", bucket: "files", prefix: "weave-bufstream/", region: "us-east-1" }), "wandb", "wandb", expectation)).to.deep.equal({
            failures: [],
            notes: ["3 workers on Bufstream (S3 files/weave-bufstream/, service account wandb) and its etcd"],
        });
    });

    it("fails the chart's static-key and http:// endpoint defaults, another account, and a broker or etcd the render does not serve", () => {
        const render = bufstreamRender({ provider: "S3", bucket: "files", prefix: "weave-bufstream/", access_key_id: "<no value>", endpoint: "http://" }, "bufstream-service-account")
            .filter((m) => m.metadata?.name !== "wandb-etcd");
        const failures = checkWeaveWiring(render, "wandb", "wandb", weaveExpectation(bufstreamValues)).failures;
        expect(failures).to.deep.equal([
            'Bufstream storage.access_key_id is set ("<no value>"): it must use the pod\'s workload identity on the cloud\'s own endpoint',
            'Bufstream storage.endpoint is set ("http://"): it must use the pod\'s workload identity on the cloud\'s own endpoint',
            "Bufstream's etcd wandb-etcd.wandb.svc.cluster.local:2379 is no Service of the render",
            'Bufstream runs as service account "bufstream-service-account", not the workload identity\'s "wandb"',
        ]);
        const noService = bufstreamRender({ provider: "S3", bucket: "files", prefix: "weave-bufstream/" }).filter((m) => !(m.kind === "Service" && m.metadata?.name === "bufstream"));
        expect(checkWeaveWiring(noService, "wandb", "wandb", weaveExpectation(bufstreamValues)).failures).to.deep.equal(["the workers' broker bufstream.wandb.svc.cluster.local:9092 is no Service of the render"]);
    });

    it("passes an external broker with SASL on every Weave pod, and fails a missing worker, a feature left off and credentials not given", () => {
        const ref = { valueFrom: { secretKeyRef: { name: "wandb-weave-kafka", key: "KAFKA_CLIENT_PASSWORD" } } };
        const values = {
            global: { kafka: { brokerHost: "kafka.example.com", brokerPort: 9092 } },
            "weave-trace": { install: true, env: { KAFKA_CLIENT_USER: "weave", KAFKA_CLIENT_PASSWORD: ref } },
            ...Object.fromEntries(workers.map((w) => [w, { install: true, env: { KAFKA_CLIENT_USER: "weave", KAFKA_CLIENT_PASSWORD: ref } }])),
        };
        const expectation = weaveExpectation(values);
        expect(expectation?.kafka).to.deep.equal({ host: "kafka.example.com", port: 9092, username: "weave", passwordSecret: { name: "wandb-weave-kafka", key: "KAFKA_CLIENT_PASSWORD" } });
        const config = weaveConfig({ KAFKA_BROKER_HOST: "kafka.example.com", KAFKA_BROKER_PORT: "9092" });
        const env = [{ name: "KAFKA_CLIENT_USER", value: "weave" }, { name: "KAFKA_CLIENT_PASSWORD", ...ref }];
        expect(checkWeaveWiring([config, ...pods(env)], "wandb", "wandb", expectation).failures).to.deep.equal([]);

        const broken = [{ ...config, data: { ...(config.data as object), WEAVE_ENABLE_AGENT_SCORING: "false" } }, ...pods(env).slice(0, 3), ...pods().slice(3)];
        expect(checkWeaveWiring(broken, "wandb", "wandb", expectation).failures).to.deep.equal([
            'worker weave-trace-agent-scoring-worker: WEAVE_ENABLE_AGENT_SCORING is "false" in the weave-trace ConfigMap, not "true"',
            'weave-trace-agent-scoring-worker/weave-trace-agent-scoring-worker: KAFKA_CLIENT_USER is not "weave"',
            "weave-trace-agent-scoring-worker/weave-trace-agent-scoring-worker: KAFKA_CLIENT_PASSWORD does not come from Secret wandb-weave-kafka/KAFKA_CLIENT_PASSWORD",
        ]);
        const missing = [config, ...pods(env).filter((m) => m.metadata?.name !== "wandb-weave-trace-worker-bc")];
        expect(checkWeaveWiring(missing, "wandb", "wandb", expectation).failures).to.deep.equal([
            "worker weave-trace-worker: Deployment wandb-weave-trace-worker-bc is not rendered",
            "weave-trace-worker: Deployment wandb-weave-trace-worker-bc is not rendered",
        ]);
    });

    it("has nothing to check without workers", () => {
        expect(weaveExpectation({ "weave-trace": { install: true } })).to.equal(undefined);
        expect(checkWeaveWiring([], "wandb", "wandb", undefined)).to.deep.equal({ failures: [], notes: ["no Weave workers in this stack"] });
    });
});

describe("chart contract: the checkout and the command", () => {
    it("finds the newest commit at which a chart has the pinned version", () => {
        const repo = fs.mkdtempSync(path.join(os.tmpdir(), "chart-history-"));
        const git = (...args: string[]) => execFileSync("git", ["-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args]).toString().trim();
        try {
            git("init", "-q");
            fs.mkdirSync(path.join(repo, "charts", "demo"), { recursive: true });
            const commit = (version: string, extra: string) => {
                fs.writeFileSync(path.join(repo, "charts", "demo", "Chart.yaml"), yaml.dump({ name: "demo", version }));
                fs.writeFileSync(path.join(repo, "charts", "demo", "notes.txt"), extra);
                git("add", "-A");
                git("commit", "-q", "-m", `${version} ${extra}`);
                return git("rev-parse", "HEAD");
            };
            commit("1.0.0", "a");
            const last100 = commit("1.0.0", "b");
            commit("1.1.0", "c");
            const head = commit("1.1.0", "d");
            expect(commitOfChartVersion(repo, "demo", "1.0.0")).to.equal(last100);
            expect(commitOfChartVersion(repo, "demo", "1.1.0")).to.equal(head);
            expect(() => commitOfChartVersion(repo, "demo", "9.9.9")).to.throw(/no commit has charts\/demo\/Chart.yaml at version 9.9.9/);
        } finally {
            fs.rmSync(repo, { recursive: true, force: true });
        }
    });

    it("without a checkout (CI) says so and exits 0", async () => {
        const lines: string[] = [];
        expect(await main([], (line) => lines.push(line))).to.equal(0);
        expect(lines.join("\n")).to.match(/no wandb\/helm-charts checkout given.*nothing checked/);
    });
});
