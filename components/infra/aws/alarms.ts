import * as pulumi from "@pulumi/pulumi";
import { MetricAlarm } from "@pulumi/aws/cloudwatch/metricAlarm";
import { DATABASE_CPU_ALERT } from "../../requirements";
import { InfraScope, childName, physicalName } from "../scope";

/** CloudWatch evaluates the alarm over one-minute periods, so the window is a count of periods. */
const PERIOD_SECONDS = 60;

/**
 * The reference architecture's database rule ("CPU sustained above 90% for more than 5 minutes:
 * consider adding CPU capacity") as a CloudWatch alarm on one Aurora instance's `CPUUtilization`,
 * notifying `topicArn` when it fires and when it recovers. Every instance gets one, because a
 * failover makes the standby the writer.
 */
export function databaseCpuAlarm(scope: InfraScope, name: string, instanceIdentifier: pulumi.Input<string>, topicArn: string | undefined): MetricAlarm {
    const actions = topicArn === undefined ? [] : [topicArn];
    return new MetricAlarm(
        childName(scope, `${name}-cpu-alarm`),
        {
            name: physicalName(scope, `${name}-cpu`),
            alarmDescription: `W&B metadata database CPU above ${DATABASE_CPU_ALERT.thresholdPercent}% for ${DATABASE_CPU_ALERT.sustainedMinutes} minutes: consider a larger instance class (${scope.fqdn})`,
            namespace: "AWS/RDS",
            metricName: "CPUUtilization",
            dimensions: { DBInstanceIdentifier: instanceIdentifier },
            statistic: "Average",
            period: PERIOD_SECONDS,
            evaluationPeriods: (DATABASE_CPU_ALERT.sustainedMinutes * 60) / PERIOD_SECONDS,
            datapointsToAlarm: (DATABASE_CPU_ALERT.sustainedMinutes * 60) / PERIOD_SECONDS,
            comparisonOperator: "GreaterThanThreshold",
            threshold: DATABASE_CPU_ALERT.thresholdPercent,
            treatMissingData: "missing",
            alarmActions: actions,
            okActions: actions,
            tags: scope.tags,
        },
        { parent: scope.parent },
    );
}
