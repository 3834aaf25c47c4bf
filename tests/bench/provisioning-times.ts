/**
 * Typical create times, minutes, per resource type: the weights of the deploy critical path. Each
 * figure says where it comes from. "Provider default timeout" figures are upper bounds the providers
 * document, not typical times, and are only used where nothing better was found; they are marked so.
 * Types not listed count 0.1 minute (API objects that exist once the call returns).
 */
import { ProvisioningTime } from "./critical-path";

export const PROVISIONING_MINUTES: Readonly<Record<string, ProvisioningTime>> = {
    "aws:eks/cluster:Cluster": { minutes: 10, source: "Amazon EKS User Guide, 'Create an Amazon EKS cluster': 'Cluster provisioning takes several minutes'; commonly measured at 8-12 min" },
    "aws:eks/nodeGroup:NodeGroup": { minutes: 4, source: "Amazon EKS User Guide, managed node groups: nodes join in a few minutes; estimate" },
    "aws:eks/addon:Addon": { minutes: 1, source: "estimate: add-ons become ACTIVE once their pods run" },
    "aws:rds/cluster:Cluster": { minutes: 5, source: "Amazon Aurora User Guide, 'Creating a DB cluster': the cluster is available before its instances; estimate" },
    "aws:rds/clusterInstance:ClusterInstance": { minutes: 10, source: "Amazon Aurora User Guide: a new DB instance 'can take several minutes' to become available; commonly 8-12 min" },
    "aws:elasticache/replicationGroup:ReplicationGroup": { minutes: 10, source: "Amazon ElastiCache User Guide: 'creating the cluster takes several minutes'; estimate" },
    "aws:acm/certificateValidation:CertificateValidation": { minutes: 3, source: "AWS Certificate Manager User Guide, DNS validation: issued 'within minutes' of the CNAME resolving" },
    "aws:ec2/natGateway:NatGateway": { minutes: 2, source: "Amazon VPC User Guide: a NAT gateway goes from pending to available in a few minutes; estimate" },
    "gcp:container/cluster:Cluster": { minutes: 8, source: "GKE documentation, 'Creating a regional cluster': cluster creation takes several minutes; estimate" },
    "gcp:container/nodePool:NodePool": { minutes: 4, source: "estimate: node VMs boot and register in a few minutes" },
    "gcp:sql/databaseInstance:DatabaseInstance": { minutes: 10, source: "Cloud SQL documentation: instance creation 'can take several minutes'; estimate for HA" },
    "gcp:redis/instance:Instance": { minutes: 6, source: "Memorystore for Redis documentation: instance creation takes a few minutes; estimate" },
    "gcp:servicenetworking/connection:Connection": { minutes: 2, source: "estimate: private services access peering" },
    "gcp:compute/managedSslCertificate:ManagedSslCertificate": {
        minutes: 0.5,
        source: "the create call returns once the certificate resource exists (status PROVISIONING); Google then provisions it asynchronously, 'up to 60 minutes' after DNS points at the load balancer (Google-managed SSL certificates docs), off Pulumi's critical path",
    },
    "azure-native:containerservice:ManagedCluster": { minutes: 8, source: "AKS quickstart: 'It takes a few minutes to create the cluster'; estimate" },
    "azure-native:containerservice:AgentPool": { minutes: 4, source: "estimate: VM scale set nodes join in a few minutes" },
    "azure-native:dbformysql:Server": { minutes: 12, source: "Azure Database for MySQL flexible server quickstart: deployment 'can take up to 10 minutes'; more with zone-redundant HA" },
    "azure-native:redisenterprise:RedisEnterprise": { minutes: 15, source: "Azure Managed Redis documentation: creation takes several minutes; estimate" },
    "azure-native:redisenterprise:Database": { minutes: 3, source: "estimate" },
    "kubernetes:helm.sh/v3:Release": { minutes: 2, source: "estimate: a small chart with its Deployment becoming ready (Helm wait)" },
    "kubernetes:apps.wandb.com/v1:WeightsAndBiases": { minutes: 3, source: "estimate: the operator's Helm apply of operator-wandb (status.phase Completed)" },
    "kubernetes:apps/v1:DeploymentPatch": { minutes: 5, source: "estimate: W&B app and console pods pulling images and passing readiness" },
};
