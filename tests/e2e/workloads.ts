/**
 * Reads of what the real controllers made of the W&B Deployments: rollout state as the Deployment controller
 * reports it, the ReplicaSets it created, and the pods kwok runs on the nodes the scheduler chose.
 */
import { KubeClient } from "./cluster";

/** One Deployment's rollout, as the cluster reports it. */
export interface Rollout {
    name: string;
    image: string;
    generation: number;
    observedGeneration: number;
    replicas: number;
    updatedReplicas: number;
    availableReplicas: number;
    /** `Available` condition status and when it last changed (ms, second precision). */
    available: boolean;
    availableSince: number;
    /** ReplicaSets owned by the Deployment: name, image, replicas. */
    replicaSets: { name: string; image: string; replicas: number; readyReplicas: number }[];
    /** Its pods that are not being deleted: name, image, node, Ready. */
    pods: { name: string; image: string; node: string; ready: boolean }[];
}

/** The rollout of Deployment `name` in `namespace`; undefined when there is no such Deployment. */
export async function readRollout(client: KubeClient, namespace: string, name: string): Promise<Rollout | undefined> {
    const d = await client.get(`/apis/apps/v1/namespaces/${namespace}/deployments/${name}`);
    if (!d) return undefined;
    const availableCondition = (d.status?.conditions ?? []).find((c: any) => c.type === "Available");
    const sets = ((await client.get(`/apis/apps/v1/namespaces/${namespace}/replicasets`))?.items ?? [])
        .filter((rs: any) => (rs.metadata.ownerReferences ?? []).some((o: any) => o.uid === d.metadata.uid));
    const setUids = new Set(sets.map((rs: any) => rs.metadata.uid));
    const pods = ((await client.get(`/api/v1/namespaces/${namespace}/pods`))?.items ?? [])
        .filter((p: any) => !p.metadata.deletionTimestamp && (p.metadata.ownerReferences ?? []).some((o: any) => setUids.has(o.uid)));
    return {
        name,
        image: d.spec.template.spec.containers[0].image,
        generation: d.metadata.generation,
        observedGeneration: d.status?.observedGeneration ?? 0,
        replicas: d.spec.replicas ?? 1,
        updatedReplicas: d.status?.updatedReplicas ?? 0,
        availableReplicas: d.status?.availableReplicas ?? 0,
        available: availableCondition?.status === "True",
        availableSince: availableCondition ? Date.parse(availableCondition.lastTransitionTime) : 0,
        replicaSets: sets.map((rs: any) => ({
            name: rs.metadata.name,
            image: rs.spec.template.spec.containers[0].image,
            replicas: rs.spec.replicas ?? 0,
            readyReplicas: rs.status?.readyReplicas ?? 0,
        })),
        pods: pods.map((p: any) => ({
            name: p.metadata.name,
            image: p.spec.containers[0].image,
            node: p.spec.nodeName ?? "",
            ready: (p.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True"),
        })),
    };
}

/**
 * Why the rollout is not complete (`kubectl rollout status`'s rule: the controller observed the current generation,
 * every replica runs the current template and is available, no old pod is left), or undefined when it is.
 */
export function rolloutIncomplete(r: Rollout): string | undefined {
    if (r.observedGeneration < r.generation) return `${r.name}: generation ${r.generation} not observed yet (${r.observedGeneration})`;
    if (r.updatedReplicas < r.replicas) return `${r.name}: ${r.updatedReplicas} of ${r.replicas} replicas updated`;
    if (r.availableReplicas < r.replicas) return `${r.name}: ${r.availableReplicas} of ${r.replicas} replicas available`;
    const stale = r.pods.filter((p) => p.image !== r.image);
    if (stale.length > 0) return `${r.name}: old pods still there (${stale.map((p) => `${p.name} ${p.image}`).join(", ")})`;
    if (!r.pods.every((p) => p.ready && p.node !== "")) return `${r.name}: a pod is not scheduled or not Ready`;
    return undefined;
}
