/** Versions the AWS builder pins (package choices, reviewed on upgrade). */
export const AWS_DEFAULTS = {
    /**
     * EKS Kubernetes version. 1.34 is the reference architecture's minimum and is in EKS standard
     * support through late 2026 (EKS Kubernetes version calendar); set `kubernetesVersion` to move on.
     */
    kubernetesVersion: "1.34",
    /** Aurora MySQL 3.10 is an Aurora LTS release (MySQL 8.0.42 compatible), above 3.05.2. */
    auroraEngineVersion: "8.0.mysql_aurora.3.10.0",
    /** ElastiCache Redis OSS 7.1: the newest Redis 7 ElastiCache offers. */
    redisEngineVersion: "7.1",
    /** The parameter-group family of that engine version. */
    redisParameterGroup: "default.redis7",
    /** AWS Load Balancer Controller chart (aws/eks-charts), controller v2.14. */
    loadBalancerControllerChart: { repository: "https://aws.github.io/eks-charts", chart: "aws-load-balancer-controller", version: "1.14.0" },
    /** external-dns chart (kubernetes-sigs), app v0.15. */
    externalDnsChart: { repository: "https://kubernetes-sigs.github.io/external-dns/", chart: "external-dns", version: "1.15.0" },
    /**
     * Cluster Autoscaler chart (kubernetes/autoscaler `charts/cluster-autoscaler`), 9.53.0: app
     * 1.34.2. Values used (the chart's values.yaml at that tag): `cloudProvider`, `awsRegion`,
     * `autoDiscovery.clusterName` (ASG tags `k8s.io/cluster-autoscaler/enabled` and
     * `k8s.io/cluster-autoscaler/<cluster>`, which EKS puts on managed node groups' ASGs),
     * `rbac.serviceAccount.{create,name,annotations}`, `image.tag`, `replicaCount`.
     */
    clusterAutoscalerChart: { repository: "https://kubernetes.github.io/autoscaler", chart: "cluster-autoscaler", version: "9.53.0" },
    /**
     * metrics-server chart (kubernetes-sigs/metrics-server), 3.13.1: app 0.8.1. Values used:
     * `replicas`, `podDisruptionBudget.{enabled,minAvailable}`.
     */
    metricsServerChart: { repository: "https://kubernetes-sigs.github.io/metrics-server/", chart: "metrics-server", version: "3.13.1" },
    /**
     * ALB TLS policy: TLS 1.3 with TLS 1.2 fallback, forward-secret ciphers only (Elastic Load
     * Balancing "Security policies for your Application Load Balancer").
     */
    albSslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
} as const;

/**
 * Cluster Autoscaler releases by Kubernetes minor: the autoscaler's minor must equal the cluster's
 * (its README's version table). Tags of `registry.k8s.io/autoscaling/cluster-autoscaler`.
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Readonly<Record<string, string>> = {
    "1.34": "v1.34.2",
    "1.35": "v1.35.0",
};
