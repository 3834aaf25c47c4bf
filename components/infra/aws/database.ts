import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "@pulumi/aws/rds/cluster";
import { ClusterInstance } from "@pulumi/aws/rds/clusterInstance";
import { ClusterParameterGroup } from "@pulumi/aws/rds/clusterParameterGroup";
import { ParameterGroup } from "@pulumi/aws/rds/parameterGroup";
import { SubnetGroup } from "@pulumi/aws/rds/subnetGroup";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { MYSQL_DATABASE, MYSQL_PARAMETERS, MysqlParameterName } from "../../requirements";
import { WandbDatabase } from "../../platform";
import { serviceKeyArn } from "./kms";
import { databaseCpuAlarm } from "./alarms";
import { InfraScope, childName, physicalName, statefulOptions } from "../scope";
import { AwsNetwork, dataServiceSecurityGroup } from "./network";
import { ValidatedAwsArgs } from "./validate";

/**
 * Which Aurora parameter group holds each W&B parameter (as W&B's terraform-aws-wandb sets them):
 * binlog settings and innodb_online_alter_log_max_size are cluster-level, sort_buffer_size is
 * instance-level. sync_binlog and innodb_flush_log_at_trx_commit are left at Aurora's default of 1:
 * Aurora's storage layer makes commits and binlog writes durable itself (policies/lib/mysql.ts).
 */
export const AURORA_PARAMETER_GROUPS: Record<"cluster" | "instance", MysqlParameterName[]> = {
    cluster: ["binlog_format", "binlog_row_image", "innodb_online_alter_log_max_size"],
    instance: ["sort_buffer_size"],
};

/**
 * The slow query log, which the cluster exports to CloudWatch (`slowquery`): on, for statements over
 * 2 seconds, written to files (what the export reads). Set in the DB cluster parameter group, as
 * Aurora's "Configuring your database to monitor slow SQL queries" does; all three are dynamic.
 */
export const AURORA_SLOW_QUERY_LOG = { slow_query_log: "1", long_query_time: "2", log_output: "FILE" } as const;

const FAMILY = "aurora-mysql8.0";

type Parameter = { name: string; value: string; applyMethod: string };

function parameters(names: MysqlParameterName[]): Parameter[] {
    // Static parameters (binlog_format, ...) only take effect on reboot; RDS refuses `immediate` for them.
    return names.map((name) => ({ name, value: MYSQL_PARAMETERS[name], applyMethod: "pending-reboot" }));
}

const slowQueryLog = (): Parameter[] => Object.entries(AURORA_SLOW_QUERY_LOG).map(([name, value]) => ({ name, value, applyMethod: "immediate" }));

/** The Aurora cluster and what W&B connects to. */
export interface AwsDatabase {
    cluster: Cluster;
    connection: WandbDatabase;
}

/**
 * Aurora MySQL 3 with W&B's parameters and the slow query log, encrypted with its own KMS key (or the
 * caller's), daily backups, deletion protection and a final snapshot in production, and (production) a
 * second instance in another AZ as the failover target; a CPU alarm per instance. Optionally created
 * from a snapshot (a restore), which changes nothing once the cluster exists. W&B connects to the cluster (writer) endpoint only; there are no readers
 * serving the application, no auto scaling of readers, no multi-master.
 */
export function createAwsDatabase(scope: InfraScope, aws: ValidatedAwsArgs, network: AwsNetwork, clusterSecurityGroupId: pulumi.Input<string>): AwsDatabase {
    const opts = { parent: scope.parent };
    const production = scope.environment === "production";
    const keyArn = serviceKeyArn(scope, "aurora", "W&B Aurora encryption", aws.kmsKeyArns.aurora);
    const clusterParameterGroup = new ClusterParameterGroup(
        childName(scope, "aurora-cluster-parameters"),
        { name: physicalName(scope, "aurora-cluster"), family: FAMILY, parameters: [...parameters(AURORA_PARAMETER_GROUPS.cluster), ...slowQueryLog()], tags: scope.tags },
        opts,
    );
    const instanceParameterGroup = new ParameterGroup(
        childName(scope, "aurora-instance-parameters"),
        { name: physicalName(scope, "aurora-instance"), family: FAMILY, parameters: parameters(AURORA_PARAMETER_GROUPS.instance), tags: scope.tags },
        opts,
    );
    const subnetGroup = new SubnetGroup(childName(scope, "aurora-subnets"), { name: physicalName(scope, "aurora"), subnetIds: network.databaseSubnetIds, tags: scope.tags }, opts);
    const securityGroup = dataServiceSecurityGroup(scope, "aurora", "Aurora MySQL", 3306, network, clusterSecurityGroupId);
    const password = new RandomPassword(childName(scope, "aurora-password"), { length: 40, special: false }, opts);
    const identifier = physicalName(scope, "wandb");
    const cluster = new Cluster(
        childName(scope, "aurora"),
        {
            clusterIdentifier: identifier,
            engine: "aurora-mysql",
            engineVersion: aws.auroraEngineVersion,
            databaseName: MYSQL_DATABASE.name,
            masterUsername: "wandb",
            masterPassword: pulumi.secret(password.result),
            dbClusterParameterGroupName: clusterParameterGroup.name,
            dbSubnetGroupName: subnetGroup.name,
            vpcSecurityGroupIds: [securityGroup.id],
            storageEncrypted: true,
            kmsKeyId: keyArn,
            snapshotIdentifier: aws.auroraSnapshotIdentifier,
            backupRetentionPeriod: aws.backupRetentionDays,
            preferredBackupWindow: "03:00-04:00",
            copyTagsToSnapshot: true,
            deletionProtection: production,
            skipFinalSnapshot: !production,
            finalSnapshotIdentifier: production ? `${identifier}-final` : undefined,
            enabledCloudwatchLogsExports: ["error", "slowquery"],
            // Minor upgrades happen in the maintenance window; a new major is a deliberate change.
            allowMajorVersionUpgrade: false,
            tags: scope.tags,
        },
        // A snapshot seeds the cluster at creation only: adding, changing or removing it later must
        // never replace the database (the registry's "restored from snapshot" example does the same).
        statefulOptions(scope, { additionalSecretOutputs: ["masterPassword"], ignoreChanges: ["snapshotIdentifier"] }),
    );
    const instanceCount = production ? 2 : 1;
    for (let i = 0; i < instanceCount; i++) {
        const instance = new ClusterInstance(
            childName(scope, `aurora-${i}`),
            {
                identifier: `${identifier}-${i}`,
                clusterIdentifier: cluster.id,
                engine: "aurora-mysql",
                // No engineVersion: instances run the cluster's version, which minor upgrades move.
                instanceClass: scope.sizes.databaseInstanceType,
                dbParameterGroupName: instanceParameterGroup.name,
                dbSubnetGroupName: subnetGroup.name,
                // Spread across the database subnets' AZs: the second instance is the Multi-AZ failover target.
                promotionTier: i,
                performanceInsightsEnabled: true,
                // A caller's Aurora key also encrypts Performance Insights; unset keeps the RDS default (as before).
                performanceInsightsKmsKeyId: aws.kmsKeyArns.aurora,
                autoMinorVersionUpgrade: true,
                tags: scope.tags,
            },
            statefulOptions(scope),
        );
        databaseCpuAlarm(scope, `aurora-${i}`, instance.identifier, aws.databaseAlarmTopicArn);
    }
    return {
        cluster,
        connection: {
            host: cluster.endpoint,
            port: 3306,
            name: MYSQL_DATABASE.name,
            user: cluster.masterUsername,
            password: pulumi.secret(password.result),
        },
    };
}
