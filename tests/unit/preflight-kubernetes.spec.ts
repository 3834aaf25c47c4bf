/**
 * Kubernetes preflight against a STAND-IN API server: a small HTTP server on 127.0.0.1 serving
 * RECORDED /version, ingressclasses, storageclasses and nodes responses (no kube-apiserver can run
 * here). The client is the real @kubernetes/client-node reading a real kubeconfig.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PreflightCheck, checkKubernetes } from "../../components/preflight";
import { freePort } from "../harness/servers";
import { RecordedKubeApi, healthyCluster, node, startRecordedKubeApi } from "../harness/recorded-kube-api";

const statuses = (checks: PreflightCheck[]) => Object.fromEntries(checks.map((c) => [c.check, c.status]));
const find = (checks: PreflightCheck[], name: string) => checks.find((c) => c.check === name) as PreflightCheck;

describe("preflight kubernetes against recorded API responses (stand-in HTTP server, not a real API server)", () => {
    let api: RecordedKubeApi;
    before(async () => {
        api = await startRecordedKubeApi();
    });
    afterEach(() => api.respond(healthyCluster()));
    after(async () => api.stop());

    it("passes a v1.34 cluster with the nginx IngressClass, a default StorageClass and amd64 nodes (recorded responses)", async () => {
        const checks = await checkKubernetes({ kubeconfig: api.kubeconfig, ingressClass: "nginx" });
        expect(statuses(checks)).to.deep.equal({ version: "pass", "ingress class": "pass", "default storage class": "pass", "node architecture": "pass" });
        expect(find(checks, "version").measured).to.equal("v1.34.2");
        expect(find(checks, "node architecture").measured).to.equal("3 nodes, all amd64");
        expect(api.requests).to.include.members(["/version", "/apis/networking.k8s.io/v1/ingressclasses", "/apis/storage.k8s.io/v1/storageclasses", "/api/v1/nodes"]);
    });

    it("reads a kubeconfig file and a named context", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeconfig-"));
        try {
            const file = path.join(dir, "config");
            fs.writeFileSync(file, api.kubeconfig);
            const checks = await checkKubernetes({ kubeconfig: file, context: "recorded", ingressClass: "nginx" });
            expect(checks.every((c) => c.status === "pass")).to.equal(true);
            const unknown = await checkKubernetes({ kubeconfig: file, context: "prod", ingressClass: "nginx" });
            expect(unknown[0]).to.deep.include({ check: "kubeconfig", status: "fail" });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("fails a v1.33 server (recorded /version)", async () => {
        const responses = healthyCluster();
        responses["/version"] = { body: { major: "1", minor: "33", gitVersion: "v1.33.5-eks-113cf36", platform: "linux/amd64" } };
        api.respond(responses);
        const check = find(await checkKubernetes({ kubeconfig: api.kubeconfig, ingressClass: "nginx" }), "version");
        expect(check).to.deep.include({ status: "fail", measured: "v1.33.5-eks-113cf36", expected: ">= 1.34" });
    });

    it("fails when the configured IngressClass is not among the recorded ones", async () => {
        const check = find(await checkKubernetes({ kubeconfig: api.kubeconfig, ingressClass: "traefik" }), "ingress class");
        expect(check).to.deep.include({ status: "fail", measured: "classes: nginx" });
        expect(check.fix).to.contain("traefik");
    });

    it("fails when no recorded StorageClass is annotated default", async () => {
        const responses = healthyCluster();
        responses["/apis/storage.k8s.io/v1/storageclasses"] = { body: { kind: "StorageClassList", apiVersion: "storage.k8s.io/v1", items: [{ metadata: { name: "fast" }, provisioner: "ebs.csi.aws.com" }] } };
        api.respond(responses);
        const check = find(await checkKubernetes({ kubeconfig: api.kubeconfig, ingressClass: "nginx" }), "default storage class");
        expect(check).to.deep.include({ status: "fail", measured: "no default among fast" });
    });

    it("fails when a recorded node is arm64", async () => {
        const responses = healthyCluster();
        responses["/api/v1/nodes"] = { body: { kind: "NodeList", apiVersion: "v1", items: [node("worker-1", "amd64"), node("graviton-1", "arm64")] } };
        api.respond(responses);
        const check = find(await checkKubernetes({ kubeconfig: api.kubeconfig, ingressClass: "nginx" }), "node architecture");
        expect(check).to.deep.include({ status: "fail", measured: "1 of 2 nodes not amd64: graviton-1 (arm64)" });
    });

    it("reports a forbidden list as a failed check, and an unreachable server as one connect line", async () => {
        const responses = healthyCluster();
        responses["/api/v1/nodes"] = { status: 403, body: { kind: "Status", apiVersion: "v1", status: "Failure", message: 'nodes is forbidden: User "preflight" cannot list resource "nodes"', reason: "Forbidden", code: 403 } };
        api.respond(responses);
        const forbidden = find(await checkKubernetes({ kubeconfig: api.kubeconfig, ingressClass: "nginx" }), "node architecture");
        expect(forbidden).to.deep.include({ status: "fail", measured: 'HTTP 403: nodes is forbidden: User "preflight" cannot list resource "nodes"' });

        const closed = `http://127.0.0.1:${await freePort()}`;
        const unreachable = await checkKubernetes({ kubeconfig: api.kubeconfig.replace(api.server, closed), ingressClass: "nginx" });
        expect(unreachable).to.have.length(1);
        expect(unreachable[0]).to.deep.include({ check: "connect", status: "fail" });
        expect(unreachable[0].measured).to.contain(closed).and.contain("ECONNREFUSED").and.not.contain("\n");
    });

    it("reports a malformed kubeconfig as one line", async () => {
        const checks = await checkKubernetes({ kubeconfig: "apiVersion: v1\nclusters: [", ingressClass: "nginx" });
        expect(checks).to.have.length(1);
        expect(checks[0]).to.deep.include({ check: "kubeconfig", status: "fail" });
    });
});
