/**
 * Kubernetes preflight (`@kubernetes/client-node`, a kubeconfig): the server version, the configured
 * IngressClass, a default StorageClass, and x86-64 nodes.
 */
import * as fs from "fs";
import type { V1StorageClass } from "@kubernetes/client-node";
import { MIN_VERSIONS, SUPPORTED_CPU_ARCHITECTURE } from "../requirements";
import { versionAtLeast } from "../util/versions";
import { PreflightCheck, STEP_TIMEOUT_MS, oneLine, result, withTimeout } from "./types";

/** The cluster W&B will run on. */
export interface KubernetesTarget {
    /** Kubeconfig: its YAML text, or the path of a kubeconfig file. Absent: `KUBECONFIG` / `~/.kube/config`. */
    kubeconfig?: string;
    /** Context to use. Default: the kubeconfig's current context. */
    context?: string;
    /** The IngressClass W&B's ingress will use (`wandb:ingress.class`). */
    ingressClass: string;
}

const service = "kubernetes" as const;
const DEFAULT_CLASS_ANNOTATIONS = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"];

/** Runs the Kubernetes checks; never throws. */
export async function checkKubernetes(target: KubernetesTarget): Promise<PreflightCheck[]> {
    // Loaded on use: the client (an ES module with its own undici) costs startup time for every other check.
    const { CoreV1Api, KubeConfig, NetworkingV1Api, StorageV1Api, VersionApi } = require("@kubernetes/client-node") as typeof import("@kubernetes/client-node");
    const config = new KubeConfig();
    try {
        if (target.kubeconfig === undefined) {
            config.loadFromDefault();
        } else if (!target.kubeconfig.includes("\n") && fs.existsSync(target.kubeconfig)) {
            config.loadFromFile(target.kubeconfig);
        } else {
            config.loadFromString(target.kubeconfig);
        }
        if (target.context) {
            config.setCurrentContext(target.context);
        }
        if (!config.getCurrentCluster()) {
            throw new Error(`context ${JSON.stringify(config.getCurrentContext())} names no cluster`);
        }
    } catch (error) {
        return [result(service, "kubeconfig", "fail", oneLine(error), "a kubeconfig with a usable context", "give a valid kubeconfig (file or text) and context")];
    }
    const server = config.getCurrentCluster()?.server ?? "?";
    const call = <T>(what: string, fn: () => Promise<T>) => withTimeout(`${what} on ${server}`, STEP_TIMEOUT_MS, fn);

    let version: string;
    try {
        version = (await call("GET /version", () => config.makeApiClient(VersionApi).getCode())).gitVersion;
    } catch (error) {
        return [result(service, "connect", "fail", `${server}: ${kubeError(error)}`, "a reachable API server that accepts the credentials",
            "check the kubeconfig's server address and credentials")];
    }
    const checks = [
        result(service, "version", versionAtLeast(version, MIN_VERSIONS.kubernetes) ? "pass" : "fail", version, `>= ${MIN_VERSIONS.kubernetes}`,
            `upgrade the cluster to Kubernetes ${MIN_VERSIONS.kubernetes} or newer`),
    ];
    checks.push(await guarded("ingress class", `IngressClass ${target.ingressClass}`, async () => {
        const names = (await call("list IngressClasses", () => config.makeApiClient(NetworkingV1Api).listIngressClass())).items.map((c) => c.metadata?.name ?? "");
        return result(service, "ingress class", names.includes(target.ingressClass) ? "pass" : "fail",
            names.length ? `classes: ${names.join(", ")}` : "no IngressClass", `IngressClass ${target.ingressClass}`,
            `install the ingress controller that provides class ${target.ingressClass}, or set wandb:ingress.class to one of the cluster's classes`);
    }));
    checks.push(await guarded("default storage class", "a default StorageClass", async () => {
        const classes = (await call("list StorageClasses", () => config.makeApiClient(StorageV1Api).listStorageClass())).items;
        const defaults = classes.filter(isDefaultClass).map((c) => c.metadata?.name ?? "");
        const measured = defaults.length ? `default: ${defaults.join(", ")}` : classes.length ? `no default among ${classes.map((c) => c.metadata?.name).join(", ")}` : "no StorageClass";
        return result(service, "default storage class", defaults.length > 0 ? "pass" : "fail", measured, "a default StorageClass",
            `annotate one StorageClass with ${DEFAULT_CLASS_ANNOTATIONS[0]}=true`);
    }));
    checks.push(await guarded("node architecture", `every node ${SUPPORTED_CPU_ARCHITECTURE}`, async () => {
        const nodes = (await call("list Nodes", () => config.makeApiClient(CoreV1Api).listNode())).items;
        const arch = (labels: Record<string, string> | undefined) => labels?.["kubernetes.io/arch"] ?? "unlabelled";
        const other = nodes.filter((n) => arch(n.metadata?.labels) !== SUPPORTED_CPU_ARCHITECTURE);
        const measured = nodes.length === 0 ? "no nodes"
            : other.length === 0 ? `${nodes.length} nodes, all ${SUPPORTED_CPU_ARCHITECTURE}`
                : `${other.length} of ${nodes.length} nodes not ${SUPPORTED_CPU_ARCHITECTURE}: ${other.map((n) => `${n.metadata?.name} (${arch(n.metadata?.labels)})`).join(", ")}`;
        return result(service, "node architecture", nodes.length > 0 && other.length === 0 ? "pass" : "fail", measured,
            `kubernetes.io/arch=${SUPPORTED_CPU_ARCHITECTURE} on every node (ARM is not supported)`, "run W&B on x86-64 (amd64) nodes only");
    }));
    return checks;
}

/** A client error as one line: the API's own Status message when there is one. */
function kubeError(error: unknown): string {
    const { code, body } = error as { code?: unknown; body?: unknown };
    if (typeof code === "number" && code >= 400) {
        let message: string | undefined;
        try {
            message = (JSON.parse(typeof body === "string" ? body : JSON.stringify(body)) as { message?: string }).message;
        } catch {
            message = undefined;
        }
        return `HTTP ${code}${message ? `: ${message}` : ""}`;
    }
    return oneLine(error);
}

function isDefaultClass(storageClass: V1StorageClass): boolean {
    const annotations = storageClass.metadata?.annotations ?? {};
    return DEFAULT_CLASS_ANNOTATIONS.some((key) => annotations[key] === "true");
}

async function guarded(check: string, expected: string, fn: () => Promise<PreflightCheck>): Promise<PreflightCheck> {
    try {
        return await fn();
    } catch (error) {
        return result(service, check, "fail", kubeError(error), expected, "the kubeconfig's user needs list permission on this resource");
    }
}
