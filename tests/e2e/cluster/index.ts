/**
 * A Kubernetes API server for the e2e suite: etcd and kube-apiserver on 127.0.0.1 only, on free ports, with TLS,
 * a token-authenticated admin in `system:masters`, service-account signing keys and a generated kubeconfig.
 * No nodes and no controllers: where a test needs a controller's effect it makes it through the API itself.
 * Both processes are stopped by PID in `stop()`, which also runs when the Node process exits.
 */
import * as childProcess from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";

/** Paths of the two server binaries (from the e2e toolchain). */
export interface ClusterBinaries {
    etcd: string;
    kubeApiserver: string;
}

/** A running cluster. */
export interface Cluster {
    /** `https://127.0.0.1:<port>` */
    server: string;
    /** kubeconfig contents (cluster CA + bearer token of the admin). */
    kubeconfig: string;
    /** Where the kubeconfig, certificates and logs are. */
    dir: string;
    client: KubeClient;
    /** Stops kube-apiserver, then etcd, by PID; removes the directory unless `keep`. */
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

/** A minimal REST client for the test's own reads and the controller effects it plays. */
export class KubeClient {
    constructor(private readonly server: string, private readonly ca: string, private readonly token: string) {}

    /** Sends a request; resolves with status and parsed JSON body (or text). */
    request(method: string, urlPath: string, body?: unknown, contentType = "application/json"):
        Promise<{ status: number; body: any }> {
        const url = new URL(urlPath, this.server);
        const payload = body === undefined ? undefined : JSON.stringify(body);
        return new Promise((resolve, reject) => {
            const req = https.request(url, {
                method,
                ca: this.ca,
                headers: {
                    Authorization: `Bearer ${this.token}`,
                    Accept: "application/json",
                    ...(payload ? { "Content-Type": contentType, "Content-Length": Buffer.byteLength(payload) } : {}),
                },
            }, (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    let parsed: unknown = text;
                    try { parsed = JSON.parse(text); } catch { /* text answer, e.g. /readyz */ }
                    resolve({ status: res.statusCode ?? 0, body: parsed });
                });
            });
            req.on("error", reject);
            req.setTimeout(15000, () => req.destroy(new Error(`${method} ${urlPath}: timeout`)));
            if (payload) req.write(payload);
            req.end();
        });
    }

    /** GET that resolves to the object, or undefined on 404. */
    async get(urlPath: string): Promise<any | undefined> {
        const res = await this.request("GET", urlPath);
        if (res.status === 404) return undefined;
        if (res.status >= 300) throw new Error(`GET ${urlPath}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body;
    }

    /** Sends and throws unless 2xx. */
    async must(method: string, urlPath: string, body?: unknown, contentType?: string): Promise<any> {
        const res = await this.request(method, urlPath, body, contentType);
        if (res.status >= 300) throw new Error(`${method} ${urlPath}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body;
    }
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

/** Starts etcd and kube-apiserver; resolves when `/readyz` answers `ok` (throws, after stopping both, if not). */
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
        // Nothing creates `default` ServiceAccounts without kube-controller-manager.
        "--disable-admission-plugins=ServiceAccount",
        "--allow-privileged=true",
        // No garbage collector runs: without this, foreground deletes would wait forever on their finalizer.
        "--enable-garbage-collector=false",
    ], path.join(dir, "kube-apiserver.log"));

    const ca = fs.readFileSync(path.join(dir, "ca.crt"), "utf8");
    const server = `https://127.0.0.1:${apiPort}`;
    const client = new KubeClient(server, ca, token);
    const kubeconfig = kubeconfigYaml(server, ca, token);
    fs.writeFileSync(path.join(dir, "kubeconfig"), kubeconfig, { mode: 0o600 });

    let stopped = false;
    const stop = async (keep = false) => {
        if (stopped) return;
        stopped = true;
        process.removeListener("exit", onExit);
        killByPid(apiserver.pid);
        await waitForExit(apiserver, 10000);
        killByPid(etcd.pid);
        await waitForExit(etcd, 10000);
        if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    };
    const onExit = () => { killByPid(apiserver.pid, "SIGKILL"); killByPid(etcd.pid, "SIGKILL"); };
    process.on("exit", onExit);
    // An interrupted run (Ctrl-C, a CI timeout) stops both servers too.
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
        process.once(signal, () => { onExit(); process.exit(130); });
    }

    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const exited = [etcd, apiserver].find((c) => c.exitCode !== null);
        if (exited) {
            await stop(true);
            throw new Error(`${exited === etcd ? "etcd" : "kube-apiserver"} exited (${exited.exitCode}); logs in ${dir}`);
        }
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
    return { server, kubeconfig, dir, client, stop };
}

/**
 * Plays the namespace controller and the garbage collector for namespaces: a namespace being deleted keeps its
 * `kubernetes` finalizer (spec) until the namespace controller empties it, and a foreground delete (the provider's
 * default) adds the `foregroundDeletion` finalizer (metadata), which the namespace registry sets even with the
 * garbage collector off. This finalizes every Terminating namespace it sees, until stopped, without emptying it.
 */
export function finalizeTerminatingNamespaces(client: KubeClient, everyMs = 500): () => void {
    let running = true;
    const loop = async () => {
        while (running) {
            try {
                const list = await client.get("/api/v1/namespaces");
                for (const ns of list?.items ?? []) {
                    if (!ns.metadata.deletionTimestamp) continue;
                    if ((ns.metadata.finalizers ?? []).length > 0) {
                        await client.request("PATCH", `/api/v1/namespaces/${ns.metadata.name}`,
                            { metadata: { finalizers: null } }, "application/merge-patch+json");
                    }
                    if ((ns.spec?.finalizers ?? []).length > 0) {
                        ns.spec.finalizers = [];
                        await client.request("PUT", `/api/v1/namespaces/${ns.metadata.name}/finalize`, ns);
                    }
                }
            } catch { /* the server may be stopping */ }
            await new Promise((r) => setTimeout(r, everyMs));
        }
    };
    void loop();
    return () => { running = false; };
}
