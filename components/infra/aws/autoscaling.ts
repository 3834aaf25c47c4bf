import * as pulumi from "@pulumi/pulumi";
import { NodeGroup } from "@pulumi/aws/eks/nodeGroup";
import { OpenIdConnectProvider } from "@pulumi/aws/iam/openIdConnectProvider";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { Provider } from "@pulumi/kubernetes/provider";
import { pinnedRelease } from "../helm";
import { InfraScope } from "../scope";
import { Statement, serviceAccountRole } from "./iam";
import { ValidatedAwsArgs } from "./validate";
import { AWS_DEFAULTS } from "./versions";

/** The service account the Cluster Autoscaler runs as (the IRSA trust names it). */
const AUTOSCALER_SERVICE_ACCOUNT = { namespace: "kube-system", name: "cluster-autoscaler" } as const;

/**
 * The Cluster Autoscaler's IAM statements (its AWS README, "Permissions"): reads that IAM cannot
 * scope, `eks:DescribeNodegroup` on our node group only, and the two scaling actions only on
 * Auto Scaling groups tagged as this cluster's (EKS tags every managed node group's ASG
 * `k8s.io/cluster-autoscaler/enabled=true` and `k8s.io/cluster-autoscaler/<cluster>=owned`).
 */
export function clusterAutoscalerStatements(region: string, clusterName: string, nodeGroupArn: pulumi.Input<string>): Statement[] {
    return [
        {
            Sid: "Discover",
            Effect: "Allow",
            Action: [
                "autoscaling:DescribeAutoScalingGroups",
                "autoscaling:DescribeAutoScalingInstances",
                "autoscaling:DescribeLaunchConfigurations",
                "autoscaling:DescribeScalingActivities",
                "ec2:DescribeImages",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplateVersions",
                "ec2:GetInstanceTypesFromInstanceRequirements",
            ],
            Resource: "*",
        },
        { Sid: "NodeGroup", Effect: "Allow", Action: "eks:DescribeNodegroup", Resource: nodeGroupArn },
        {
            Sid: "ScaleOwnNodeGroups",
            Effect: "Allow",
            Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
            Resource: `arn:aws:autoscaling:${region}:*:autoScalingGroup:*:autoScalingGroupName/*`,
            Condition: { StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true", [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
        },
    ];
}

/**
 * metrics-server (resource metrics for HPA and `kubectl top`) and, when the node group autoscales
 * (production), the Cluster Autoscaler with node-group auto-discovery and its own least-privilege
 * IRSA role, both from pinned charts. The autoscaler owns the node group's desired size.
 */
export function createAwsAutoscaling(
    scope: InfraScope,
    aws: ValidatedAwsArgs,
    region: string,
    clusterName: string,
    cluster: { oidcProvider: OpenIdConnectProvider; nodeGroup: NodeGroup; provider: Provider },
): Release[] {
    const production = scope.environment === "production";
    const metricsServer = pinnedRelease(
        scope,
        AWS_DEFAULTS.metricsServerChart,
        "kube-system",
        production ? { replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } } : { replicas: 1 },
        cluster.provider,
        [cluster.nodeGroup],
    );
    if (aws.clusterAutoscalerImageTag === undefined) {
        return [metricsServer];
    }
    const role = serviceAccountRole(
        scope,
        "cluster-autoscaler",
        cluster.oidcProvider,
        AUTOSCALER_SERVICE_ACCOUNT.namespace,
        AUTOSCALER_SERVICE_ACCOUNT.name,
        clusterAutoscalerStatements(region, clusterName, cluster.nodeGroup.arn),
    );
    const autoscaler = pinnedRelease(
        scope,
        AWS_DEFAULTS.clusterAutoscalerChart,
        AUTOSCALER_SERVICE_ACCOUNT.namespace,
        {
            cloudProvider: "aws",
            awsRegion: region,
            autoDiscovery: { clusterName },
            image: { tag: aws.clusterAutoscalerImageTag },
            rbac: { serviceAccount: { create: true, name: AUTOSCALER_SERVICE_ACCOUNT.name, annotations: { "eks.amazonaws.com/role-arn": role.arn } } },
            replicaCount: 1,
        },
        cluster.provider,
        [cluster.nodeGroup],
    );
    return [metricsServer, autoscaler];
}
