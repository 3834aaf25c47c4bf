/**
 * The one imitation left in the e2e cluster: the W&B operator (v1, `wandb/controller`), which the Go module proxy
 * does not serve (docs/real-engine.md). It is played through the API, and does what wandb/operator v1.22.0's
 * `WeightsAndBiasesReconciler` does (read with the search tool's `fetch`, not copied), air-gapped as
 * `WandbOperator` installs it:
 *
 * - it reconciles a `WeightsAndBiases` CR when it first sees it and whenever its `metadata.generation` changes
 *   (the real predicate ignores status and metadata-only updates); it runs only while its controller Deployment
 *   (from the operator Helm release) has an available pod — availability the real Deployment controller decides;
 * - `<cr>-spec-user` Secret: created empty when missing; the desired spec is the CR's `chart` + `values` merged
 *   over it (the CR wins);
 * - unchanged against the `<cr>-spec-active` Secret: `status.phase: Completed`, nothing applied;
 * - otherwise `status.phase: Loading`, finalizer `finalizer.app.wandb.com`, then the Helm apply: the chart is
 *   resolved in `spec.chart.url`'s `index.yaml` and downloaded; a chart or version the repository does not have
 *   fails the apply, which sets `status.phase: Invalid Config` (as every apply error does) and stops there;
 * - the apply creates or updates the chart's W&B Deployments (`<cr>-app-bc`, `<cr>-console-bc`, …; names and
 *   labels of operator-wandb's templates) from the pinned images in `values.<subsystem>.image`, with
 *   `nodeSelector`, resources and `extraEnv` from the values; like Helm it does not wait for pods. kwok runs the pods, the
 *   real ReplicaSet and Deployment controllers roll them out and report availability;
 * - then it writes `<cr>-spec-active` (keys `chart`, `values`, `metadata`; both spec Secrets owned by the CR as
 *   controller), puts an owner reference from the CR on the Helm-labelled Deployments, and sets `Completed`;
 * - a CR being deleted is pruned (Helm uninstall: the release's Deployments are deleted and awaited) and then its
 *   finalizer removed — only while the operator runs; the real garbage collector removes what the CR owns.
 *
 * What it leaves out: the deployer channel (air-gapped), Helm rendering of the real chart (only the Deployments of
 * `SUBSYSTEMS` are made), hook Jobs, the hourly requeue. One played operator watches the namespaces it is given,
 * as the chart's namespace isolation does; two real v1 operators without isolation would both reconcile every CR.
 */
import * as http from "http";
import * as yaml from "js-yaml";
import { KubeClient } from "./cluster";

/** The real operator's finalizer (`resFinalizer`). */
export const OPERATOR_FINALIZER = "finalizer.app.wandb.com";
/** `status.phase` values of operator v1 (`pkg/wandb/status`). */
export const PHASE = { loading: "Loading", invalidConfig: "Invalid Config", completed: "Completed" } as const;

/** The operator-wandb subsystems whose Deployments the played apply creates (chart `deploymentPostfix: bc`). */
const SUBSYSTEMS = ["app", "console"] as const;

/** Settings of one played operator. */
export interface OperatorPlay {
    /** Namespace of the operator release: the operator runs while a Deployment there has an available pod. */
    operatorNamespace: string;
    /** Namespaces whose CRs it reconciles. */
    watchNamespaces: string[];
    /** How long the Helm apply takes (chart download, install). */
    applyMs: number;
    /** kwok delay before each W&B pod is Ready (`pod-ready.stage.kwok.x-k8s.io/delay`), e.g. "4s". */
    podReadyDelay: string;
}

/** One thing the played operator saw or did, with its time (ms since epoch). */
export interface OperatorEvent {
    at: number;
    cr: string;
    what: "seen" | "phase" | "applied" | "finalizer-added" | "pruned" | "finalizer-removed" | "orphaned" | "controller-gone";
    detail?: string;
}

/** A running played operator. */
export interface PlayedOperator {
    stop(): void;
    /** What happened, in order. */
    events: OperatorEvent[];
    /** Errors inside the loop (the API answering unexpectedly), for the test to show. */
    errors: string[];
    /** The first event of `what` for `cr` (`<namespace>/<name>`) at or after `since`. */
    first(cr: string, what: OperatorEvent["what"], since?: number, detail?: string): OperatorEvent | undefined;
}

interface Spec {
    chart?: { url?: string; name?: string; version?: string };
    values?: Record<string, any>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const crBase = (ns: string) => `/apis/apps.wandb.com/v1/namespaces/${ns}/weightsandbiases`;

function httpGet(url: string): Promise<{ status: number; body: Buffer }> {
    return new Promise((resolve, reject) => {
        http.get(url, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        }).on("error", reject);
    });
}

/** Helm's chart lookup: the version in the repository's index, downloaded. Throws Helm-like errors. */
async function pullChart(chart: Spec["chart"]): Promise<void> {
    if (!chart?.url || !chart.name || !chart.version) throw new Error("spec.chart needs url, name and version");
    const indexFile = await httpGet(`${chart.url.replace(/\/$/, "")}/index.yaml`);
    if (indexFile.status !== 200) throw new Error(`looks like "${chart.url}" is not a valid chart repository (${indexFile.status})`);
    const index = yaml.load(indexFile.body.toString("utf8")) as { entries?: Record<string, { version: string; urls?: string[] }[]> };
    const match = (index.entries?.[chart.name] ?? []).find((entry) => String(entry.version) === chart.version);
    if (!match) throw new Error(`chart "${chart.name}" version "${chart.version}" not found in ${chart.url} repository`);
    const url = match.urls?.[0];
    const tgz = url ? await httpGet(url) : undefined;
    if (!tgz || tgz.status !== 200) throw new Error(`failed to fetch ${url}`);
}

function secretData(entries: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, Buffer.from(JSON.stringify(v)).toString("base64")]));
}

function decodeSecret(secret: any): Record<string, unknown> {
    return Object.fromEntries(Object.entries((secret?.data ?? {}) as Record<string, string>)
        .map(([k, v]) => [k, JSON.parse(Buffer.from(v, "base64").toString("utf8"))]));
}

function ownerRef(cr: any, controller: boolean): Record<string, unknown> {
    return { apiVersion: "apps.wandb.com/v1", kind: "WeightsAndBiases", name: cr.metadata.name, uid: cr.metadata.uid, controller, blockOwnerDeletion: true };
}

/** Deep merge, `over` wins (the spec merge's precedence). */
function merge(under: any, over: any): any {
    if (typeof under !== "object" || under === null || Array.isArray(under)) return over === undefined ? under : over;
    if (typeof over !== "object" || over === null || Array.isArray(over)) return over === undefined ? under : over;
    const out: Record<string, unknown> = { ...under };
    for (const [k, v] of Object.entries(over)) out[k] = merge(under[k], v);
    return out;
}

/** operator-wandb's Deployment for one subsystem, as the played Helm apply renders it. */
function renderDeployment(cr: any, subsystem: string, values: Record<string, any>, podReadyDelay: string): Record<string, unknown> {
    const name = `${cr.metadata.name}-${subsystem}-bc`;
    const settings = values[subsystem] ?? {};
    const image = settings.image ?? {};
    if (!image.repository || !image.tag) throw new Error(`values.${subsystem}.image needs repository and tag`);
    const selector = { "app.kubernetes.io/name": `${subsystem}`, "app.kubernetes.io/instance": cr.metadata.name };
    const labels = { ...selector, "app.kubernetes.io/managed-by": "Helm", "helm.sh/chart": `operator-wandb-${cr.spec.chart.version}` };
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: {
            name,
            namespace: cr.metadata.namespace,
            labels,
            annotations: { "meta.helm.sh/release-name": cr.metadata.name, "meta.helm.sh/release-namespace": cr.metadata.namespace },
        },
        spec: {
            replicas: settings.replicaCount ?? 1,
            selector: { matchLabels: selector },
            template: {
                metadata: {
                    labels: { ...selector, "app.kubernetes.io/managed-by": "Helm" },
                    // kwok's general pod stages: created after 1 s, Ready after `podReadyDelay`, no jitter.
                    annotations: {
                        "pod-create.stage.kwok.x-k8s.io/delay": "1s", "pod-create.stage.kwok.x-k8s.io/jitter-delay": "1s",
                        "pod-ready.stage.kwok.x-k8s.io/delay": podReadyDelay, "pod-ready.stage.kwok.x-k8s.io/jitter-delay": podReadyDelay,
                    },
                },
                spec: {
                    nodeSelector: { "kubernetes.io/arch": "amd64", ...(settings.nodeSelector ?? {}) },
                    containers: [{
                        name: subsystem,
                        image: `${image.repository}:${image.tag}`,
                        // The chart's container environment: `global.extraEnv`, then the subsystem's own `extraEnv`.
                        env: Object.entries({ ...(values.global?.extraEnv ?? {}), ...(settings.extraEnv ?? {}) })
                            .map(([name, value]) => ({ name, value: String(value) })),
                        resources: settings.resources ?? { requests: { cpu: "500m", memory: "1Gi" } },
                    }],
                },
            },
        },
    };
}

/** Starts a played operator; it polls every 250 ms until stopped. */
export function playOperator(client: KubeClient, play: OperatorPlay): PlayedOperator {
    const events: OperatorEvent[] = [];
    const errors: string[] = [];
    const reconciled = new Map<string, number>();
    const failedGeneration = new Map<string, number>();
    let running = true;
    let controllerRan = false;
    let wasRunning = false;
    const record = (cr: string, what: OperatorEvent["what"], detail?: string) => events.push({ at: Date.now(), cr, what, detail });

    const setPhase = async (cr: any, key: string, phase: string) => {
        if (cr.status?.phase === phase) return;
        await client.patch(`${crBase(cr.metadata.namespace)}/${cr.metadata.name}/status`, { status: { phase } });
        cr.status = { ...(cr.status ?? {}), phase };
        record(key, "phase", phase);
    };

    const releaseDeployments = async (cr: any) =>
        (await client.get(`/apis/apps/v1/namespaces/${cr.metadata.namespace}/deployments?labelSelector=${encodeURIComponent(
            `app.kubernetes.io/managed-by=Helm,app.kubernetes.io/instance=${cr.metadata.name}`)}`))?.items ?? [];

    const reconcile = async (cr: any) => {
        const ns = cr.metadata.namespace;
        const key = `${ns}/${cr.metadata.name}`;
        const secrets = `/api/v1/namespaces/${ns}/secrets`;
        if (!events.some((e) => e.cr === key && e.what === "seen")) record(key, "seen");

        if (cr.metadata.deletionTimestamp) {
            if (!(cr.metadata.finalizers ?? []).includes(OPERATOR_FINALIZER)) return;
            // Helm uninstall: delete the release's objects (background propagation) and wait for them to be gone.
            const left = await releaseDeployments(cr);
            for (const d of left) {
                if (!d.metadata.deletionTimestamp) await client.request("DELETE", `/apis/apps/v1/namespaces/${ns}/deployments/${d.metadata.name}`);
            }
            if (left.length > 0) return;
            record(key, "pruned");
            await client.patch(`${crBase(ns)}/${cr.metadata.name}`,
                { metadata: { finalizers: cr.metadata.finalizers.filter((f: string) => f !== OPERATOR_FINALIZER), resourceVersion: cr.metadata.resourceVersion } });
            record(key, "finalizer-removed");
            return;
        }
        const generation = cr.metadata.generation;
        if (reconciled.get(key) === generation || failedGeneration.get(key) === generation) return;

        let user = await client.get(`${secrets}/${cr.metadata.name}-spec-user`);
        if (!user) {
            user = await client.must("POST", secrets, {
                apiVersion: "v1", kind: "Secret",
                metadata: { name: `${cr.metadata.name}-spec-user`, namespace: ns, ownerReferences: [ownerRef(cr, true)] },
                data: secretData({ chart: null, values: {}, metadata: null }),
            });
        }
        const userSpec = decodeSecret(user) as Spec;
        const desired: Spec = { chart: cr.spec?.chart ?? userSpec.chart ?? undefined, values: merge(userSpec.values ?? {}, cr.spec?.values ?? {}) };
        const active = await client.get(`${secrets}/${cr.metadata.name}-spec-active`);
        if (active) {
            const current = decodeSecret(active) as Spec;
            if (JSON.stringify(current.chart) === JSON.stringify(desired.chart) && JSON.stringify(current.values) === JSON.stringify(desired.values)) {
                await setPhase(cr, key, PHASE.completed);
                reconciled.set(key, generation);
                return;
            }
        }
        if (!desired.chart) {
            await setPhase(cr, key, PHASE.invalidConfig);
            failedGeneration.set(key, generation);
            return;
        }
        await setPhase(cr, key, PHASE.loading);
        if (!(cr.metadata.finalizers ?? []).includes(OPERATOR_FINALIZER)) {
            const updated = await client.patch(`${crBase(ns)}/${cr.metadata.name}`,
                { metadata: { finalizers: [...(cr.metadata.finalizers ?? []), OPERATOR_FINALIZER], resourceVersion: cr.metadata.resourceVersion } });
            cr.metadata = updated.metadata;
            record(key, "finalizer-added");
        }

        // The Helm apply.
        const started = Date.now();
        try {
            await pullChart(desired.chart);
            const rendered = SUBSYSTEMS.map((s) => renderDeployment(cr, s, desired.values ?? {}, play.podReadyDelay));
            await sleep(Math.max(0, play.applyMs - (Date.now() - started)));
            for (const d of rendered) {
                const meta = d.metadata as { name: string };
                const path = `/apis/apps/v1/namespaces/${ns}/deployments/${meta.name}`;
                const res = await client.request("PATCH", `${path}?fieldManager=helm&force=true`, d, "application/apply-patch+yaml");
                if (res.status >= 300) throw new Error(`apply ${meta.name}: ${res.status} ${JSON.stringify(res.body)}`);
            }
        } catch (e) {
            record(key, "applied", `failed: ${String(e)}`);
            await setPhase(cr, key, PHASE.invalidConfig);
            failedGeneration.set(key, generation);
            return;
        }
        record(key, "applied", desired.chart.version);

        const activeBody = {
            apiVersion: "v1", kind: "Secret",
            metadata: { name: `${cr.metadata.name}-spec-active`, namespace: ns, ownerReferences: [ownerRef(cr, true)] },
            data: secretData({ chart: desired.chart, values: desired.values, metadata: {} }),
        };
        const put = await client.request(active ? "PUT" : "POST", active ? `${secrets}/${cr.metadata.name}-spec-active` : secrets, activeBody);
        if (put.status >= 300) throw new Error(`writing ${cr.metadata.name}-spec-active: ${put.status} ${JSON.stringify(put.body)}`);
        // discoverAndPatchResources: an owner reference from the CR on every Helm-labelled object of the release.
        for (const d of await releaseDeployments(cr)) {
            const refs = d.metadata.ownerReferences ?? [];
            if (refs.some((r: any) => r.uid === cr.metadata.uid)) continue;
            await client.patch(`/apis/apps/v1/namespaces/${ns}/deployments/${d.metadata.name}`,
                { metadata: { ownerReferences: [...refs, ownerRef(cr, false)] } });
        }
        await setPhase(cr, key, PHASE.completed);
        reconciled.set(key, generation);
    };

    void (async () => {
        while (running) {
            try {
                const controller = (await client.get(`/apis/apps/v1/namespaces/${play.operatorNamespace}/deployments`))?.items ?? [];
                const runs = controller.some((d: any) => (d.status?.availableReplicas ?? 0) > 0);
                if (runs) controllerRan = true;
                for (const ns of play.watchNamespaces) {
                    for (const cr of (await client.get(crBase(ns)))?.items ?? []) {
                        const key = `${ns}/${cr.metadata.name}`;
                        if (runs) {
                            await reconcile(cr);
                        } else if (cr.metadata.deletionTimestamp && controllerRan && !events.some((e) => e.cr === key && e.what === "orphaned")) {
                            record(key, "orphaned", "the CR is being deleted but the operator no longer runs");
                        }
                    }
                }
                if (!runs && wasRunning) record(play.operatorNamespace, "controller-gone");
                wasRunning = runs;
            } catch (e) {
                errors.push(String(e));
            }
            await sleep(250);
        }
    })();
    return {
        stop: () => { running = false; },
        events,
        errors,
        first: (cr, what, since = 0, detail) => events.find((e) => e.cr === cr && e.what === what && e.at >= since && (detail === undefined || e.detail === detail)),
    };
}
