/**
 * The controllers the e2e cluster does not run, played by the test through the API (each says what it stands for):
 *
 * - `playDeploymentController`: kube-controller-manager's Deployment controller in one namespace — a ReplicaSet
 *   owned by each Deployment, with ready replicas, and the Deployment's `Available` status with a current
 *   `observedGeneration` (what Helm's `wait` checks for the operator release, and what `pulumi.com/waitFor:
 *   condition=Available` checks on the W&B Deployments; an annotation change bumps a Deployment's generation).
 * - `playOperator`: the W&B operator — after a delay it creates the `<cr>-app-bc` / `<cr>-console-bc` Deployments
 *   with an available status and then sets the CR's `status.phase: Completed`; it holds a finalizer on the CR and
 *   deletes those Deployments when the CR is deleted, but only while its own controller Deployment exists (as the
 *   real operator can only clean up while it runs).
 */
import { KubeClient } from "./cluster";

/** A loop that can be stopped; `errors` collects what went wrong inside it. */
export interface Player {
    stop(): void;
    errors: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function loop(everyMs: number, step: () => Promise<void>): Player {
    let running = true;
    const errors: string[] = [];
    void (async () => {
        while (running) {
            try {
                await step();
            } catch (e) {
                errors.push(String(e));
            }
            await sleep(everyMs);
        }
    })();
    return { stop: () => { running = false; }, errors };
}

/** A Deployment's status as the Deployment controller writes it once all replicas are available. */
function availableStatus(deployment: any): Record<string, unknown> {
    const replicas = deployment.spec?.replicas ?? 1;
    const now = new Date().toISOString();
    return {
        observedGeneration: deployment.metadata.generation,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
        conditions: [
            { type: "Available", status: "True", reason: "MinimumReplicasAvailable", lastUpdateTime: now, lastTransitionTime: now },
            { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", lastUpdateTime: now, lastTransitionTime: now },
        ],
    };
}

async function markAvailable(client: KubeClient, deployment: any): Promise<void> {
    const { namespace, name } = deployment.metadata;
    await client.must("PATCH", `/apis/apps/v1/namespaces/${namespace}/deployments/${name}/status`,
        { status: availableStatus(deployment) }, "application/merge-patch+json");
}

/** Plays the Deployment controller in `namespace`. */
export function playDeploymentController(client: KubeClient, namespace: string): Player {
    return loop(300, async () => {
        const deployments = (await client.get(`/apis/apps/v1/namespaces/${namespace}/deployments`))?.items ?? [];
        for (const d of deployments) {
            const ready = (d.status?.conditions ?? []).some((c: any) => c.type === "Available" && c.status === "True");
            if (ready && d.status?.observedGeneration === d.metadata.generation) continue;
            const rsName = `${d.metadata.name}-e2e`;
            if (!(await client.get(`/apis/apps/v1/namespaces/${namespace}/replicasets/${rsName}`))) {
                const replicas = d.spec.replicas ?? 1;
                await client.must("POST", `/apis/apps/v1/namespaces/${namespace}/replicasets`, {
                    apiVersion: "apps/v1",
                    kind: "ReplicaSet",
                    metadata: {
                        name: rsName,
                        namespace,
                        labels: d.spec.template.metadata?.labels ?? {},
                        annotations: { "deployment.kubernetes.io/revision": "1" },
                        ownerReferences: [{
                            apiVersion: "apps/v1", kind: "Deployment", name: d.metadata.name, uid: d.metadata.uid,
                            controller: true, blockOwnerDeletion: true,
                        }],
                    },
                    spec: { replicas, selector: d.spec.selector, template: d.spec.template },
                });
                await client.must("PATCH", `/apis/apps/v1/namespaces/${namespace}/replicasets/${rsName}/status`, {
                    status: { replicas, fullyLabeledReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
                }, "application/merge-patch+json");
            }
            await client.must("PATCH", `/apis/apps/v1/namespaces/${namespace}/deployments/${d.metadata.name}`,
                { metadata: { annotations: { "deployment.kubernetes.io/revision": "1" } } }, "application/merge-patch+json");
            await markAvailable(client, d);
        }
        // Owned ReplicaSets of deleted Deployments: the garbage collector's job (it is off in this cluster).
        const sets = (await client.get(`/apis/apps/v1/namespaces/${namespace}/replicasets`))?.items ?? [];
        const live = new Set(deployments.map((d: any) => d.metadata.uid));
        for (const rs of sets) {
            const owner = (rs.metadata.ownerReferences ?? [])[0];
            if (owner && !live.has(owner.uid)) {
                await client.request("DELETE", `/apis/apps/v1/namespaces/${namespace}/replicasets/${rs.metadata.name}`);
            }
        }
    });
}

/** What `playOperator` saw and did, with times (ms since epoch). */
export interface OperatorLog {
    crSeenAt?: number;
    completedAt?: number;
    crDeletedAt?: number;
    /** When the played operator ran its cleanup for the deleted CR and released its finalizer. */
    crFinalizedAt?: number;
    controllerGoneAt?: number;
    /** Set when the CR was being deleted while the operator's controller Deployment was already gone. */
    orphanedCr?: boolean;
}

/** Settings of the played operator. */
export interface OperatorPlay {
    crPath: string;
    instanceNamespace: string;
    crName: string;
    operatorNamespace: string;
    /** How long after first seeing the CR the W&B Deployments appear and the CR completes. */
    delayMs: number;
}

const FINALIZER = "e2e.wandb.ai/played-operator";

/** Plays the W&B operator for one CR. */
export function playOperator(client: KubeClient, play: OperatorPlay): Player & { log: OperatorLog } {
    const log: OperatorLog = {};
    const deploymentsPath = `/apis/apps/v1/namespaces/${play.instanceNamespace}/deployments`;
    const appDeployments = ["app", "console"].map((s) => `${play.crName}-${s}-bc`);
    let seenGeneration = 0;
    const player = loop(300, async () => {
        const controllers = (await client.get(`/apis/apps/v1/namespaces/${play.operatorNamespace}/deployments`))?.items ?? [];
        const controllerRuns = controllers.length > 0;
        if (!controllerRuns && log.crSeenAt !== undefined && log.controllerGoneAt === undefined) log.controllerGoneAt = Date.now();
        const cr = await client.get(play.crPath);
        if (!cr) {
            if (log.crSeenAt !== undefined && log.crDeletedAt === undefined) log.crDeletedAt = Date.now();
            return;
        }
        if (log.crSeenAt === undefined) log.crSeenAt = Date.now();
        if (cr.metadata.deletionTimestamp) {
            if (!controllerRuns) { log.orphanedCr = true; return; }
            for (const name of appDeployments) await client.request("DELETE", `${deploymentsPath}/${name}`);
            await client.must("PATCH", play.crPath,
                { metadata: { finalizers: (cr.metadata.finalizers ?? []).filter((f: string) => f !== FINALIZER) } },
                "application/merge-patch+json");
            log.crFinalizedAt ??= Date.now();
            return;
        }
        if (!controllerRuns) return;
        if (!(cr.metadata.finalizers ?? []).includes(FINALIZER)) {
            await client.must("PATCH", play.crPath,
                { metadata: { finalizers: [...(cr.metadata.finalizers ?? []), FINALIZER] } }, "application/merge-patch+json");
        }
        if (Date.now() - log.crSeenAt < play.delayMs) return;
        if (cr.status?.phase === "Completed" && seenGeneration === cr.metadata.generation) return;
        for (const name of appDeployments) {
            let d = await client.get(`${deploymentsPath}/${name}`);
            if (!d) {
                const labels = { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": play.crName };
                d = await client.must("POST", deploymentsPath, {
                    apiVersion: "apps/v1",
                    kind: "Deployment",
                    metadata: { name, namespace: play.instanceNamespace, labels },
                    spec: {
                        replicas: 1,
                        selector: { matchLabels: labels },
                        template: { metadata: { labels }, spec: { containers: [{ name: "app", image: "played-by-e2e:0" }] } },
                    },
                });
            }
            await markAvailable(client, d);
        }
        await client.must("PATCH", `${play.crPath}/status`, { status: { phase: "Completed" } }, "application/merge-patch+json");
        seenGeneration = cr.metadata.generation;
        log.completedAt = Date.now();
    });
    return { ...player, log };
}
