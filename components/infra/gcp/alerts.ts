import * as pulumi from "@pulumi/pulumi";
import { AlertPolicy } from "@pulumi/gcp/monitoring/alertPolicy";
import { DatabaseInstance } from "@pulumi/gcp/sql/databaseInstance";
import { DATABASE_CPU_ALERT } from "../../requirements";
import { InfraScope, childName } from "../scope";
import { GcpInfraArgs } from "./args";
import { ValidatedGcpArgs, gcpLabels } from "./validate";

/**
 * The reference architecture's database rule as a Cloud Monitoring alert policy: Cloud SQL CPU
 * utilization (`cloudsql.googleapis.com/database/cpu/utilization`, a 0-1 fraction per instance,
 * `database_id` = `<project>:<instance>`) averaged per minute above the threshold for the sustained
 * window, notifying the given channels.
 */
export function createGcpDatabaseAlert(scope: InfraScope, args: GcpInfraArgs, gcp: ValidatedGcpArgs, instance: DatabaseInstance): AlertPolicy {
    const { thresholdPercent, sustainedMinutes } = DATABASE_CPU_ALERT;
    return new AlertPolicy(
        childName(scope, "cloudsql-cpu-alert"),
        {
            project: args.project,
            displayName: pulumi.interpolate`W&B database ${instance.name}: CPU above ${thresholdPercent}% for ${sustainedMinutes} minutes`,
            combiner: "OR",
            conditions: [
                {
                    displayName: `Cloud SQL CPU utilization > ${thresholdPercent}%`,
                    conditionThreshold: {
                        filter: pulumi.interpolate`resource.type = "cloudsql_database" AND metric.type = "cloudsql.googleapis.com/database/cpu/utilization" AND resource.labels.database_id = "${args.project}:${instance.name}"`,
                        comparison: "COMPARISON_GT",
                        thresholdValue: thresholdPercent / 100,
                        duration: `${sustainedMinutes * 60}s`,
                        aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_MEAN" }],
                        trigger: { count: 1 },
                    },
                },
            ],
            notificationChannels: gcp.alertNotificationChannels,
            documentation: {
                mimeType: "text/markdown",
                content: `W&B's reference architecture: if the metadata database's CPU usage is sustained above ${thresholdPercent}% for more than ${sustainedMinutes} minutes, consider adding CPU capacity (a larger Cloud SQL tier, \`sizes.databaseInstanceType\`).`,
            },
            severity: "WARNING",
            userLabels: gcpLabels(scope.tags),
        },
        { parent: scope.parent },
    );
}
