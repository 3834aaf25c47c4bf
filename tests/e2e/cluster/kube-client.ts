/** A minimal REST client for the e2e tests' own reads and the played operator's writes (bearer token, cluster CA). */
import * as https from "https";

/** Talks to the cluster as its admin. */
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

    /** A JSON merge patch; throws unless 2xx. */
    patch(urlPath: string, body: unknown): Promise<any> {
        return this.must("PATCH", urlPath, body, "application/merge-patch+json");
    }

    /** Sends and throws unless 2xx. */
    async must(method: string, urlPath: string, body?: unknown, contentType?: string): Promise<any> {
        const res = await this.request(method, urlPath, body, contentType);
        if (res.status >= 300) throw new Error(`${method} ${urlPath}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body;
    }
}

/** Polls `probe` every `everyMs` until it returns a value other than undefined; throws `what` after `timeoutMs`. */
export async function waitUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, everyMs = 250): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError = "";
    for (;;) {
        try {
            const value = await probe();
            if (value !== undefined) return value;
        } catch (e) {
            lastError = String(e);
        }
        if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s${lastError ? ` (${lastError})` : ""}`);
        await new Promise((r) => setTimeout(r, everyMs));
    }
}
