/**
 * MySQL preflight: connects, then checks the server version, the six parameters W&B requires, the
 * database's character set and the user's grants.
 */
import { Connection, createConnection, RowDataPacket } from "mysql2/promise";
import { MIN_VERSIONS, MYSQL_DATABASE, MYSQL_PARAMETERS, MysqlParameterName } from "../requirements";
import { compareVersions, parseVersion, versionAtLeast } from "../util/versions";
import { PreflightCheck, STEP_TIMEOUT_MS, oneLine, result, withTimeout } from "./types";

/** The MySQL server W&B will use. */
export interface MysqlTarget {
    /** Host name or address. */
    host: string;
    /** Port. Default 3306. */
    port?: number;
    /** User W&B connects as. */
    user: string;
    /** Its password. */
    password?: string;
    /** The W&B database. Default `wandb_local`. */
    database?: string;
    /** Connect over TLS. */
    tls?: boolean;
    /** PEM CA bundle that signs the server certificate (implies TLS). */
    caCert?: string;
}

/** The privileges `GRANT ALL` gives that W&B's migrations and runtime use. */
const REQUIRED_PRIVILEGES = ["SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "INDEX", "REFERENCES"];

const service = "mysql" as const;

/** Runs every MySQL check; never throws (a connection failure is a failed `connect` check). */
export async function checkMysql(target: MysqlTarget): Promise<PreflightCheck[]> {
    const database = target.database ?? MYSQL_DATABASE.name;
    const where = `${target.user}@${target.host}:${target.port ?? 3306}`;
    let connection: Connection;
    try {
        connection = await withTimeout(`connecting to ${where}`, STEP_TIMEOUT_MS, () =>
            createConnection({
                host: target.host,
                port: target.port ?? 3306,
                user: target.user,
                password: target.password,
                connectTimeout: STEP_TIMEOUT_MS,
                ssl: target.tls || target.caCert ? { ca: target.caCert, rejectUnauthorized: true } : undefined,
            }),
        );
    } catch (error) {
        return [result(service, "connect", "fail", `${where}: ${oneLine(error)}`, "a reachable MySQL 8 server that accepts the user and password",
            "check host, port, user and password (and TLS settings); the server must accept connections from the W&B pods")];
    }
    try {
        const checks = [result(service, "connect", "pass", where, "a reachable MySQL 8 server")];
        checks.push(await versionCheck(connection));
        checks.push(...(await parameterChecks(connection)));
        checks.push(await charsetCheck(connection, database));
        checks.push(await grantsCheck(connection, database, target.user));
        return checks;
    } catch (error) {
        return [result(service, "query", "fail", oneLine(error), "the user can run SELECT VERSION(), SHOW VARIABLES and SHOW GRANTS", "grant the user access to the server")];
    } finally {
        connection.destroy();
    }
}

/** Version rule: MySQL 8.0.x, at least 8.0.32, 8.0.44 or newer recommended. MariaDB is not MySQL. */
export function judgeMysqlVersion(version: string): Pick<PreflightCheck, "status" | "fix"> {
    const expected = `MySQL 8.0.x, >= ${MIN_VERSIONS.mysql}`;
    const parts = parseVersion(version);
    if (/mariadb/i.test(version) || parts === null || parts[0] !== 8 || parts[1] !== 0) {
        return { status: "fail", fix: `run ${expected} (${MIN_VERSIONS.mysqlRecommended} or newer recommended); ${/mariadb/i.test(version) ? "MariaDB is not supported" : "other major versions are not supported"}` };
    }
    if (!versionAtLeast(version, MIN_VERSIONS.mysql)) {
        return { status: "fail", fix: `upgrade MySQL to ${MIN_VERSIONS.mysqlRecommended} or newer (at least ${MIN_VERSIONS.mysql})` };
    }
    if (compareVersions(version, MIN_VERSIONS.mysqlRecommended) < 0) {
        return { status: "warn", fix: `upgrade MySQL to ${MIN_VERSIONS.mysqlRecommended} or newer (recommended)` };
    }
    return { status: "pass" };
}

async function versionCheck(connection: Connection): Promise<PreflightCheck> {
    const [rows] = await connection.query<RowDataPacket[]>("SELECT VERSION() AS version");
    const version = String(rows[0].version);
    const { status, fix } = judgeMysqlVersion(version);
    return result(service, "version", status, version, `MySQL 8.0.x, >= ${MIN_VERSIONS.mysql} (>= ${MIN_VERSIONS.mysqlRecommended} recommended)`, fix);
}

async function parameterChecks(connection: Connection): Promise<PreflightCheck[]> {
    const names = Object.keys(MYSQL_PARAMETERS) as MysqlParameterName[];
    const [rows] = await connection.query<RowDataPacket[]>("SHOW GLOBAL VARIABLES WHERE Variable_name IN (?)", [names]);
    const actual = new Map(rows.map((row) => [String(row.Variable_name).toLowerCase(), String(row.Value)]));
    return names.map((name) => {
        const want = MYSQL_PARAMETERS[name];
        const got = actual.get(name);
        const ok = got !== undefined && got.toUpperCase() === want.toUpperCase();
        return result(service, `parameter ${name}`, ok ? "pass" : "fail", got ?? "not reported by the server", want,
            `set ${name} = ${/^\d+$/.test(want) ? want : `'${want}'`} in the server's parameter group / my.cnf (SET GLOBAL is lost on restart)`);
    });
}

async function charsetCheck(connection: Connection, database: string): Promise<PreflightCheck> {
    const [rows] = await connection.query<RowDataPacket[]>(
        "SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
        [database],
    );
    const create = `CREATE DATABASE ${database} CHARACTER SET ${MYSQL_DATABASE.charset} COLLATE ${MYSQL_DATABASE.collation}`;
    if (rows.length === 0) {
        return result(service, `database ${database}`, "fail", "does not exist (or the user cannot see it)", `database ${database} in ${MYSQL_DATABASE.charset}`, create);
    }
    const { charset, collation } = rows[0];
    return result(service, `database ${database}`, charset === MYSQL_DATABASE.charset ? "pass" : "fail", `${charset} / ${collation}`,
        `character set ${MYSQL_DATABASE.charset}`, `ALTER DATABASE ${database} CHARACTER SET ${MYSQL_DATABASE.charset} COLLATE ${MYSQL_DATABASE.collation}`);
}

async function grantsCheck(connection: Connection, database: string, user: string): Promise<PreflightCheck> {
    const [rows] = await connection.query<RowDataPacket[]>("SHOW GRANTS FOR CURRENT_USER()");
    const grants = rows.map((row) => String(Object.values(row)[0]));
    const missing = missingPrivileges(grants, database);
    return result(service, "grants", missing.length === 0 ? "pass" : "fail",
        missing.length === 0 ? `all needed privileges on ${database}.*` : `missing ${missing.join(", ")} on ${database}.*`,
        `ALL on ${database}.*`, `GRANT ALL ON ${database}.* TO '${user}'@'%' WITH GRANT OPTION`);
}

/** The privileges W&B needs on `database.*` that `grants` (SHOW GRANTS lines) do not give. */
export function missingPrivileges(grants: string[], database: string): string[] {
    const held = new Set<string>();
    for (const grant of grants) {
        const match = /^GRANT (.+?) ON (\S+)\.\* TO /i.exec(grant);
        if (!match || !scopeCovers(match[2], database)) {
            continue;
        }
        for (const privilege of match[1].split(",").map((p) => p.trim().toUpperCase())) {
            if (privilege === "ALL" || privilege === "ALL PRIVILEGES") {
                REQUIRED_PRIVILEGES.forEach((p) => held.add(p));
            }
            held.add(privilege);
        }
    }
    return REQUIRED_PRIVILEGES.filter((p) => !held.has(p));
}

/** True when a grant's database scope (`*`, `` `wandb\_local` ``, `` `wandb%` ``) covers `database`. */
function scopeCovers(scope: string, database: string): boolean {
    if (scope === "*") {
        return true;
    }
    const name = scope.replace(/^`|`$/g, "");
    // Grant scopes are LIKE patterns: `_` and `%` are wildcards unless escaped with a backslash.
    const pattern = name.replace(/\\([_%])|([_%])|([^_%\\])/g, (_, escaped: string, wild: string, plain: string) =>
        escaped ? escapeRegExp(escaped) : wild ? (wild === "%" ? ".*" : ".") : escapeRegExp(plain));
    return new RegExp(`^${pattern}$`).test(database);
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
