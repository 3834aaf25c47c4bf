import * as pulumi from "@pulumi/pulumi";
import { LogGroup } from "@pulumi/aws/cloudwatch/logGroup";
import { FlowLog } from "@pulumi/aws/ec2/flowLog";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { InfraScope, childName, physicalName } from "../scope";
import { policyDocument } from "./iam";

/**
 * VPC flow logs (all traffic, 10-minute aggregation) into a CloudWatch log group kept `retentionDays`,
 * written by a role that the flow-logs service alone may assume and that may write to that group only.
 */
export function createAwsFlowLogs(scope: InfraScope, vpcId: pulumi.Input<string>, retentionDays: number): FlowLog {
    const opts = { parent: scope.parent };
    const group = new LogGroup(childName(scope, "flow-logs"), { name: `/aws/vpc/${physicalName(scope, "flow-logs")}`, retentionInDays: retentionDays, tags: scope.tags }, opts);
    const role = new Role(
        childName(scope, "flow-logs-role"),
        {
            name: physicalName(scope, "flow-logs"),
            assumeRolePolicy: policyDocument([{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" }]),
            tags: scope.tags,
        },
        opts,
    );
    new RolePolicy(
        childName(scope, "flow-logs-policy"),
        {
            role: role.name,
            // The actions the VPC Flow Logs guide lists for publishing to CloudWatch Logs, on this group only.
            policy: policyDocument([
                { Sid: "WriteFlowLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"], Resource: [group.arn, pulumi.interpolate`${group.arn}:*`] },
            ]),
        },
        opts,
    );
    return new FlowLog(
        childName(scope, "flow-logs"),
        { vpcId, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: group.arn, iamRoleArn: role.arn, maxAggregationInterval: 600, tags: scope.tags },
        opts,
    );
}
