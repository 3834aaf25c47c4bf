import { MetricAlert } from "@pulumi/azure-native/monitor/metricAlert";
import { Server } from "@pulumi/azure-native/dbformysql/server";
import { DATABASE_CPU_ALERT } from "../../requirements";
import { InfraScope, childName, physicalName } from "../scope";
import { AzureInfraArgs } from "./args";
import { AzureNetwork } from "./network";

/**
 * The reference architecture's database monitoring rule as an Azure Monitor metric alert: the MySQL
 * flexible server's `cpu_percent` above the threshold for the whole window (the minimum of the
 * per-minute values over the window exceeds it, so a short spike does not fire), sent to the given
 * action groups.
 */
export function createAzureDatabaseAlerts(scope: InfraScope, args: AzureInfraArgs, network: AzureNetwork, server: Server): MetricAlert {
    return new MetricAlert(
        childName(scope, "mysql-cpu-alert"),
        {
            resourceGroupName: network.resourceGroupName,
            ruleName: physicalName(scope, "mysql-cpu"),
            // Metric alert rules are global resources.
            location: "global",
            description: `MySQL CPU above ${DATABASE_CPU_ALERT.thresholdPercent}% for ${DATABASE_CPU_ALERT.sustainedMinutes} minutes: consider adding CPU capacity (W&B reference architecture).`,
            severity: 2,
            enabled: true,
            scopes: [server.id],
            evaluationFrequency: "PT1M",
            windowSize: `PT${DATABASE_CPU_ALERT.sustainedMinutes}M`,
            criteria: {
                odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
                allOf: [
                    {
                        criterionType: "StaticThresholdCriterion",
                        name: "cpu-sustained",
                        metricNamespace: "Microsoft.DBforMySQL/flexibleServers",
                        metricName: "cpu_percent",
                        operator: "GreaterThan",
                        threshold: DATABASE_CPU_ALERT.thresholdPercent,
                        timeAggregation: "Minimum",
                    },
                ],
            },
            actions: (args.databaseAlertActionGroupIds ?? []).map((actionGroupId) => ({ actionGroupId })),
            autoMitigate: true,
            tags: scope.tags,
        },
        { parent: scope.parent },
    );
}
