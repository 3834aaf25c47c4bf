/**
 * Real servers for the preflight tests, started on 127.0.0.1 on free ports and stopped by PID:
 * MariaDB (Debian `mariadb-server`), Redis (Debian `redis-server`, optionally TLS + password), and
 * Ceph's RADOS Gateway (Debian `ceph-mon`/`ceph-osd`/`radosgw`: one mon, one memstore OSD, RGW).
 * `missing(...)` says which binaries are absent so tests can skip with that reason.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { randomUUID } from "crypto";

/** Directories searched for server binaries besides PATH (Debian puts daemons in sbin). */
const SBIN = ["/usr/sbin", "/usr/bin", "/sbin", "/usr/local/sbin", "/usr/local/bin"];

/** The absolute path of `binary`, or undefined. */
export function which(binary: string): string | undefined {
    const dirs = [...(process.env.PATH ?? "").split(path.delimiter), ...SBIN].filter((d) => d !== "");
    return dirs.map((d) => path.join(d, binary)).find((file) => {
        try {
            fs.accessSync(file, fs.constants.X_OK);
            return true;
        } catch {
            return false;
        }
    });
}

/** The binaries of `binaries` that are not installed; empty when all are. */
export function missing(...binaries: string[]): string[] {
    return binaries.filter((b) => which(b) === undefined);
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

/** Polls `probe` until it resolves true, or throws after `ms`. */
export async function waitFor(what: string, ms: number, probe: () => Promise<boolean> | boolean): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
        try {
            if (await probe()) {
                return;
            }
        } catch {
            // not up yet
        }
        if (Date.now() > deadline) {
            throw new Error(`${what} did not come up within ${ms / 1000} s`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
}

function portOpen(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect(port, "127.0.0.1");
        socket.once("connect", () => {
            socket.destroy();
            resolve(true);
        });
        socket.once("error", () => resolve(false));
    });
}

/** Sends SIGTERM to `child` and waits for it to exit (SIGKILL after `ms`). */
export async function stopProcess(child: ChildProcess | undefined, ms = 5000): Promise<void> {
    if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
        return;
    }
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    process.kill(child.pid, "SIGTERM");
    const timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
            process.kill(child.pid, "SIGKILL");
        }
    }, ms);
    await exited;
    clearTimeout(timer);
}

function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function logTo(dir: string, name: string): number {
    return fs.openSync(path.join(dir, `${name}.log`), "a");
}

// ---------------------------------------------------------------------------------------------
// MariaDB

/** A running MariaDB server. */
export interface MariaDbServer {
    /** TCP port on 127.0.0.1. */
    port: number;
    /** Unix socket for root (no password). */
    socket: string;
    /** Stops the server by its PID and removes its data directory. */
    stop(): Promise<void>;
}

/** Starts `mariadbd` with `settings` in its config file (`key=value` lines, e.g. the W&B parameters). */
export async function startMariaDb(settings: Record<string, string | number> = {}): Promise<MariaDbServer> {
    const dir = tempDir("preflight-mariadb-");
    const data = path.join(dir, "data");
    const socket = path.join(dir, "mysqld.sock");
    const port = await freePort();
    const asRoot = process.getuid?.() === 0;
    fs.mkdirSync(data);
    if (asRoot) {
        // mariadbd refuses to run as root; the Debian package creates the mysql user.
        execFileSync("chown", ["-R", "mysql:mysql", dir]);
        fs.chmodSync(dir, 0o755);
    }
    const user = asRoot ? ["--user=mysql"] : [];
    execFileSync(which("mariadb-install-db") as string, [...user, `--datadir=${data}`, "--auth-root-authentication-method=normal", "--skip-test-db"], { stdio: "ignore" });
    const cnf = path.join(dir, "my.cnf");
    const lines = ["[mariadbd]", "bind-address=127.0.0.1", `port=${port}`, `socket=${socket}`, `datadir=${data}`, `pid-file=${path.join(dir, "mysqld.pid")}`,
        "skip-name-resolve", ...Object.entries(settings).map(([k, v]) => `${k}=${v}`)];
    fs.writeFileSync(cnf, lines.join("\n") + "\n");
    const child = spawn(which("mariadbd") as string, [`--defaults-file=${cnf}`, ...user, `--log-error=${path.join(dir, "error.log")}`], {
        stdio: ["ignore", logTo(dir, "stdout"), logTo(dir, "stderr")],
    });
    const stop = async () => {
        await stopProcess(child, 10_000);
        fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
        await waitFor("mariadbd", 20_000, async () => {
            if (child.exitCode !== null) {
                throw new Error(`mariadbd exited: ${fs.readFileSync(path.join(dir, "error.log"), "utf8").slice(-500)}`);
            }
            return fs.existsSync(socket) && (await portOpen(port));
        });
    } catch (error) {
        await stop();
        throw error;
    }
    return { port, socket, stop };
}

// ---------------------------------------------------------------------------------------------
// Redis

/** A running Redis server. */
export interface RedisServer {
    /** TCP (or TLS) port on 127.0.0.1. */
    port: number;
    /** PEM of the self-signed CA/certificate, when started with TLS. */
    caCert?: string;
    /** Stops the server by its PID. */
    stop(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1/localhost, made with openssl. */
export function selfSignedCertificate(dir: string): { cert: string; key: string; certPem: string } {
    const cert = path.join(dir, "cert.pem");
    const key = path.join(dir, "key.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], { stdio: "ignore" });
    return { cert, key, certPem: fs.readFileSync(cert, "utf8") };
}

/** Starts `redis-server` on 127.0.0.1, with `requirepass` and/or TLS when asked. */
export async function startRedis(options: { password?: string; tls?: boolean } = {}): Promise<RedisServer> {
    const dir = tempDir("preflight-redis-");
    const port = await freePort();
    const args = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir];
    let caCert: string | undefined;
    if (options.tls) {
        const tls = selfSignedCertificate(dir);
        caCert = tls.certPem;
        args.push("--port", "0", "--tls-port", String(port), "--tls-cert-file", tls.cert, "--tls-key-file", tls.key, "--tls-ca-cert-file", tls.cert, "--tls-auth-clients", "no");
    } else {
        args.push("--port", String(port));
    }
    if (options.password) {
        args.push("--requirepass", options.password);
    }
    const child = spawn(which("redis-server") as string, args, { stdio: ["ignore", logTo(dir, "stdout"), logTo(dir, "stderr")] });
    const stop = async () => {
        await stopProcess(child);
        fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
        await waitFor("redis-server", 10_000, () => {
            if (child.exitCode !== null) {
                throw new Error("redis-server exited");
            }
            return portOpen(port);
        });
    } catch (error) {
        await stop();
        throw error;
    }
    return { port, caCert, stop };
}

// ---------------------------------------------------------------------------------------------
// Ceph RADOS Gateway

/** A running single-node Ceph cluster with RGW. */
export interface RgwServer {
    /** RGW's HTTP endpoint, `http://127.0.0.1:<port>`. */
    endpoint: string;
    /** Access key of the S3 user. */
    accessKey: string;
    /** Secret key of the S3 user. */
    secretKey: string;
    /** Stops rgw, then the OSD, then the mon, each by its PID (in that order, or the OSD ignores SIGTERM). */
    stop(): Promise<void>;
}

/** The binaries an RGW cluster needs. */
export const RGW_BINARIES = ["ceph-mon", "ceph-osd", "radosgw", "ceph", "ceph-authtool", "monmaptool", "radosgw-admin"];

/**
 * Starts one mon, one memstore OSD and radosgw, all on 127.0.0.1 with cephx (as in
 * shared/research/realparts.md §5a), and creates an S3 user. Takes about 13 s.
 */
export async function startRgw(): Promise<RgwServer> {
    const dir = tempDir("preflight-ceph-");
    const [monV2, monV1, rgwPort, osdMin] = [await freePort(), await freePort(), await freePort(), 30000 + Math.floor(Math.random() * 20000)];
    const fsid = randomUUID();
    const conf = path.join(dir, "ceph.conf");
    fs.mkdirSync(path.join(dir, "run"));
    fs.mkdirSync(path.join(dir, "log"));
    fs.mkdirSync(path.join(dir, "mon"));
    fs.mkdirSync(path.join(dir, "osd", "ceph-0"), { recursive: true });
    fs.writeFileSync(conf, `[global]
fsid = ${fsid}
mon host = [v2:127.0.0.1:${monV2},v1:127.0.0.1:${monV1}]
public network = 127.0.0.0/8
ms bind ipv6 = false
ms bind port min = ${osdMin}
ms bind port max = ${osdMin + 40}
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
keyring = ${dir}/$name.keyring
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
mon data avail warn = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon max pg per osd = 1000
osd crush chooseleaf type = 0
run dir = ${dir}/run
admin socket = ${dir}/run/$name.asok
log file = ${dir}/log/$name.log
mon data = ${dir}/mon/$cluster-$id
osd data = ${dir}/osd/$cluster-$id
osd objectstore = memstore
memstore device bytes = 1073741824
[client.rgw.test]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
rgw data = ${dir}/rgw
`);
    const run = (binary: string, args: string[]) => execFileSync(which(binary) as string, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"], timeout: 30_000 }).toString();
    const children: ChildProcess[] = [];
    const daemon = (binary: string, args: string[], name: string) => {
        const child = spawn(which(binary) as string, args, { cwd: dir, stdio: ["ignore", logTo(dir, name), logTo(dir, name)] });
        children.unshift(child); // stop in reverse start order
        return child;
    };
    const stop = async () => {
        for (const child of children) {
            await stopProcess(child, 5000);
        }
        fs.rmSync(dir, { recursive: true, force: true });
    };
    const accessKey = "WANDBPREFLIGHTKEY";
    const secretKey = "wandb-preflight-secret-key";
    try {
        run("ceph-authtool", ["--create-keyring", "mon..keyring", "--gen-key", "-n", "mon.", "--cap", "mon", "allow *"]);
        run("ceph-authtool", ["--create-keyring", "client.admin.keyring", "--gen-key", "-n", "client.admin", "--cap", "mon", "allow *", "--cap", "osd", "allow *", "--cap", "mgr", "allow *", "--cap", "mds", "allow *"]);
        run("ceph-authtool", ["mon..keyring", "--import-keyring", "client.admin.keyring"]);
        run("monmaptool", ["--create", "--addv", "a", `[v2:127.0.0.1:${monV2},v1:127.0.0.1:${monV1}]`, "--fsid", fsid, "monmap"]);
        run("ceph-mon", ["-c", conf, "--mkfs", "-i", "a", "--monmap", "monmap", "--keyring", "mon..keyring"]);
        fs.copyFileSync(path.join(dir, "mon..keyring"), path.join(dir, "mon.a.keyring"));
        daemon("ceph-mon", ["-c", conf, "-i", "a", "-f"], "mon");
        await waitFor("ceph-mon", 20_000, () => run("timeout", ["5", which("ceph") as string, "-c", conf, "mon", "stat"]).length > 0);
        const osdUuid = randomUUID();
        run("ceph", ["-c", conf, "osd", "new", osdUuid]);
        run("ceph", ["-c", conf, "auth", "get-or-create", "osd.0", "mon", "allow profile osd", "mgr", "allow profile osd", "osd", "allow *", "-o", "osd.0.keyring"]);
        run("ceph-osd", ["-c", conf, "-i", "0", "--mkfs", "--osd-uuid", osdUuid]);
        daemon("ceph-osd", ["-c", conf, "-i", "0", "-f"], "osd");
        await waitFor("ceph-osd", 30_000, () => / 1 up/.test(run("timeout", ["5", which("ceph") as string, "-c", conf, "osd", "stat"])));
        run("ceph", ["-c", conf, "auth", "get-or-create", "client.rgw.test", "mon", "allow rw", "osd", "allow rwx", "mgr", "allow rw", "-o", "client.rgw.test.keyring"]);
        daemon("radosgw", ["-c", conf, "-n", "client.rgw.test", "-f"], "rgw");
        await waitFor("radosgw", 45_000, () => portOpen(rgwPort));
        run("radosgw-admin", ["-c", conf, "user", "create", "--uid=wandb", "--display-name=wandb", `--access-key=${accessKey}`, `--secret-key=${secretKey}`]);
    } catch (error) {
        await stop();
        throw error;
    }
    return { endpoint: `http://127.0.0.1:${rgwPort}`, accessKey, secretKey, stop };
}

// ---------------------------------------------------------------------------------------------
// s3rver (npm): a fast S3 emulator; it does not verify SigV4 signatures, so signing is tested on RGW.

/** A running s3rver. */
export interface S3rverServer {
    /** `http(s)://127.0.0.1:<port>`. */
    endpoint: string;
    /** s3rver's built-in account. */
    accessKey: string;
    /** Its secret (s3rver does not check it). */
    secretKey: string;
    /** PEM of the self-signed certificate, when started with TLS. */
    caCert?: string;
    /** Stops it by its PID and removes its data. */
    stop(): Promise<void>;
}

/** The CORS configuration XML the docs give, for `origin` (`methods` default GET/PUT/HEAD). */
export function corsXml(origin: string, methods: string[] = ["GET", "PUT", "HEAD"]): string {
    return `<?xml version="1.0" encoding="UTF-8"?>
<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
<CORSRule>
    <AllowedOrigin>${origin}</AllowedOrigin>
${methods.map((m) => `    <AllowedMethod>${m}</AllowedMethod>`).join("\n")}
    <AllowedHeader>*</AllowedHeader>
</CORSRule>
</CORSConfiguration>
`;
}

/** Starts s3rver (`node_modules/s3rver/bin/s3rver.js`) with `buckets` (name → CORS XML or null for none). */
export async function startS3rver(buckets: Record<string, string | null>, options: { tls?: boolean } = {}): Promise<S3rverServer> {
    const dir = tempDir("preflight-s3rver-");
    const port = await freePort();
    const args = [require.resolve("s3rver/bin/s3rver.js"), "-d", path.join(dir, "data"), "-a", "127.0.0.1", "-p", String(port), "--silent"];
    for (const [name, cors] of Object.entries(buckets)) {
        args.push("--configure-bucket", name);
        if (cors !== null) {
            const file = path.join(dir, `${name}-cors.xml`);
            fs.writeFileSync(file, cors);
            args.push(file);
        }
    }
    let caCert: string | undefined;
    if (options.tls) {
        const tls = selfSignedCertificate(dir);
        caCert = tls.certPem;
        args.push("--key", tls.key, "--cert", tls.cert);
    }
    const child = spawn(process.execPath, args, { stdio: ["ignore", logTo(dir, "stdout"), logTo(dir, "stderr")] });
    const stop = async () => {
        await stopProcess(child);
        fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
        await waitFor("s3rver", 15_000, () => {
            if (child.exitCode !== null) {
                throw new Error(`s3rver exited: ${fs.readFileSync(path.join(dir, "stderr.log"), "utf8").slice(-500)}`);
            }
            return portOpen(port);
        });
    } catch (error) {
        await stop();
        throw error;
    }
    return { endpoint: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`, accessKey: "S3RVER", secretKey: "S3RVER", caCert, stop };
}

/**
 * In a mocha `before` hook: skips the suite, saying which binaries are missing and which apt packages
 * provide them, unless `WANDB_REQUIRE_REAL_SERVERS=1` (set by .ci/run): then a
 * missing binary fails the suite instead of hiding it.
 */
export function requireBinaries(context: Mocha.Context, binaries: string[], aptPackages: string): void {
    const absent = missing(...binaries);
    if (absent.length === 0) {
        return;
    }
    const reason = `${absent.join(", ")} not installed (apt-get install ${aptPackages}; npm test installs them when run as root or with sudo, see tests/setup/servers.sh)`;
    if (process.env.WANDB_REQUIRE_REAL_SERVERS === "1") {
        throw new Error(`WANDB_REQUIRE_REAL_SERVERS=1 but ${reason}`);
    }
    console.log(`      skipped: ${reason}`);
    context.skip();
}
