/**
 * Checks that every image a deployment will run exists in the registry the cluster pulls from: one
 * manifest request per image (registry HTTP API v2, `HEAD /v2/<name>/manifests/<tag>`), with the token
 * flow registries use (a 401 names a Bearer realm; the token comes from it, with the pull credentials
 * as Basic auth when given) or Basic auth directly. One line per image.
 */
import * as http from "http";
import * as https from "https";
import { PreflightCheck, STEP_TIMEOUT_MS, oneLine, result } from "./types";

/** Pull credentials for one registry. */
export interface RegistryCredentials {
    /** User name (or robot account). */
    username: string;
    /** Password or token. */
    password: string;
}

/** What to check. */
export interface ImagesTarget {
    /** Image references (`wandb/local:0.83.0`, `registry.example.com:5000/wandb/local:0.83.0`). */
    images: string[];
    /** Pull credentials per registry host (`registry.example.com:5000`; Docker Hub is `docker.io`). */
    credentials?: Record<string, RegistryCredentials>;
    /** Registries served over plain HTTP (an internal mirror without TLS). */
    insecureRegistries?: string[];
    /** PEM CA bundle for registries with a private CA. */
    caCert?: string;
}

/** An image reference split the way container runtimes read it. */
export interface ParsedImage {
    /** Registry host as written (`docker.io` when none). */
    registry: string;
    /** Repository inside it (`library/nginx` for Docker Hub's `nginx`). */
    repository: string;
    /** Tag or digest. */
    reference: string;
}

/** Parses `[registry/]repository[:tag|@digest]`; the first part is a registry when it has a dot or a port, or is `localhost`. */
export function parseImageReference(image: string): ParsedImage {
    const [name, digest] = image.split("@");
    const slash = name.lastIndexOf("/");
    const colon = name.lastIndexOf(":");
    const path = colon > slash ? name.slice(0, colon) : name;
    const reference = digest ?? (colon > slash ? name.slice(colon + 1) : "latest");
    const first = path.split("/")[0];
    if (path.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost")) {
        return { registry: first, repository: path.slice(first.length + 1), reference };
    }
    return { registry: "docker.io", repository: path.includes("/") ? path : `library/${path}`, reference };
}

/** The API host of a registry (Docker Hub serves its API at registry-1.docker.io). */
function apiHost(registry: string): string {
    return registry === "docker.io" ? "registry-1.docker.io" : registry;
}

const MANIFEST_TYPES = [
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

interface Response {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: string;
}

function request(url: string, method: string, headers: Record<string, string>, caCert?: string): Promise<Response> {
    return new Promise((resolve, reject) => {
        const target = new URL(url);
        const client = target.protocol === "https:" ? https : http;
        const req = client.request(target, { method, headers, ca: caCert, timeout: STEP_TIMEOUT_MS }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => (body += body.length < 65536 ? chunk : ""));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on("timeout", () => req.destroy(new Error(`${target.host} did not answer within ${STEP_TIMEOUT_MS / 1000} s`)));
        req.on("error", reject);
        req.end();
    });
}

/** `Bearer realm="https://auth",service="registry",scope="repository:x:pull"` → scheme and parameters. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
    const space = header.indexOf(" ");
    const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
    const params: Record<string, string> = {};
    for (const match of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"/g)) {
        params[match[1]] = match[2];
    }
    return { scheme, params };
}

function basic(credentials: RegistryCredentials): string {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}

/** The outcome of one manifest request, in words. */
type Lookup = { found: true } | { found: false; why: string; fix: string };

async function lookUp(image: ParsedImage, target: ImagesTarget, tokens: Map<string, string>): Promise<Lookup> {
    const scheme = target.insecureRegistries?.includes(image.registry) ? "http" : "https";
    const url = `${scheme}://${apiHost(image.registry)}/v2/${image.repository}/manifests/${image.reference}`;
    const credentials = target.credentials?.[image.registry];
    const headers: Record<string, string> = { Accept: MANIFEST_TYPES };
    const cached = tokens.get(`${image.registry}/${image.repository}`);
    if (cached) headers.Authorization = cached;
    let response = await request(url, "HEAD", headers, target.caCert);
    if (response.status === 401) {
        const { scheme: authScheme, params } = parseChallenge(String(response.headers["www-authenticate"] ?? ""));
        let authorization: string | undefined;
        if (authScheme === "bearer" && params.realm) {
            const tokenUrl = new URL(params.realm);
            if (params.service) tokenUrl.searchParams.set("service", params.service);
            tokenUrl.searchParams.set("scope", params.scope ?? `repository:${image.repository}:pull`);
            const tokenResponse = await request(tokenUrl.toString(), "GET", credentials ? { Authorization: basic(credentials) } : {}, target.caCert);
            if (tokenResponse.status !== 200) {
                return {
                    found: false,
                    why: `the token service ${tokenUrl.host} refused ${credentials ? `user ${credentials.username}` : "anonymous pulls"} (HTTP ${tokenResponse.status})`,
                    fix: credentials ? "check the registry credentials" : `give pull credentials for ${image.registry}`,
                };
            }
            const body = JSON.parse(tokenResponse.body) as { token?: string; access_token?: string };
            authorization = `Bearer ${body.token ?? body.access_token ?? ""}`;
        } else if (authScheme === "basic" && credentials) {
            authorization = basic(credentials);
        } else {
            return { found: false, why: `${image.registry} needs credentials`, fix: `give pull credentials for ${image.registry}` };
        }
        tokens.set(`${image.registry}/${image.repository}`, authorization);
        response = await request(url, "HEAD", { ...headers, Authorization: authorization }, target.caCert);
    }
    if (response.status === 200) return { found: true };
    if (response.status === 404) {
        return { found: false, why: `not found in ${image.registry}`, fix: `push or mirror ${image.repository}:${image.reference} to ${image.registry}, or pin a tag that exists` };
    }
    if (response.status === 401 || response.status === 403) {
        return { found: false, why: `${image.registry} refused the pull (HTTP ${response.status})`, fix: `grant the pull credentials read access to ${image.repository}` };
    }
    return { found: false, why: `${image.registry} answered HTTP ${response.status}`, fix: "check the registry address" };
}

/** One check per image: `pass` when its manifest exists, `fail` with the reason otherwise. Never throws. */
export async function checkImages(target: ImagesTarget): Promise<PreflightCheck[]> {
    const tokens = new Map<string, string>();
    const checks: PreflightCheck[] = [];
    for (const image of [...new Set(target.images)]) {
        const parsed = parseImageReference(image);
        try {
            const lookup = await lookUp(parsed, target, tokens);
            checks.push(
                lookup.found
                    ? result("images", image, "pass", `present in ${parsed.registry}`, "the image in the registry the cluster pulls from")
                    : result("images", image, "fail", lookup.why, "the image in the registry the cluster pulls from", lookup.fix),
            );
        } catch (error) {
            checks.push(result("images", image, "fail", oneLine(error), `${parsed.registry} reachable`, "check the registry address and the network path to it"));
        }
    }
    return checks;
}
