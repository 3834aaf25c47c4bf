/**
 * A Kubernetes cluster for the e2e suite, every component real except the kubelet: etcd and kube-apiserver on
 * 127.0.0.1 only (free ports, TLS, a token-authenticated admin in `system:masters`, service-account signing keys, a
 * generated kubeconfig), kube-controller-manager (the controllers in `CONTROLLERS`), kube-scheduler, and kwok
 * managing fake x86 nodes in place of kubelets (nodes.ts). Every process is stopped by PID in `stop()`, which also
 * runs when the Node process exits.
 */
import * as childProcess from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { MIN_WORKER_NODES } from "../../../components/requirements";
import { KubeClient, waitUntil } from "./kube-client";
import { KWOK_NODE_ANNOTATION, addFakeNodes, writeKwokConfig } from "./nodes";

export { KubeClient, waitUntil } from "./kube-client";

/** Paths of the binaries (from the e2e toolchain). */
export interface ClusterBinaries {
    etcd: string;
    kubeApiserver: string;
    kubeControllerManager: string;
    kubeScheduler: string;
    kwok: string;
    /** kwok's `kustomize/stage` directory. */
    kwokStages: string;
}

/**
 * kube-controller-manager's controllers (`--controllers`): rollouts (deployment, replicaset), the other workload
 * controllers W&B's chart relies on (statefulset, daemonset, job: the chart's hooks are Jobs), the garbage collector
 * (owned objects go with their owner; foreground deletes finish), `default` ServiceAccounts per namespace, and the
 * namespace controller (a deleted namespace is emptied, then removed). No node lifecycle controller: kwok's nodes
 * do not fail (the `TaintNodesByCondition` admission is off for the same reason, see below).
 */
export const CONTROLLERS = ["deployment", "replicaset", "statefulset", "daemonset", "job", "garbagecollector", "serviceaccount", "namespace"];

/** How many fake nodes: W&B's minimum of worker nodes (`MIN_WORKER_NODES`). */
const NODE_COUNT = MIN_WORKER_NODES;

/** A running cluster. */
export interface Cluster {
    /** `https://127.0.0.1:<port>` */
    server: string;
    /** kubeconfig contents (cluster CA + bearer token of the admin). */
    kubeconfig: string;
    /** Where the kubeconfig, certificates and logs are. */
    dir: string;
    client: KubeClient;
    /** The fake nodes' names. */
    nodes: string[];
    /** Stops kwok, the scheduler, the controller manager, kube-apiserver, then etcd, by PID; removes the directory unless `keep`. */
    stop(keep?: boolean): Promise<void>;
}

/** Ports the kernel hands out for a moment; the servers bind them right after. */
async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

function openssl(dir: string, args: string[]): void {
    childProcess.execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

/** CA, a serving certificate for 127.0.0.1/localhost, the service-account key pair and the admin token file. */
function writeCredentials(dir: string): { token: string } {
    openssl(dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-days", "2", "-subj", "/CN=wandb-e2e-ca"]);
    openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "apiserver.key", "-out", "apiserver.csr",
        "-subj", "/CN=kube-apiserver"]);
    fs.writeFileSync(path.join(dir, "san.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n");
    openssl(dir, ["x509", "-req", "-in", "apiserver.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "apiserver.crt", "-days", "2", "-extfile", "san.ext"]);
    openssl(dir, ["genrsa", "-out", "sa.key", "2048"]);
    openssl(dir, ["rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub"]);
    const token = crypto.randomBytes(24).toString("hex");
    fs.writeFileSync(path.join(dir, "tokens.csv"), `${token},e2e-admin,e2e-admin,"system:masters"\n`, { mode: 0o600 });
    return { token };
}

function kubeconfigYaml(server: string, ca: string, token: string): string {
    const caData = Buffer.from(ca).toString("base64");
    return [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: e2e",
        "  cluster:",
        `    server: ${server}`,
        `    certificate-authority-data: ${caData}`,
        "users:",
        "- name: e2e-admin",
        "  user:",
        `    token: ${token}`,
        "contexts:",
        "- name: e2e",
        "  context:",
        "    cluster: e2e",
        "    user: e2e-admin",
        "current-context: e2e",
        "",
    ].join("\n");
}

function spawnLogged(binary: string, args: string[], logFile: string): childProcess.ChildProcess {
    const log = fs.openSync(logFile, "a");
    const child = childProcess.spawn(binary, args, { stdio: ["ignore", log, log] });
    fs.closeSync(log);
    return child;
}

function killByPid(pid: number | undefined, signal: NodeJS.Signals = "SIGTERM"): void {
    if (pid === undefined) return;
    try { process.kill(pid, signal); } catch { /* already gone */ }
}

async function waitForExit(child: childProcess.ChildProcess, ms: number): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { killByPid(child.pid, "SIGKILL"); resolve(); }, ms);
        child.once("exit", () => { clearTimeout(timer); resolve(); });
    });
}

/**
 * Starts etcd and kube-apiserver, then (once `/readyz` answers `ok`) kube-controller-manager, kube-scheduler and
 * kwok, adds the fake nodes and resolves when they are Ready and the `default` ServiceAccount exists (throws, after
 * stopping everything, if not).
 */
export async function startCluster(bin: ClusterBinaries, timeoutMs = 90000): Promise<Cluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wandb-e2e-cluster-"));
    const { token } = writeCredentials(dir);
    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];

    const etcd = spawnLogged(bin.etcd, [
        "--name", "e2e", "--data-dir", path.join(dir, "etcd"),
        "--listen-client-urls", `http://127.0.0.1:${etcdClient}`, "--advertise-client-urls", `http://127.0.0.1:${etcdClient}`,
        "--listen-peer-urls", `http://127.0.0.1:${etcdPeer}`, "--initial-advertise-peer-urls", `http://127.0.0.1:${etcdPeer}`,
        "--initial-cluster", `e2e=http://127.0.0.1:${etcdPeer}`, "--unsafe-no-fsync",
    ], path.join(dir, "etcd.log"));
    // Flags after controller-runtime envtest's defaults; see docs/real-engine.md ("The cluster").
    const apiserver = spawnLogged(bin.kubeApiserver, [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        "--bind-address=127.0.0.1", `--secure-port=${apiPort}`, "--advertise-address=127.0.0.1",
        "--endpoint-reconciler-type=none",
        `--tls-cert-file=${path.join(dir, "apiserver.crt")}`, `--tls-private-key-file=${path.join(dir, "apiserver.key")}`,
        `--client-ca-file=${path.join(dir, "ca.crt")}`,
        "--service-account-issuer=https://kubernetes.default.svc",
        `--service-account-key-file=${path.join(dir, "sa.pub")}`,
        `--service-account-signing-key-file=${path.join(dir, "sa.key")}`,
        "--service-cluster-ip-range=10.0.0.0/24",
        "--authorization-mode=RBAC", `--token-auth-file=${path.join(dir, "tokens.csv")}`,
        // New nodes get a not-ready taint that only the node lifecycle controller removes; it does not run here.
        "--disable-admission-plugins=TaintNodesByCondition",
        "--allow-privileged=true",
    ], path.join(dir, "kube-apiserver.log"));

    const ca = fs.readFileSync(path.join(dir, "ca.crt"), "utf8");
    const server = `https://127.0.0.1:${apiPort}`;
    const client = new KubeClient(server, ca, token);
    const kubeconfig = kubeconfigYaml(server, ca, token);
    fs.writeFileSync(path.join(dir, "kubeconfig"), kubeconfig, { mode: 0o600 });


    // Started in this order, stopped in the reverse one.
    const processes: { name: string; child: childProcess.ChildProcess }[] = [{ name: "etcd", child: etcd }, { name: "kube-apiserver", child: apiserver }];
    let stopped = false;
    const stop = async (keep = false) => {
        if (stopped) return;
        stopped = true;
        process.removeListener("exit", onExit);
        for (const { child } of [...processes].reverse()) {
            killByPid(child.pid);
            await waitForExit(child, 10000);
        }
        if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    };
    const onExit = () => { for (const { child } of processes) killByPid(child.pid, "SIGKILL"); };
    process.on("exit", onExit);
    // An interrupted run (Ctrl-C, a CI timeout) stops every process too.
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
        process.once(signal, () => { onExit(); process.exit(130); });
    }
    const failIfExited = async () => {
        const exited = processes.find(({ child }) => child.exitCode !== null);
        if (exited) {
            await stop(true);
            throw new Error(`${exited.name} exited (${exited.child.exitCode}); logs in ${dir}`);
        }
    };

    const deadline = Date.now() + timeoutMs;
    for (;;) {
        await failIfExited();
        try {
            const res = await client.request("GET", "/readyz");
            if (res.status === 200 && String(res.body).trim() === "ok") break;
        } catch { /* not listening yet */ }
        if (Date.now() > deadline) {
            await stop(true);
            throw new Error(`kube-apiserver not ready within ${timeoutMs} ms; logs in ${dir}`);
        }
        await new Promise((r) => setTimeout(r, 500));
    }

    const kubeconfigFile = path.join(dir, "kubeconfig");
    // Outside a pod: no leader election, no serving port (nothing scrapes them), the admin's kubeconfig.
    processes.push({
        name: "kube-controller-manager",
        child: spawnLogged(bin.kubeControllerManager, [
            `--kubeconfig=${kubeconfigFile}`, "--leader-elect=false", "--secure-port=0",
            `--controllers=${CONTROLLERS.join(",")}`, "--use-service-account-credentials=false",
        ], path.join(dir, "kube-controller-manager.log")),
    });
    processes.push({
        name: "kube-scheduler",
        child: spawnLogged(bin.kubeScheduler, [`--kubeconfig=${kubeconfigFile}`, "--leader-elect=false", "--secure-port=0"],
            path.join(dir, "kube-scheduler.log")),
    });
    processes.push({
        name: "kwok",
        child: spawnLogged(bin.kwok, [
            `--kubeconfig=${kubeconfigFile}`, `--config=${writeKwokConfig(bin.kwokStages, path.join(dir, "kwok.yaml"))}`,
            "--manage-all-nodes=false", `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION.key}=${KWOK_NODE_ANNOTATION.value}`,
            "--cidr=10.244.0.0/16", "--node-ip=10.0.1.1", `--server-address=127.0.0.1:${await freePort()}`,
        ], path.join(dir, "kwok.log")),
    });

    let nodes: string[];
    try {
        nodes = await addFakeNodes(client, NODE_COUNT, Math.max(10000, deadline - Date.now()));
        // The serviceaccount controller creates `default` in every namespace; pods need it (ServiceAccount admission).
        await waitUntil("the default ServiceAccount (kube-controller-manager)", Math.max(10000, deadline - Date.now()),
            async () => (await client.get("/api/v1/namespaces/default/serviceaccounts/default")) ? true : undefined);
        await failIfExited();
    } catch (e) {
        await failIfExited();
        await stop(true);
        throw new Error(`${String(e)}; logs in ${dir}`);
    }
    return { server, kubeconfig, dir, client, nodes, stop };
}
