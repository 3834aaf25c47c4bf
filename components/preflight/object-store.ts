/**
 * Object-store preflight (S3 API, AWS SDK v3): the bucket exists, a presigned PUT then GET round-trips,
 * the bucket's CORS configuration allows the W&B host with GET/PUT/HEAD, a real CORS preflight
 * (OPTIONS) from that origin succeeds, and, with `tls`, the endpoint presents a trusted certificate.
 */
import * as http from "http";
import * as https from "https";
import { randomBytes } from "crypto";
import { PeerCertificate, TLSSocket } from "tls";
import {
    CORSRule,
    DeleteObjectCommand,
    GetBucketCorsCommand,
    GetObjectCommand,
    HeadBucketCommand,
    PutObjectCommand,
    S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { BUCKET_CORS } from "../requirements";
import { PreflightCheck, STEP_TIMEOUT_MS, oneLine, result } from "./types";

/** The bucket W&B will use. */
export interface ObjectStoreTarget {
    /** Bucket name. */
    bucket: string;
    /** S3-compatible endpoint: `host[:port]` or a URL. Absent for AWS S3 itself. */
    endpoint?: string;
    /** Use HTTPS for a `host[:port]` endpoint and check its certificate (the connection string's `?tls=true`). */
    tls?: boolean;
    /** Region. Default `us-east-1`. */
    region?: string;
    /** Access key; without it the AWS SDK's default credential chain is used. */
    accessKey?: string;
    /** Secret key. */
    secretKey?: string;
    /** PEM CA bundle that signs the endpoint's certificate. */
    caCert?: string;
    /** The W&B host (`https://wandb.example.com`): the browser origin CORS must allow. */
    origin: string;
}

const service = "object-store" as const;
const CORS_METHODS = BUCKET_CORS.allowedMethods;

/** Runs the object-store checks; never throws. */
export async function checkObjectStore(target: ObjectStoreTarget): Promise<PreflightCheck[]> {
    let endpoint: URL | undefined;
    let origin: string;
    try {
        origin = new URL(target.origin).origin;
        endpoint = target.endpoint ? new URL(/^[a-z]+:\/\//i.test(target.endpoint) ? target.endpoint : `${target.tls ? "https" : "http"}://${target.endpoint}`) : undefined;
    } catch (error) {
        return [result(service, "settings", "fail", oneLine(error), "a W&B host URL and an endpoint host[:port] or URL", "fix the bucket endpoint and the W&B host")];
    }
    const where = `${endpoint ? endpoint.origin : "AWS S3"}/${target.bucket}`;
    const agent = endpoint?.protocol === "https:" ? new https.Agent({ ca: target.caCert, keepAlive: false }) : undefined;
    const client = new S3Client({
        region: target.region ?? "us-east-1",
        endpoint: endpoint?.origin,
        forcePathStyle: endpoint !== undefined,
        credentials: target.accessKey ? { accessKeyId: target.accessKey, secretAccessKey: target.secretKey ?? "" } : undefined,
        maxAttempts: 1,
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
        requestHandler: { connectionTimeout: STEP_TIMEOUT_MS, requestTimeout: STEP_TIMEOUT_MS, httpsAgent: agent },
    });
    const checks: PreflightCheck[] = [];
    try {
        if (target.tls || endpoint?.protocol === "https:") {
            const tlsCheck = await checkTls(endpoint ?? new URL(`https://s3.${target.region ?? "us-east-1"}.amazonaws.com`), target.caCert);
            checks.push(tlsCheck);
            if (tlsCheck.status === "fail") {
                return checks;
            }
        }
        try {
            await client.send(new HeadBucketCommand({ Bucket: target.bucket }));
            checks.push(result(service, "bucket", "pass", `${where} exists and the credentials can read it`, "an existing bucket"));
        } catch (error) {
            checks.push(bucketFailure(error, where));
            return checks;
        }
        checks.push(await presignedRoundTrip(client, target, origin));
        checks.push(await corsConfiguration(client, target, origin));
        checks.push(await corsPreflight(client, target, origin));
        return checks;
    } finally {
        client.destroy();
        agent?.destroy();
    }
}

function bucketFailure(error: unknown, where: string): PreflightCheck {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const name = (error as { name?: string }).name;
    if (status === 404 || name === "NotFound" || name === "NoSuchBucket") {
        return result(service, "bucket", "fail", `${where} does not exist`, "an existing bucket", "create the bucket (W&B does not create it)");
    }
    if (status === 403 || status === 401) {
        return result(service, "bucket", "fail", `${where}: access denied (HTTP ${status})`, "credentials that can read and write the bucket", "check the access key and secret key and the bucket policy");
    }
    const measured = status ? `${where}: HTTP ${status} ${name ?? ""}`.trim() : `${where}: ${oneLine(error)}`;
    return result(service, "bucket", "fail", measured, "a reachable S3-compatible endpoint", "check the endpoint host, port and tls setting");
}

/** Presigned PUT, then presigned GET of the same object, compared byte for byte; the object is removed. */
async function presignedRoundTrip(client: S3Client, target: ObjectStoreTarget, origin: string): Promise<PreflightCheck> {
    const key = `wandb-preflight/${Date.now()}-${randomBytes(4).toString("hex")}.txt`;
    const body = `W&B preflight ${new Date().toISOString()}`;
    const expected = "a presigned PUT then GET returns the same bytes";
    try {
        const putUrl = await getSignedUrl(client, new PutObjectCommand({ Bucket: target.bucket, Key: key }), { expiresIn: 300 });
        const put = await request(putUrl, "PUT", { Origin: origin, "Content-Length": String(Buffer.byteLength(body)) }, target.caCert, body);
        if (put.status < 200 || put.status >= 300) {
            return result(service, "presigned PUT/GET", "fail", `PUT returned HTTP ${put.status}`, expected, "the credentials must allow PutObject, and the store must accept presigned (query-signed) URLs");
        }
        const getUrl = await getSignedUrl(client, new GetObjectCommand({ Bucket: target.bucket, Key: key }), { expiresIn: 300 });
        const get = await request(getUrl, "GET", { Origin: origin }, target.caCert);
        await client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: key })).catch(() => undefined);
        if (get.status !== 200 || get.body !== body) {
            return result(service, "presigned PUT/GET", "fail", `GET returned HTTP ${get.status}${get.status === 200 ? " with different bytes" : ""}`, expected,
                "the credentials must allow GetObject, and the store must serve presigned GET URLs");
        }
        return result(service, "presigned PUT/GET", "pass", `PUT ${put.status}, GET ${get.status}, ${body.length} bytes match`, expected);
    } catch (error) {
        return result(service, "presigned PUT/GET", "fail", oneLine(error), expected, "check that the endpoint is reachable from here");
    }
}

/** The bucket's CORS rules must allow the W&B origin with GET, PUT and HEAD and any header. */
async function corsConfiguration(client: S3Client, target: ObjectStoreTarget, origin: string): Promise<PreflightCheck> {
    const expected = `a rule allowing origin ${origin} with ${CORS_METHODS.join("/")} and headers *`;
    const fix = `add the CORS rule: AllowedOrigin ${origin}, AllowedMethod ${CORS_METHODS.join(", ")}, AllowedHeader *`;
    let rules: CORSRule[];
    try {
        rules = (await client.send(new GetBucketCorsCommand({ Bucket: target.bucket }))).CORSRules ?? [];
    } catch (error) {
        const name = (error as { name?: string }).name;
        return result(service, "CORS configuration", "fail", name === "NoSuchCORSConfiguration" ? "no CORS configuration" : oneLine(error), expected, fix);
    }
    const matching = rules.find((rule) => corsRuleAllows(rule, origin));
    const measured = rules.length === 0 ? "no rules" : rules.map(describeRule).join("; ");
    return result(service, "CORS configuration", matching ? "pass" : "fail", measured, expected, fix);
}

/** True when `rule` allows `origin` with every method W&B uses and any request header. */
export function corsRuleAllows(rule: CORSRule, origin: string): boolean {
    const origins = rule.AllowedOrigins ?? [];
    const originOk = origins.some((allowed) => allowed === "*" || allowed === origin || wildcardMatch(allowed, origin));
    const methods = (rule.AllowedMethods ?? []).map((m) => m.toUpperCase());
    return originOk && CORS_METHODS.every((m) => methods.includes(m)) && (rule.AllowedHeaders ?? []).includes("*");
}

function wildcardMatch(pattern: string, value: string): boolean {
    if (!pattern.includes("*")) {
        return false;
    }
    const regex = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    return new RegExp(`^${regex}$`).test(value);
}

function describeRule(rule: CORSRule): string {
    return `origins ${(rule.AllowedOrigins ?? []).join(",") || "-"} methods ${(rule.AllowedMethods ?? []).join(",") || "-"} headers ${(rule.AllowedHeaders ?? []).join(",") || "-"}`;
}

/** A browser's CORS preflight from the W&B origin, for each method W&B uses. */
async function corsPreflight(client: S3Client, target: ObjectStoreTarget, origin: string): Promise<PreflightCheck> {
    const expected = `OPTIONS from ${origin} answered 2xx with Access-Control-Allow-Origin for ${CORS_METHODS.join("/")}`;
    const fix = `allow origin ${origin} with ${CORS_METHODS.join(", ")} and headers * in the bucket's CORS configuration (and in any proxy in front of the store)`;
    try {
        const presigned = new URL(await getSignedUrl(client, new GetObjectCommand({ Bucket: target.bucket, Key: "wandb-preflight/cors-probe" }), { expiresIn: 60 }));
        const objectUrl = `${presigned.origin}${presigned.pathname}`;
        const outcomes: string[] = [];
        let ok = true;
        for (const method of CORS_METHODS) {
            const response = await request(objectUrl, "OPTIONS", {
                Origin: origin,
                "Access-Control-Request-Method": method,
                "Access-Control-Request-Headers": "content-type",
            }, target.caCert);
            const allowOrigin = header(response.headers["access-control-allow-origin"]);
            const allowMethods = header(response.headers["access-control-allow-methods"]);
            const allowed = response.status >= 200 && response.status < 300 && (allowOrigin === origin || allowOrigin === "*") &&
                (allowMethods === undefined || allowMethods.toUpperCase().split(/\s*,\s*/).includes(method));
            ok = ok && allowed;
            outcomes.push(`${method} ${response.status}${allowOrigin ? ` allow-origin ${allowOrigin}` : " no allow-origin"}`);
        }
        return result(service, "CORS preflight", ok ? "pass" : "fail", outcomes.join("; "), expected, fix);
    } catch (error) {
        return result(service, "CORS preflight", "fail", oneLine(error), expected, fix);
    }
}

/** Connects over HTTPS with certificate verification and reports the protocol and certificate. */
async function checkTls(endpoint: URL, caCert: string | undefined): Promise<PreflightCheck> {
    const expected = "HTTPS with a certificate trusted by the system CAs (or the given CA)";
    if (endpoint.protocol !== "https:") {
        return result(service, "TLS", "fail", `${endpoint.origin} is not an https endpoint`, expected, "use an https endpoint with tls=true, or drop tls=true");
    }
    try {
        const response = await request(endpoint.origin + "/", "HEAD", {}, caCert);
        const cert = response.certificate;
        const subject = [cert?.subject?.CN ?? "unknown subject"].flat().join(",");
        return result(service, "TLS", "pass", `${response.protocol ?? "TLS"}, certificate ${subject}, valid until ${cert?.valid_to ?? "?"}`, expected);
    } catch (error) {
        return result(service, "TLS", "fail", `${endpoint.origin}: ${oneLine(error)}`, expected,
            "serve the store over HTTPS with a certificate from a trusted CA (give its CA bundle if private), or drop tls=true");
    }
}

interface HttpResponse {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: string;
    protocol?: string;
    certificate?: PeerCertificate;
}

/** One HTTP(S) request with a deadline; `ca` adds a trusted CA for HTTPS. */
function request(url: string, method: string, headers: Record<string, string>, ca?: string, body?: string): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
        const target = new URL(url);
        const transport = target.protocol === "https:" ? https : http;
        const req = transport.request(target, { method, headers, ca, timeout: STEP_TIMEOUT_MS, agent: false }, (res) => {
            const socket = res.socket as TLSSocket;
            const protocol = typeof socket.getProtocol === "function" ? socket.getProtocol() ?? undefined : undefined;
            const certificate = typeof socket.getPeerCertificate === "function" ? socket.getPeerCertificate() : undefined;
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), protocol, certificate }));
            res.on("error", reject);
        });
        req.on("timeout", () => req.destroy(new Error(`${method} ${target.origin} timed out after ${STEP_TIMEOUT_MS / 1000} s`)));
        req.on("error", reject);
        req.end(body);
    });
}

function header(value: string | string[] | undefined): string | undefined {
    return Array.isArray(value) ? value.join(",") : value;
}
