import * as pulumi from "@pulumi/pulumi";
import { Database } from "@pulumi/gcp/sql/database";
import { DatabaseInstance } from "@pulumi/gcp/sql/databaseInstance";
import { User } from "@pulumi/gcp/sql/user";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { MYSQL_DATABASE, MYSQL_PARAMETERS, MysqlParameterName } from "../../requirements";
import { WandbDatabase } from "../../platform";
import { InfraScope, childName, physicalName, statefulOptions } from "../scope";
import { GcpInfraArgs } from "./args";
import { GcpNetwork } from "./network";
import { ValidatedGcpArgs, gcpLabels } from "./validate";
import { GCP_DEFAULTS } from "./versions";

/**
 * The W&B parameters Cloud SQL takes as database flags. binlog_format is not a Cloud SQL flag (Cloud
 * SQL runs row-based binary logging); innodb_online_alter_log_max_size is not in Cloud SQL's flag
 * list; sync_binlog and innodb_flush_log_at_trx_commit keep their default 1, which the Cloud SQL SLA
 * requires (policies/lib/mysql.ts holds the same mapping for the policy pack).
 */
export const CLOUD_SQL_FLAGS: MysqlParameterName[] = ["binlog_row_image", "sort_buffer_size"];

/**
 * Cloud SQL for MySQL 8.0 (an explicit minor), the table's tier (Enterprise edition), private IP only
 * with SSL required, W&B's flags, REGIONAL (a standby in another zone) in production, daily backups
 * with binary logging and point-in-time recovery, deletion protection in production; database
 * `wandb_local` (utf8mb4) and a user with a generated password.
 */
export function createGcpDatabase(scope: InfraScope, args: GcpInfraArgs, gcp: ValidatedGcpArgs, network: GcpNetwork): WandbDatabase {
    const production = scope.environment === "production";
    const instance = new DatabaseInstance(
        childName(scope, "cloudsql"),
        {
            project: args.project,
            name: physicalName(scope, "mysql"),
            region: args.region,
            databaseVersion: gcp.databaseVersion,
            deletionProtection: production,
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
        statefulOptions(scope, { dependsOn: network.privateServicesAccess ? [network.privateServicesAccess] : [] }),
    );
    new Database(childName(scope, "cloudsql-database"), { project: args.project, instance: instance.name, name: MYSQL_DATABASE.name, charset: MYSQL_DATABASE.charset, collation: MYSQL_DATABASE.collation }, statefulOptions(scope));
    const password = new RandomPassword(childName(scope, "cloudsql-password"), { length: 40, special: false }, { parent: scope.parent });
    const user = new User(childName(scope, "cloudsql-user"), { project: args.project, instance: instance.name, name: "wandb", host: "%", password: pulumi.secret(password.result) }, { parent: scope.parent, additionalSecretOutputs: ["password"] });
    return { host: instance.privateIpAddress, port: 3306, name: MYSQL_DATABASE.name, user: user.name, password: pulumi.secret(password.result) };
}
