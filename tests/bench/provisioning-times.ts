/**
 * Typical create times, minutes, per resource type: the weights of the deploy critical path. Each figure
 * names its source; "est." marks an estimate where no published measurement was found. Provider default
 * timeouts are upper bounds, not typical times, and are not used as weights. Types not listed count
 * 0.1 minute (API objects that exist once the call returns).
 */
import { ProvisioningTime } from "./critical-path";

export const PROVISIONING_MINUTES: Readonly<Record<string, ProvisioningTime>> = {
    "aws:eks/cluster:Cluster": {
        minutes: 12,
        source: "aws/containers-roadmap#1227 (AWS: control plane provisioning 'averages 15 minutes'); pulumi/pulumi-eks#1819 (eks:index:Cluster created in 748 s); a 21-region measurement of 13-16 min (easontechtalk.com)",
    },
    "aws:eks/nodeGroup:NodeGroup": { minutes: 2, source: "DevopsArtFactory/terraform-provisioning#46: node groups 'Creation complete after 1m48s' and '1m59s'" },
    "aws:eks/addon:Addon": { minutes: 1, source: "est. for vpc-cni/kube-proxy; coredns and the EBS CSI driver need nodes first (aws-ia/terraform-aws-eks-blueprints#642)" },
    "aws:rds/cluster:Cluster": { minutes: 2, source: "est.: AWS agent-toolkit Aurora skill, 'cluster and instance creation can take 10-20 minutes' in all; most of it is the instance" },
    "aws:rds/clusterInstance:ClusterInstance": { minutes: 10, source: "est. from the same AWS guidance (10-20 minutes for cluster plus instances)" },
    "aws:elasticache/replicationGroup:ReplicationGroup": { minutes: 12, source: "est.: hashicorp/terraform-provider-aws#17320 (Multi-AZ acceptance test 1086 s including destroy), #4093" },
    "aws:acm/certificateValidation:CertificateValidation": { minutes: 2, source: "est.: hashicorp/terraform-provider-aws#9338 (validation generally completes well within the 45 min timeout)" },
    "aws:ec2/natGateway:NatGateway": { minutes: 2, source: "est.: kubernetes/kops#944, #995 ('up to 5 min')" },
    "aws:route53/record:Record": { minutes: 1, source: "Route 53 Developer Guide: changes 'generally propagate to all Route 53 name servers within 60 seconds' (the provider waits for INSYNC)" },
    "gcp:container/cluster:Cluster": { minutes: 12, source: "hashicorp/terraform-provider-google#1744: regional clusters 'typically take between 9-15m' (zonal: faster)" },
    "gcp:container/nodePool:NodePool": { minutes: 3, source: "est.: no published measurement found" },
    "gcp:sql/databaseInstance:DatabaseInstance": { minutes: 15, source: "hashicorp/terraform-provider-google#14770: maintainer, 'taking 15-20 minutes is normal for this resource'" },
    "gcp:redis/instance:Instance": { minutes: 5, source: "est.: no published measurement found (4-8 min seen)" },
    "gcp:servicenetworking/connection:Connection": { minutes: 1, source: "est.: no published measurement found" },
    "gcp:compute/managedSslCertificate:ManagedSslCertificate": {
        minutes: 0.5,
        source: "the create call returns once the certificate object exists; provisioning to ACTIVE (30-60 min after DNS points at the load balancer) runs asynchronously, off Pulumi's path",
    },
    "azure-native:containerservice:ManagedCluster": { minutes: 9, source: "Azure/AKS#1439 (9m10s, later 13m20s), Azure/AKS#2980 (8 min on a normal day)" },
    "azure-native:containerservice:AgentPool": { minutes: 4, source: "Azure/AKS#1439: extra node pools 4m0s / 4m10s" },
    "azure-native:dbformysql:Server": { minutes: 16, source: "hashicorp/terraform-provider-azurerm#15322: 'around 16 minutes to provision' with ZoneRedundant HA" },
    "azure-native:redisenterprise:RedisEnterprise": { minutes: 15, source: "est.: hashicorp/terraform-provider-azurerm#30932 raised the create timeout to 45 min as acceptance tests exceeded 30" },
    "azure-native:redisenterprise:Database": { minutes: 2, source: "est.: no published measurement found" },
    "azure-native:redis:Redis": { minutes: 20, source: "Azure/AzureCacheForRedis#6: Microsoft, '20+ minutes is a typical provisioning duration'" },
    "azure-native:storage:StorageAccount": { minutes: 0.4, source: "pulumi/pulumi-azure-native#3089: 'azure-native:storage:StorageAccount created (20s)'" },
    "kubernetes:helm.sh/v3:Release": { minutes: 1, source: "est.: a small chart whose Deployment becomes ready (Helm wait)" },
    "kubernetes:apps.wandb.com/v1:WeightsAndBiases": { minutes: 3, source: "est.: the operator's Helm apply of operator-wandb (status.phase Completed)" },
    "kubernetes:apps/v1:DeploymentPatch": { minutes: 5, source: "est.: W&B app and console pods pulling images and passing readiness" },
};
