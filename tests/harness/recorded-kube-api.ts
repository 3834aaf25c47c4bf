/**
 * A small HTTP server on 127.0.0.1 that answers the four Kubernetes API paths the preflight reads with
 * RECORDED responses (shaped as a v1.34 API server returns them). There is no kube-apiserver here; this
 * is a stand-in for one, and tests that use it say so. Responses can be replaced per test.
 */
import * as http from "http";
import { AddressInfo } from "net";

/** The recorded responses, by path. */
export type RecordedResponses = Record<string, { status?: number; body: unknown }>;

/** A node as the API lists it (only the fields the checks read, plus typical ones). */
export function node(name: string, arch: string): Record<string, unknown> {
    return {
        metadata: {
            name,
            labels: { "kubernetes.io/arch": arch, "kubernetes.io/os": "linux", "kubernetes.io/hostname": name, "node.kubernetes.io/instance-type": "r6i.2xlarge" },
        },
        status: { nodeInfo: { architecture: arch, kubeletVersion: "v1.34.2", operatingSystem: "linux" } },
    };
}

/** Responses of a cluster that meets every requirement. */
export function healthyCluster(): RecordedResponses {
    return {
        "/version": { body: { major: "1", minor: "34", gitVersion: "v1.34.2", gitCommit: "8cc511e399b929453cd98ae65b419c3cc227ec79", gitTreeState: "clean", buildDate: "2025-11-11T19:10:53Z", goVersion: "go1.24.9", compiler: "gc", platform: "linux/amd64" } },
        "/apis/networking.k8s.io/v1/ingressclasses": {
            body: { kind: "IngressClassList", apiVersion: "networking.k8s.io/v1", metadata: { resourceVersion: "1042" },
                items: [{ metadata: { name: "nginx", annotations: { "ingressclass.kubernetes.io/is-default-class": "true" } }, spec: { controller: "k8s.io/ingress-nginx" } }] },
        },
        "/apis/storage.k8s.io/v1/storageclasses": {
            body: { kind: "StorageClassList", apiVersion: "storage.k8s.io/v1", metadata: { resourceVersion: "1042" },
                items: [
                    { metadata: { name: "standard", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } }, provisioner: "rancher.io/local-path", reclaimPolicy: "Delete", volumeBindingMode: "WaitForFirstConsumer" },
                    { metadata: { name: "fast" }, provisioner: "ebs.csi.aws.com", reclaimPolicy: "Delete", volumeBindingMode: "WaitForFirstConsumer" },
                ] },
        },
        "/api/v1/nodes": {
            body: { kind: "NodeList", apiVersion: "v1", metadata: { resourceVersion: "1042" }, items: [node("worker-1", "amd64"), node("worker-2", "amd64"), node("worker-3", "amd64")] },
        },
    };
}

/** A running recorded-response server. */
export interface RecordedKubeApi {
    /** `http://127.0.0.1:<port>`. */
    server: string;
    /** A kubeconfig (YAML text) pointing at it with a bearer token. */
    kubeconfig: string;
    /** Paths requested so far. */
    requests: string[];
    /** Replaces the responses. */
    respond(responses: RecordedResponses): void;
    /** Stops the server. */
    stop(): Promise<void>;
}

/** Starts the stand-in on a free port of 127.0.0.1. */
export async function startRecordedKubeApi(responses: RecordedResponses = healthyCluster()): Promise<RecordedKubeApi> {
    let current = responses;
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        const path = (req.url ?? "/").split("?")[0];
        requests.push(path);
        const entry = current[path];
        const status = entry ? entry.status ?? 200 : 404;
        const body = entry ? entry.body : { kind: "Status", apiVersion: "v1", status: "Failure", message: "the server could not find the requested resource", reason: "NotFound", code: 404 };
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const kubeconfig = [
        "apiVersion: v1", "kind: Config", "current-context: recorded",
        "clusters:", "- name: recorded", "  cluster:", `    server: ${url}`,
        // Plain HTTP: the client refuses it unless TLS verification is off (there is no TLS to verify).
        "    insecure-skip-tls-verify: true",
        "users:", "- name: preflight", "  user:", "    token: recorded-token",
        "contexts:", "- name: recorded", "  context:", "    cluster: recorded", "    user: preflight", "",
    ].join("\n");
    return {
        server: url,
        kubeconfig,
        requests,
        respond: (next) => {
            current = next;
        },
        stop: () => new Promise((resolve) => server.close(() => resolve())),
    };
}
