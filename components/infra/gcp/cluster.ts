import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "@pulumi/gcp/container/cluster";
import { NodePool } from "@pulumi/gcp/container/nodePool";
import { IAMMember as ProjectIamMember } from "@pulumi/gcp/projects/iammember";
import { Account } from "@pulumi/gcp/serviceaccount/account";
import { Provider } from "@pulumi/kubernetes/provider";
import { clusterProvider } from "../kubernetes";
import { InfraScope, childName, physicalName } from "../scope";
import { GcpInfraArgs } from "./args";
import { GcpNetwork } from "./network";
import { ValidatedGcpArgs, gcpLabels } from "./validate";
import { GCP_DEFAULTS } from "./versions";

/** The GKE cluster, its node pool and a Kubernetes provider for it. */
export interface GcpCluster {
    cluster: Cluster;
    nodePool: NodePool;
    kubeconfig: pulumi.Output<string>;
    provider: Provider;
}

/** Roles a GKE node service account needs (GKE hardening guide: least-privilege node service account). */
const NODE_ROLES = ["roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/monitoring.viewer", "roles/stackdriver.resourceMetadata.writer", "roles/artifactregistry.reader"];

/**
 * GKE (regional in production, zonal in test) at >= 1.34 (minMasterVersion, REGULAR channel), private
 * nodes, a control plane whose public endpoint only `masterAuthorizedCidrs` reach (or no public endpoint
 * with `privateEndpoint`), Workload Identity, shielded nodes, the PD CSI driver (GKE's default `standard-rwo`
 * StorageClass provisions persistent disks through it), and one node pool of x86 machines from the
 * reference table, autoscaling in production.
 */
export function createGcpCluster(scope: InfraScope, args: GcpInfraArgs, gcp: ValidatedGcpArgs, network: GcpNetwork): GcpCluster {
    const opts = { parent: scope.parent };
    const production = scope.environment === "production";
    const location = production ? args.region : args.zone ?? `${args.region}-a`;
    const labels = gcpLabels(scope.tags);
    const nodeAccount = new Account(childName(scope, "gke-nodes"), { project: args.project, accountId: physicalName(scope, "gke-nodes").slice(0, 30), displayName: "W&B GKE nodes" }, opts);
    NODE_ROLES.forEach(
        (role) => new ProjectIamMember(childName(scope, `gke-nodes-${role.split("/")[1].replace(/\./g, "-")}`), { project: args.project, role, member: pulumi.interpolate`serviceAccount:${nodeAccount.email}` }, opts),
    );
    const cluster = new Cluster(
        childName(scope, "gke"),
        {
            project: args.project,
            name: physicalName(scope, "gke"),
            location,
            network: network.networkId,
            subnetwork: network.subnetworkId,
            minMasterVersion: scope.kubernetesVersion ?? GCP_DEFAULTS.kubernetesVersion,
            releaseChannel: { channel: GCP_DEFAULTS.releaseChannel },
            removeDefaultNodePool: true,
            initialNodeCount: 1,
            ipAllocationPolicy: { clusterSecondaryRangeName: network.podsRangeName, servicesSecondaryRangeName: network.servicesRangeName },
            // The Kubernetes provider runs where `pulumi up` runs, so the endpoint is public unless the user
            // chose a private one; either way only the authorized networks (and the nodes' subnetwork) reach it.
            privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: gcp.privateEndpoint, masterIpv4CidrBlock: "172.16.0.0/28" },
            masterAuthorizedNetworksConfig: {
                cidrBlocks: gcp.masterAuthorizedCidrs.map((cidrBlock) => ({ cidrBlock, displayName: cidrBlock })),
                // Not every Google Cloud public IP: only the CIDRs the user listed.
                gcpPublicCidrsAccessEnabled: false,
            },
            workloadIdentityConfig: { workloadPool: `${args.project}.svc.id.goog` },
            enableShieldedNodes: true,
            addonsConfig: { gcePersistentDiskCsiDriverConfig: { enabled: true }, httpLoadBalancing: { disabled: false } },
            deletionProtection: production,
            resourceLabels: labels,
        },
        opts,
    );
    // Regional pools count nodes per zone (3 zones): one per zone gives the minimum of 3.
    const zones = production ? 3 : 1;
    const perZone = (count: number) => Math.max(1, Math.ceil(count / zones));
    const nodePool = new NodePool(
        childName(scope, "gke-nodes"),
        {
            project: args.project,
            name: "wandb",
            cluster: cluster.name,
            location,
            nodeCount: production ? undefined : scope.sizes.nodeCount,
            initialNodeCount: production ? perZone(scope.sizes.nodeCount) : undefined,
            autoscaling: production ? { totalMinNodeCount: scope.sizes.nodeMinCount, totalMaxNodeCount: scope.sizes.nodeMaxCount, locationPolicy: "BALANCED" } : undefined,
            management: { autoRepair: true, autoUpgrade: true },
            nodeConfig: {
                machineType: scope.sizes.nodeInstanceType,
                diskSizeGb: scope.sizes.nodeDiskGb,
                diskType: "pd-balanced",
                imageType: "COS_CONTAINERD",
                serviceAccount: nodeAccount.email,
                oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
                workloadMetadataConfig: { mode: "GKE_METADATA" },
                shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
                labels,
            },
        },
        { ...opts, ignoreChanges: production ? ["initialNodeCount"] : [] },
    );
    const kubeconfig = pulumi.secret(
        pulumi.all([cluster.name, cluster.endpoint, cluster.masterAuth]).apply(([name, endpoint, auth]) =>
            JSON.stringify({
                apiVersion: "v1",
                kind: "Config",
                clusters: [{ name, cluster: { server: `https://${endpoint}`, "certificate-authority-data": auth.clusterCaCertificate } }],
                contexts: [{ name, context: { cluster: name, user: name } }],
                "current-context": name,
                users: [{ name, user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin", provideClusterInfo: true, installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin" } } }],
            }),
        ),
    );
    const provider = clusterProvider(scope, kubeconfig, nodePool);
    return { cluster, nodePool, kubeconfig, provider };
}
