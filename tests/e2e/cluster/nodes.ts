/**
 * The cluster's nodes: fake x86 Nodes that kwok manages (no kubelet), and the kwok configuration that gives them
 * and their pods a lifecycle. The stage definitions are kwok's own, read from its module (`kustomize/stage`):
 * nodes become Ready at once and keep a heartbeat; pods go through kwok's "general" stages (created, init
 * containers, Ready after a delay, Job pods complete, deleted pods removed). A pod can set its own delays with
 * kwok's annotations (`pod-ready.stage.kwok.x-k8s.io/delay`, ...), as `tests/e2e/operator.ts` does for W&B pods.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { KUBERNETES_NODE_SIZING } from "../../../components/requirements";
import { KubeClient, waitUntil } from "./kube-client";

/** The annotation kwok selects its nodes by (`--manage-nodes-with-annotation-selector`). */
export const KWOK_NODE_ANNOTATION = { key: "kwok.x-k8s.io/node", value: "fake" } as const;

/** kwok's stage sets used here, as directories of `kustomize/stage` with a `kustomization.yaml` each. */
const STAGE_SETS = ["node/fast", "node/heartbeat", "pod/general"];

/** Writes one multi-document kwok configuration with every Stage of `STAGE_SETS`; returns its path. */
export function writeKwokConfig(stagesDir: string, file: string): string {
    const docs: string[] = [];
    for (const set of STAGE_SETS) {
        const dir = path.join(stagesDir, set);
        const kustomization = yaml.load(fs.readFileSync(path.join(dir, "kustomization.yaml"), "utf8")) as { resources: string[] };
        for (const resource of kustomization.resources) docs.push(fs.readFileSync(path.join(dir, resource), "utf8").trim());
    }
    fs.writeFileSync(file, docs.join("\n---\n") + "\n");
    return file;
}

/**
 * One worker node of W&B's production sizing for Models (`KUBERNETES_NODE_SIZING`: 8 cores, 64 GB), as EKS would
 * report an r5.2xlarge: allocatable = capacity minus the kubelet reservation of the EKS AMI (CPU: 6% of the first
 * core, 1% of the second, 0.5% of the third and fourth, 0.25% of the rest = 90m; memory: 255 MiB + 11 MiB per pod
 * for 58 pods, plus 100 MiB eviction threshold = 993 MiB) and 58 pods (the instance type's ENI limit).
 */
export function fakeNode(name: string): Record<string, unknown> {
    const size = KUBERNETES_NODE_SIZING.models.production;
    const memoryMi = size.memoryGb * 1024;
    const capacity = { cpu: `${size.cpu}`, memory: `${memoryMi}Mi`, pods: "58", "ephemeral-storage": `${size.diskGb}Gi` };
    const allocatable = { cpu: `${size.cpu * 1000 - 90}m`, memory: `${memoryMi - 993}Mi`, pods: "58", "ephemeral-storage": `${size.diskGb - 10}Gi` };
    return {
        apiVersion: "v1",
        kind: "Node",
        metadata: {
            name,
            annotations: { [KWOK_NODE_ANNOTATION.key]: KWOK_NODE_ANNOTATION.value, "node.alpha.kubernetes.io/ttl": "0" },
            labels: {
                "kubernetes.io/arch": "amd64",
                "kubernetes.io/os": "linux",
                "kubernetes.io/hostname": name,
                "node.kubernetes.io/instance-type": "r5.2xlarge",
                "type": "kwok",
            },
        },
        spec: {},
        status: { capacity, allocatable, nodeInfo: { architecture: "amd64", operatingSystem: "linux" } },
    };
}

/** Creates `count` fake nodes and waits until kwok reports each Ready. */
export async function addFakeNodes(client: KubeClient, count: number, timeoutMs = 60000): Promise<string[]> {
    const names = Array.from({ length: count }, (_, i) => `kwok-node-${i}`);
    for (const name of names) {
        const node = fakeNode(name);
        await client.must("POST", "/api/v1/nodes", node);
        // As a kubelet registers: the status (capacity, allocatable) through the status subresource too.
        await client.must("PATCH", `/api/v1/nodes/${name}/status`, { status: node.status }, "application/strategic-merge-patch+json");
    }
    for (const name of names) {
        await waitUntil(`node ${name} Ready (kwok)`, timeoutMs, async () => {
            const node = await client.get(`/api/v1/nodes/${name}`);
            return (node?.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True") ? true : undefined;
        });
    }
    return names;
}
