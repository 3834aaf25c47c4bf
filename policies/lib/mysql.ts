import { MYSQL_PARAMETERS, MysqlParameterName } from "../../components/requirements";

/**
 * How each managed MySQL service treats the six W&B parameters:
 * - `required`: settable, and the service's default differs or is unknown: must be set to W&B's value.
 * - `ifSet`: settable, and the service's default already is W&B's value: if set, it must not be weakened.
 * - `fixed`: the service does not let you set it and runs W&B's value; not demanded.
 */
export type ParameterRule = "required" | "ifSet" | "fixed";

/** Per service: what each parameter must be, and (Aurora) which parameter group holds it. */
export interface ServiceParameterRules {
    /** Rule per parameter. */
    rules: Record<MysqlParameterName, ParameterRule>;
    /** Why, per parameter, where it is not simply required. */
    notes: Partial<Record<MysqlParameterName, string>>;
}

/**
 * Aurora MySQL 3: binlog_format, binlog_row_image and innodb_online_alter_log_max_size are cluster-level
 * (DB cluster parameter group), sort_buffer_size is instance-level (DB parameter group), as W&B's own
 * terraform-aws-wandb sets them. sync_binlog and innodb_flush_log_at_trx_commit default to 1 and
 * Aurora's storage layer makes commits durable itself; a group that sets them must keep 1.
 */
export const AURORA: ServiceParameterRules = {
    rules: {
        binlog_format: "required",
        binlog_row_image: "required",
        innodb_online_alter_log_max_size: "required",
        sort_buffer_size: "required",
        sync_binlog: "ifSet",
        innodb_flush_log_at_trx_commit: "ifSet",
    },
    notes: {
        sync_binlog: "Aurora default 1; Aurora storage makes binlog writes durable",
        innodb_flush_log_at_trx_commit: "Aurora default 1",
    },
};

/** RDS for MySQL 8.0 (DB parameter group): defaults of sync_binlog and innodb_flush_log_at_trx_commit are 1. */
export const RDS_MYSQL: ServiceParameterRules = {
    rules: { ...AURORA.rules },
    notes: { sync_binlog: "RDS default 1", innodb_flush_log_at_trx_commit: "RDS default 1" },
};

/**
 * Cloud SQL for MySQL 8.0 (database flags): binlog_row_image and sort_buffer_size are supported flags;
 * sync_binlog and innodb_flush_log_at_trx_commit are flags whose default 1 the Cloud SQL SLA requires;
 * Cloud SQL runs row-based binary logging (binlog_format ROW) and does not offer it as a flag;
 * innodb_online_alter_log_max_size is not in Cloud SQL's flag list (MySQL's default, 128 MiB, applies:
 * an online ALTER of a very large table can then fail and must be retried).
 */
export const CLOUD_SQL: ServiceParameterRules = {
    rules: {
        binlog_format: "fixed",
        binlog_row_image: "required",
        innodb_online_alter_log_max_size: "ifSet",
        sort_buffer_size: "required",
        sync_binlog: "ifSet",
        innodb_flush_log_at_trx_commit: "ifSet",
    },
    notes: {
        binlog_format: "Cloud SQL fixes ROW",
        innodb_online_alter_log_max_size: "not a Cloud SQL flag",
        sync_binlog: "Cloud SQL default 1 (SLA)",
        innodb_flush_log_at_trx_commit: "Cloud SQL default 1 (SLA)",
    },
};

/**
 * Azure Database for MySQL flexible server (server configurations): binlog_format is always ROW and
 * not settable; binlog_row_image and sort_buffer_size are settable; sync_binlog and
 * innodb_flush_log_at_trx_commit default to 1; innodb_online_alter_log_max_size is set when the
 * server exposes it.
 */
export const AZURE_MYSQL: ServiceParameterRules = {
    rules: { ...CLOUD_SQL.rules },
    notes: {
        binlog_format: "Azure fixes ROW",
        sync_binlog: "Azure default 1",
        innodb_flush_log_at_trx_commit: "Azure default 1",
    },
};

/** Aurora parameters that live in each instance's DB parameter group; the rest are the cluster group's. */
export const AURORA_INSTANCE_PARAMETERS: readonly MysqlParameterName[] = ["sort_buffer_size"];

/** One parameter that is not as W&B needs it. */
export interface ParameterProblem {
    /** The parameter. */
    name: MysqlParameterName;
    /** What is wrong, e.g. `sync_binlog is 0 (W&B requires 1)`. */
    message: string;
}

/**
 * Checks `actual` (parameter name → value as set) against `rules`; returns one message per problem.
 * Values compare case-insensitively (`MINIMAL` = `minimal`).
 */
export function checkParameters(actual: ReadonlyMap<string, string>, rules: ServiceParameterRules, required: Record<string, string> = MYSQL_PARAMETERS): string[] {
    return parameterProblems(actual, rules, required).map((problem) => problem.message);
}

/** `checkParameters`, with the parameter each problem concerns. */
export function parameterProblems(actual: ReadonlyMap<string, string>, rules: ServiceParameterRules, required: Record<string, string> = MYSQL_PARAMETERS): ParameterProblem[] {
    const problems: ParameterProblem[] = [];
    for (const [name, expected] of Object.entries(required) as [MysqlParameterName, string][]) {
        const rule = rules.rules[name];
        const value = actual.get(name);
        if (rule === "fixed") {
            continue;
        }
        if (value === undefined) {
            if (rule === "required") {
                problems.push({ name, message: `${name} is not set (W&B requires ${expected})` });
            }
            continue;
        }
        if (value.toLowerCase() !== expected.toLowerCase()) {
            problems.push({ name, message: `${name} is ${value} (W&B requires ${expected})` });
        }
    }
    return problems;
}
