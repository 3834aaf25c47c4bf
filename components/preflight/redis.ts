/** Redis preflight: connects (TLS and password as configured) and checks the server is Redis 7.x. */
import { isIP } from "net";
import Redis from "ioredis";
import { MIN_VERSIONS } from "../requirements";
import { parseVersion } from "../util/versions";
import { PreflightCheck, STEP_TIMEOUT_MS, oneLine, result, withTimeout } from "./types";

/** The Redis W&B will use. */
export interface RedisTarget {
    /** Host name or address. */
    host: string;
    /** Port. Default 6379. */
    port?: number;
    /** Password (`AUTH`), if the server requires one. */
    password?: string;
    /** Connect over TLS. */
    tls?: boolean;
    /** PEM CA bundle that signs the server certificate (implies TLS). */
    caCert?: string;
}

const service = "redis" as const;

/** Runs the Redis checks; never throws. */
export async function checkRedis(target: RedisTarget): Promise<PreflightCheck[]> {
    const tls = Boolean(target.tls || target.caCert);
    const where = `${tls ? "rediss" : "redis"}://${target.host}:${target.port ?? 6379}`;
    const client = new Redis({
        host: target.host,
        port: target.port ?? 6379,
        password: target.password,
        // SNI takes host names only (RFC 6066), not addresses.
        tls: tls ? { ca: target.caCert, servername: isIP(target.host) ? undefined : target.host } : undefined,
        lazyConnect: true,
        connectTimeout: STEP_TIMEOUT_MS,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
    });
    // ioredis reports why a connection closed (WRONGPASS, TLS errors) as "error" events; connect()
    // itself often only says "Connection is closed.". Keep the first one for the report.
    let firstError: unknown;
    client.on("error", (error: unknown) => {
        firstError ??= error;
    });
    try {
        let info: string;
        try {
            await withTimeout(`connecting to ${where}`, STEP_TIMEOUT_MS, () => client.connect());
            info = await withTimeout(`INFO on ${where}`, STEP_TIMEOUT_MS, () => client.info("server"));
        } catch (error) {
            const message = oneLine(/Connection is closed/.test(oneLine(error)) && firstError ? firstError : error);
            const fix = /NOAUTH|WRONGPASS|invalid password|AUTH/i.test(message)
                ? "set the Redis password W&B is given to the server's password (requirepass / ACL user)"
                : /certificate|SSL|TLS|EPROTO|wrong version number/i.test(message)
                    ? "match the TLS setting to the server (tls: true only for a TLS port) and give the CA that signs its certificate"
                    : "check host, port and TLS setting; the server must accept connections from the W&B pods";
            return [result(service, "connect", "fail", `${where}: ${message}`, "a reachable Redis that accepts the password", fix)];
        }
        const version = /^redis_version:(.+)$/m.exec(info)?.[1]?.trim() ?? "unknown";
        const major = parseVersion(version)?.[0];
        return [
            result(service, "connect", "pass", `${where}${target.password ? " (password accepted)" : ""}`, "a reachable Redis"),
            result(service, "version", major === MIN_VERSIONS.redisMajor ? "pass" : "fail", version, `Redis ${MIN_VERSIONS.redisMajor}.x`,
                `run Redis ${MIN_VERSIONS.redisMajor}.x (W&B supports Redis v${MIN_VERSIONS.redisMajor}.x)`),
        ];
    } finally {
        client.disconnect();
    }
}
