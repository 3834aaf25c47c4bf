import * as pulumi from "@pulumi/pulumi";
import { Database } from "@pulumi/gcp/sql/database";
import { DatabaseInstance, DatabaseInstanceArgs } from "@pulumi/gcp/sql/databaseInstance";
import { User } from "@pulumi/gcp/sql/user";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { MYSQL_DATABASE, MYSQL_PARAMETERS, MysqlParameterName } from "../../requirements";
import { WandbDatabase } from "../../platform";
import { InfraScope, childName, physicalName, statefulOptions } from "../scope";
import { GcpDatabaseRestore, GcpInfraArgs } from "./args";
import { GcpServiceKey } from "./keys";
import { GcpNetwork, privateServiceDependencies } from "./network";
import { ValidatedGcpArgs, gcpLabels } from "./validate";
import { GCP_DEFAULTS } from "./versions";

/**
 * The W&B parameters Cloud SQL takes as database flags. binlog_format is not a Cloud SQL flag (Cloud
 * SQL runs row-based binary logging); innodb_online_alter_log_max_size is not in Cloud SQL's flag
 * list; sync_binlog and innodb_flush_log_at_trx_commit keep their default 1, which the Cloud SQL SLA
 * requires (policies/lib/mysql.ts holds the same mapping for the policy pack).
 */
export const CLOUD_SQL_FLAGS: MysqlParameterName[] = ["binlog_row_image", "sort_buffer_size"];

/** The database W&B connects to, and the instance (for alerts). */
export interface GcpDatabase {
    instance: DatabaseInstance;
    platform: WandbDatabase;
}

/**
 * Cloud SQL for MySQL 8.0 (an explicit minor), the table's tier (Enterprise edition), private IP only
 * with SSL required, W&B's flags, REGIONAL (a standby in another zone) in production, daily backups
 * with binary logging and point-in-time recovery, deletion protection in production, optionally a
 * customer-managed key; database `wandb_local` (utf8mb4) and a user with a generated password. With
 * `restore`, the instance is created from a backup run or a clone of another instance (whose data
 * already holds `wandb_local`, adopted), with the same settings and flags.
 */
export function createGcpDatabase(scope: InfraScope, args: GcpInfraArgs, gcp: ValidatedGcpArgs, network: GcpNetwork, key: GcpServiceKey | undefined): GcpDatabase {
    const production = scope.environment === "production";
    const restore = gcp.restore;
    const dependsOn = privateServiceDependencies(network, key);
    const instanceName = physicalName(scope, "mysql");
    const instance = new DatabaseInstance(
        childName(scope, "cloudsql"),
        {
            project: args.project,
            name: instanceName,
            region: args.region,
            databaseVersion: gcp.databaseVersion,
            deletionProtection: production,
            ...(key ? { encryptionKeyName: key.id } : {}),
            ...restoreInputs(args, restore),
            settings: {
                tier: scope.sizes.databaseInstanceType,
                edition: GCP_DEFAULTS.databaseEdition,
                availabilityType: gcp.highAvailability ? "REGIONAL" : "ZONAL",
                diskType: "PD_SSD",
                diskSize: scope.sizes.databaseStorageGb,
                diskAutoresize: true,
                deletionProtectionEnabled: production,
                ipConfiguration: { ipv4Enabled: false, privateNetwork: network.networkId, sslMode: "ENCRYPTED_ONLY" },
                backupConfiguration: {
                    enabled: true,
                    binaryLogEnabled: true,
                    startTime: "03:00",
                    transactionLogRetentionDays: 7,
                    backupRetentionSettings: { retainedBackups: gcp.retainedBackups, retentionUnit: "COUNT" },
                },
                databaseFlags: CLOUD_SQL_FLAGS.map((name) => ({ name, value: MYSQL_PARAMETERS[name].toLowerCase() })),
                maintenanceWindow: { day: 7, hour: 4, updateTrack: "stable" },
                userLabels: gcpLabels(scope.tags),
            },
        },
        // The restore source is read when the instance is created; never restore over (or replace) a
        // running database because the option changed later.
        statefulOptions(scope, { dependsOn, ignoreChanges: ["clone", "restoreBackupContext"] }),
    );
    // A restored instance already holds `wandb_local` (Cloud SQL refuses to insert it again), so the
    // stack adopts it (`import`, by the provider's id `projects/<p>/instances/<i>/databases/<name>`); on a
    // stack that already manages it the id is the same and nothing happens.
    new Database(
        childName(scope, "cloudsql-database"),
        { project: args.project, instance: instance.name, name: MYSQL_DATABASE.name, charset: MYSQL_DATABASE.charset, collation: MYSQL_DATABASE.collation },
        statefulOptions(scope, restore ? { import: `projects/${args.project}/instances/${instanceName}/databases/${MYSQL_DATABASE.name}` } : {}),
    );
    const password = new RandomPassword(childName(scope, "cloudsql-password"), { length: 40, special: false }, { parent: scope.parent });
    // It also holds the source's `wandb` user, whose password this stack does not know, and Cloud SQL
    // refuses to insert an existing user (409): the restored stack creates and connects as its own user.
    // The name is fixed at creation like the restore itself (ignoreChanges), so it never renames a user.
    const userName = restore ? RESTORED_USER : "wandb";
    const user = new User(
        childName(scope, "cloudsql-user"),
        { project: args.project, instance: instance.name, name: userName, host: "%", password: pulumi.secret(password.result) },
        { parent: scope.parent, additionalSecretOutputs: ["password"], ignoreChanges: ["name"] },
    );
    return { instance, platform: { host: instance.privateIpAddress, port: 3306, name: MYSQL_DATABASE.name, user: user.name, password: pulumi.secret(password.result) } };
}

/** The user a restored stack creates and W&B connects as. */
export const RESTORED_USER = "wandb-restored";

/** `restoreBackupContext` (a backup run) or `clone` (current state or a point in time) of the source. */
function restoreInputs(args: GcpInfraArgs, restore: GcpDatabaseRestore | undefined): Pick<DatabaseInstanceArgs, "clone" | "restoreBackupContext"> {
    if (!restore) {
        return {};
    }
    const project = restore.sourceProject ?? args.project;
    if (restore.backupRunId !== undefined) {
        return { restoreBackupContext: { backupRunId: restore.backupRunId, instanceId: restore.sourceInstance, project } };
    }
    return {
        clone: {
            sourceInstanceName: restore.sourceInstance,
            ...(restore.sourceProject !== undefined ? { sourceProject: restore.sourceProject } : {}),
            ...(restore.pointInTime !== undefined ? { pointInTime: restore.pointInTime } : {}),
        },
    };
}
