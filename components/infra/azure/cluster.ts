import * as pulumi from "@pulumi/pulumi";
import { GetClientConfigResult } from "@pulumi/azure-native/authorization/getClientConfig";
import { AgentPool } from "@pulumi/azure-native/containerservice/agentPool";
import { listManagedClusterUserCredentialsOutput } from "@pulumi/azure-native/containerservice/listManagedClusterUserCredentials";
import { ManagedCluster } from "@pulumi/azure-native/containerservice/managedCluster";
import { Provider } from "@pulumi/kubernetes/provider";
import { clusterProvider } from "../kubernetes";
import { InfraScope, childName, physicalName } from "../scope";
import { assignRole } from "./identity";
import { AzureInfraArgs } from "./args";
import type { ServiceKey } from "./keys";
import { deployerKubeconfig } from "./kubeconfig";
import { AzureNetwork } from "./network";
import { ValidatedAzureArgs } from "./validate";
import { AZURE_DEFAULTS } from "./versions";

/** The AKS cluster, its W&B node pool and a Kubernetes provider. */
export interface AzureCluster {
    cluster: ManagedCluster;
    userPool: AgentPool;
    kubeconfig: pulumi.Output<string>;
    provider: Provider;
    /** Principal id of the cluster's control-plane identity (it manages load balancers and IPs). */
    controlPlanePrincipal: pulumi.Output<string>;
    /** The identity running `pulumi up` and its subscription and tenant (azure-native's client config). */
    deployer: pulumi.Output<GetClientConfigResult>;
}

/**
 * AKS >= 1.34 with the OIDC issuer and workload identity, Azure CNI overlay, a small system pool and a
 * user pool of x86 VMs from the reference table (>= 3 nodes, autoscaling and zones in production). AKS
 * ships the `managed-csi` StorageClass (Azure Disk CSI) as its default.
 *
 * Access: managed Entra ID with Azure RBAC for Kubernetes authorization and local accounts off; the
 * identity running `pulumi up` becomes "Azure Kubernetes Service RBAC Cluster Admin" of this cluster,
 * and the Kubernetes provider's kubeconfig signs in as that identity through kubelogin.
 */
export function createAzureCluster(
    scope: InfraScope,
    args: AzureInfraArgs,
    azure: ValidatedAzureArgs,
    network: AzureNetwork,
    deployer: pulumi.Output<GetClientConfigResult>,
    etcdKey: ServiceKey | undefined,
): AzureCluster {
    const opts = { parent: scope.parent };
    const zones = azure.highAvailability ? ["1", "2", "3"] : undefined;
    const production = scope.environment === "production";
    // A user-assigned control-plane identity (KMS) can hold its subnet grant before the cluster exists, as AKS expects.
    const subnetAccess = etcdKey ? assignRole(scope, "aks-node-subnet-network", network.nodeSubnetId, etcdKey.identity.principalId, AZURE_DEFAULTS.networkContributorRoleId) : undefined;
    const cluster = new ManagedCluster(
        childName(scope, "aks"),
        {
            resourceGroupName: network.resourceGroupName,
            resourceName: physicalName(scope, "aks"),
            location: args.location,
            dnsPrefix: physicalName(scope, "aks"),
            kubernetesVersion: scope.kubernetesVersion ?? AZURE_DEFAULTS.kubernetesVersion,
            // KMS etcd encryption needs its key access before the cluster exists: a user-assigned identity then.
            identity: etcdKey ? { type: "UserAssigned", userAssignedIdentities: [etcdKey.identity.id] } : { type: "SystemAssigned" },
            enableRBAC: true,
            // Kubernetes authorization through Azure role assignments (the deployer's below); no
            // certificate-based local accounts (`listClusterAdminCredentials` is refused).
            aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: args.adminGroupObjectIds },
            disableLocalAccounts: true,
            oidcIssuerProfile: { enabled: true },
            securityProfile: {
                workloadIdentity: { enabled: true },
                // AKS needs the versioned key id; after Key Vault rotates the key, `pulumi up --refresh` moves AKS to the new version.
                ...(etcdKey ? { azureKeyVaultKms: { enabled: true, keyId: etcdKey.key.uriWithVersion, keyVaultNetworkAccess: "Public" } } : {}),
            },
            networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16", serviceCidr: "10.0.0.0/16", dnsServiceIP: "10.0.0.10", loadBalancerSku: "standard" },
            apiServerAccessProfile: args.apiServerAuthorizedIpRanges?.length ? { authorizedIPRanges: args.apiServerAuthorizedIpRanges } : undefined,
            autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
            agentPoolProfiles: [
                { name: "system", mode: "System", vmSize: "Standard_D2s_v5", count: 2, osType: "Linux", osSKU: "AzureLinux", vnetSubnetID: network.nodeSubnetId, availabilityZones: zones, nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"] },
            ],
            sku: { name: "Base", tier: production ? "Standard" : "Free" },
            tags: scope.tags,
        },
        { ...opts, ignoreChanges: ["agentPoolProfiles"], dependsOn: etcdKey && subnetAccess ? [etcdKey.access, subnetAccess] : [] },
    );
    const userPool = new AgentPool(
        childName(scope, "aks-wandb"),
        {
            resourceGroupName: network.resourceGroupName,
            resourceName: cluster.name,
            agentPoolName: "wandb",
            mode: "User",
            vmSize: scope.sizes.nodeInstanceType,
            osType: "Linux",
            osSKU: "AzureLinux",
            osDiskSizeGB: scope.sizes.nodeDiskGb,
            vnetSubnetID: network.nodeSubnetId,
            availabilityZones: zones,
            count: scope.sizes.nodeCount,
            enableAutoScaling: production,
            minCount: production ? scope.sizes.nodeMinCount : undefined,
            maxCount: production ? scope.sizes.nodeMaxCount : undefined,
            nodeLabels: { "wandb.ai/pool": "wandb" },
            tags: scope.tags,
        },
        { ...opts, ignoreChanges: production ? ["count"] : [] },
    );
    const controlPlanePrincipal = etcdKey ? etcdKey.identity.principalId : cluster.identity.apply((identity) => identity?.principalId ?? "");
    if (!subnetAccess) {
        assignRole(scope, "aks-node-subnet-network", network.nodeSubnetId, controlPlanePrincipal, AZURE_DEFAULTS.networkContributorRoleId);
    }
    // Created alongside the user pool, so Azure has propagated it (up to a few minutes) by the time the
    // first Helm release runs: the provider waits for both.
    const deployerAccess = assignRole(scope, "aks-deployer-cluster-admin", cluster.id, deployer.objectId, AZURE_DEFAULTS.aksRbacClusterAdminRoleId, azure.deployerPrincipalType);
    const credentials = listManagedClusterUserCredentialsOutput({ resourceGroupName: network.resourceGroupName, resourceName: cluster.name, format: "exec" }, opts);
    const kubeconfig = pulumi.secret(
        pulumi
            .all([credentials.kubeconfigs, deployer])
            .apply(([configs, principal]) => deployerKubeconfig(Buffer.from(configs[0].value, "base64").toString("utf8"), azure.kubeloginMode, principal)),
    );
    const provider = clusterProvider(scope, kubeconfig, [userPool, deployerAccess]);
    return { cluster, userPool, kubeconfig, provider, controlPlanePrincipal, deployer };
}
