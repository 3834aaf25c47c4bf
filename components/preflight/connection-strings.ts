/**
 * Connection strings for preflight targets, in the forms W&B's own settings use:
 * `mysql://user:password@host:port/database[?tls=true]`, `redis://[:password@]host:port[?tls=true]`
 * (or `rediss://`), and the bucket string `s3://ACCESS_KEY:SECRET_KEY@HOST/BUCKET[?tls=true&region=…]`.
 * A malformed string throws `PreflightInputError` with one line that names the problem (never the secret).
 */
import { MYSQL_DATABASE } from "../requirements";
import { MysqlTarget } from "./mysql";
import { ObjectStoreTarget } from "./object-store";
import { RedisTarget } from "./redis";

/** Bad preflight input: the message is one line, safe to print. */
export class PreflightInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PreflightInputError";
    }
}

/** Parses `mysql://user:password@host:port/database?tls=true`. */
export function parseMysqlUrl(text: string): MysqlTarget {
    const url = parse("--mysql", text, ["mysql:"], "mysql://user:password@host:3306/wandb_local");
    if (!url.username) {
        throw new PreflightInputError(`--mysql: no user in ${redact(url)} (expected mysql://user:password@host:3306/wandb_local)`);
    }
    return {
        host: url.hostname,
        port: port(url, 3306),
        user: decodeURIComponent(url.username),
        password: url.password ? decodeURIComponent(url.password) : undefined,
        database: url.pathname.replace(/^\//, "") || MYSQL_DATABASE.name,
        tls: url.searchParams.get("tls") === "true",
    };
}

/** Parses `redis://:password@host:port?tls=true` or `rediss://…`. */
export function parseRedisUrl(text: string): RedisTarget {
    const url = parse("--redis", text, ["redis:", "rediss:"], "redis://:password@host:6379");
    return {
        host: url.hostname,
        port: port(url, 6379),
        password: url.password ? decodeURIComponent(url.password) : undefined,
        tls: url.protocol === "rediss:" || url.searchParams.get("tls") === "true",
    };
}

/** Parses W&B's bucket string `s3://ACCESS:SECRET@HOST/BUCKET?tls=true&region=…` (`s3://BUCKET` for AWS S3). */
export function parseBucketUrl(text: string, origin: string): ObjectStoreTarget {
    const url = parse("--bucket", text, ["s3:"], "s3://ACCESS_KEY:SECRET_KEY@host:9000/bucket?tls=true");
    const credentials = url.username
        ? { accessKey: decodeURIComponent(url.username), secretKey: decodeURIComponent(url.password) }
        : {};
    const bucketFromPath = url.pathname.replace(/^\/+|\/+$/g, "");
    const region = url.searchParams.get("region") ?? undefined;
    const tls = url.searchParams.get("tls") === "true";
    if (!url.username && !bucketFromPath) {
        return { bucket: url.hostname, region, tls, origin };
    }
    if (!bucketFromPath) {
        throw new PreflightInputError(`--bucket: no bucket name in ${redact(url)} (expected s3://ACCESS_KEY:SECRET_KEY@host/bucket)`);
    }
    return { bucket: bucketFromPath.split("/")[0], endpoint: url.host, tls, region, origin, ...credentials };
}

function parse(flag: string, text: string, protocols: string[], example: string): URL {
    let url: URL;
    try {
        url = new URL(text);
    } catch {
        throw new PreflightInputError(`${flag}: not a URL (expected ${example})`);
    }
    if (!protocols.includes(url.protocol)) {
        throw new PreflightInputError(`${flag}: scheme ${url.protocol.replace(/:$/, "")} is not ${protocols.map((p) => p.replace(/:$/, "")).join(" or ")} (expected ${example})`);
    }
    if (!url.hostname) {
        throw new PreflightInputError(`${flag}: no host in ${redact(url)} (expected ${example})`);
    }
    return url;
}

function port(url: URL, fallback: number): number {
    return url.port ? Number(url.port) : fallback;
}

/** The URL with its password hidden, for messages. */
function redact(url: URL): string {
    const copy = new URL(url.href);
    if (copy.password) {
        copy.password = "***";
    }
    return copy.href;
}
