/**
 * A real container registry for the preflight image check: Debian's `docker-registry` (the CNCF
 * distribution registry) on 127.0.0.1 on a free port, with token authentication the way Docker Hub and
 * most registries do it: a 401 names a token realm, here a small token service in this process that
 * issues RS256 JWTs for one user, signed with a key whose certificate the registry trusts. Started per
 * suite, stopped by PID. Images are pushed through the registry API itself (`pushImage`).
 */
import { execFileSync, spawn } from "child_process";
import { createHash, createPrivateKey, createPublicKey, randomUUID, sign } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { freePort, stopProcess, waitFor, which } from "./servers";

/** A running registry. */
export interface RegistryServer {
    /** `127.0.0.1:<port>`: the registry host part of image references. */
    host: string;
    /** The one user the token service accepts. */
    username: string;
    /** Its password. */
    password: string;
    /** Stops the registry (by PID) and the token service, and removes the storage. */
    stop(): Promise<void>;
}

/** libtrust's key ID, which the registry matches with a token's `kid`: SHA-256 of the DER public key, 240 bits, base32, groups of 4. */
export function libtrustKeyId(publicKeyDer: Buffer): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const bytes = createHash("sha256").update(publicKeyDer).digest().subarray(0, 30);
    let bits = "";
    for (const byte of bytes) bits += byte.toString(2).padStart(8, "0");
    let encoded = "";
    for (let i = 0; i < bits.length; i += 5) encoded += alphabet[parseInt(bits.slice(i, i + 5), 2)];
    return encoded.match(/.{4}/g)!.join(":");
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/** Starts the registry and its token service. */
export async function startRegistry(): Promise<RegistryServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-registry-"));
    const key = path.join(dir, "token.key");
    const cert = path.join(dir, "token.crt");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=preflight-token"], { stdio: "ignore" });
    const privateKey = createPrivateKey(fs.readFileSync(key));
    const kid = libtrustKeyId(createPublicKey(privateKey).export({ type: "spki", format: "der" }));
    const username = "puller";
    const password = `pw-${randomUUID()}`;
    const service = "preflight-registry";
    const issuer = "preflight-token-service";

    const tokens = http.createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const expected = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
        if (req.headers.authorization !== expected) {
            res.writeHead(401, { "Content-Type": "application/json" }).end('{"details":"invalid credentials"}');
            return;
        }
        const access = url.searchParams.getAll("scope").map((scope) => {
            const [type, name, actions] = scope.split(":");
            return { type, name, actions: actions.split(",") };
        });
        const now = Math.floor(Date.now() / 1000);
        const header = base64url(JSON.stringify({ typ: "JWT", alg: "RS256", kid }));
        const claims = base64url(JSON.stringify({ iss: issuer, sub: username, aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access }));
        const signature = base64url(sign("sha256", Buffer.from(`${header}.${claims}`), privateKey));
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ token: `${header}.${claims}.${signature}` }));
    });
    const tokenPort = await freePort();
    await new Promise<void>((resolve) => tokens.listen(tokenPort, "127.0.0.1", resolve));

    const port = await freePort();
    const config = path.join(dir, "config.yml");
    fs.writeFileSync(
        config,
        [
            "version: 0.1",
            "log: {level: error}",
            `storage: {filesystem: {rootdirectory: ${path.join(dir, "data")}}}`,
            `http: {addr: "127.0.0.1:${port}"}`,
            "auth:",
            "  token:",
            `    realm: http://127.0.0.1:${tokenPort}/token`,
            `    service: ${service}`,
            `    issuer: ${issuer}`,
            `    rootcertbundle: ${cert}`,
            "",
        ].join("\n"),
    );
    const log = fs.openSync(path.join(dir, "registry.log"), "a");
    const child = spawn(which("docker-registry") as string, ["serve", config], { stdio: ["ignore", log, log] });
    const stop = async () => {
        await stopProcess(child);
        await new Promise<void>((resolve) => tokens.close(() => resolve()));
        fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
        await waitFor("docker-registry", 20_000, async () => {
            if (child.exitCode !== null) {
                throw new Error(`docker-registry exited: ${fs.readFileSync(path.join(dir, "registry.log"), "utf8").slice(-500)}`);
            }
            return (await fetch(`http://127.0.0.1:${port}/v2/`)).status === 401;
        });
    } catch (error) {
        await stop();
        throw error;
    }
    return { host: `127.0.0.1:${port}`, username, password, stop };
}

/** A bearer token for `scope` from the registry's token realm (the 401 on `/v2/` names it). */
async function token(registry: RegistryServer, scope: string): Promise<string> {
    const challenge = (await fetch(`http://${registry.host}/v2/`)).headers.get("www-authenticate") ?? "";
    const realm = /realm="([^"]+)"/.exec(challenge)?.[1];
    const service = /service="([^"]+)"/.exec(challenge)?.[1];
    const url = `${realm}?service=${encodeURIComponent(service ?? "")}&scope=${encodeURIComponent(scope)}`;
    const response = await fetch(url, { headers: { Authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString("base64")}` } });
    return ((await response.json()) as { token: string }).token;
}

async function pushBlob(registry: RegistryServer, repository: string, auth: string, content: Buffer): Promise<{ digest: string; size: number }> {
    const digest = `sha256:${createHash("sha256").update(content).digest("hex")}`;
    const start = await fetch(`http://${registry.host}/v2/${repository}/blobs/uploads/`, { method: "POST", headers: { Authorization: auth } });
    if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status} ${await start.text()}`);
    const location = new URL(start.headers.get("location") as string, `http://${registry.host}`);
    location.searchParams.set("digest", digest);
    const put = await fetch(location, { method: "PUT", headers: { Authorization: auth, "Content-Type": "application/octet-stream" }, body: content });
    if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${await put.text()}`);
    return { digest, size: content.length };
}

/** Pushes a small image `repository:tag` (one config blob, one layer, a schema 2 manifest) through the registry API. */
export async function pushImage(registry: RegistryServer, repository: string, tag: string): Promise<void> {
    const auth = `Bearer ${await token(registry, `repository:${repository}:pull,push`)}`;
    const config = await pushBlob(registry, repository, auth, Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] } })));
    const layer = await pushBlob(registry, repository, auth, Buffer.from(`layer of ${repository}:${tag}`));
    const manifest = {
        schemaVersion: 2,
        mediaType: "application/vnd.docker.distribution.manifest.v2+json",
        config: { mediaType: "application/vnd.docker.container.image.v1+json", ...config },
        layers: [{ mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", ...layer }],
    };
    const put = await fetch(`http://${registry.host}/v2/${repository}/manifests/${tag}`, {
        method: "PUT",
        headers: { Authorization: auth, "Content-Type": manifest.mediaType },
        body: JSON.stringify(manifest),
    });
    if (put.status !== 201) throw new Error(`manifest push ${repository}:${tag}: HTTP ${put.status} ${await put.text()}`);
}
