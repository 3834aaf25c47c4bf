/**
 * Rendered Kubernetes manifests as data: parsing `helm template` output and walking the pod specs of
 * every workload kind.
 */
import * as yaml from "js-yaml";

/** One rendered object. */
export interface Manifest {
    apiVersion?: string;
    kind?: string;
    metadata?: { name?: string; namespace?: string };
    [field: string]: unknown;
}

/** A container as far as the checks read it. */
export interface Container {
    name?: string;
    image?: string;
    env?: { name?: string; value?: string; valueFrom?: { secretKeyRef?: { name?: string; key?: string; optional?: boolean } } }[];
    envFrom?: { secretRef?: { name?: string; optional?: boolean } }[];
}

/** A volume as far as the checks read it. */
export interface Volume {
    name?: string;
    secret?: { secretName?: string; optional?: boolean; items?: { key?: string }[] };
    projected?: { sources?: { secret?: { name?: string; optional?: boolean; items?: { key?: string }[] } }[] };
}

/** A pod spec as far as the checks read it. */
export interface PodSpec {
    containers?: Container[];
    initContainers?: Container[];
    volumes?: Volume[];
    imagePullSecrets?: { name?: unknown }[];
}

/** The pod spec of one workload. */
export interface Workload {
    /** `Deployment/wandb-app-bc`. */
    id: string;
    /** Its pod spec. */
    pod: PodSpec;
}

/** Parses multi-document YAML; empty documents are skipped. */
export function parseManifests(text: string): Manifest[] {
    // The chart repeats some label keys; like the API server, the last one wins (`json: true`).
    return (yaml.loadAll(text, undefined, { json: true }) as unknown[]).filter((doc): doc is Manifest => doc !== null && typeof doc === "object");
}

/** Every workload's pod spec: Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs and Pods. */
export function workloads(manifests: Manifest[]): Workload[] {
    const found: Workload[] = [];
    for (const manifest of manifests) {
        const id = `${manifest.kind}/${manifest.metadata?.name}`;
        const spec = manifest.spec as Record<string, unknown> | undefined;
        let pod: unknown;
        switch (manifest.kind) {
            case "Pod":
                pod = spec;
                break;
            case "Deployment":
            case "StatefulSet":
            case "DaemonSet":
            case "ReplicaSet":
            case "Job":
                pod = (spec?.template as Record<string, unknown> | undefined)?.spec;
                break;
            case "CronJob":
                pod = ((((spec?.jobTemplate as Record<string, unknown>)?.spec as Record<string, unknown>)?.template as Record<string, unknown>) ?? {}).spec;
                break;
        }
        if (pod && typeof pod === "object") {
            found.push({ id, pod: pod as PodSpec });
        }
    }
    return found;
}

/** Every container and init container of a pod. */
export function containersOf(pod: PodSpec): Container[] {
    return [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
}

/** The keys of a rendered Secret (`data` and `stringData`). */
export function secretKeysOf(manifest: Manifest): string[] {
    return [...Object.keys((manifest.data as object) ?? {}), ...Object.keys((manifest.stringData as object) ?? {})];
}
