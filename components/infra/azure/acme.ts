import * as pulumi from "@pulumi/pulumi";
import { InfraScope } from "../scope";
import { AzureInfraArgs } from "./args";
import { AzureCluster } from "./cluster";
import { assignRole, federatedIdentity } from "./identity";
import { AzureNetwork } from "./network";
import { ValidatedAzureArgs } from "./validate";
import { AZURE_DEFAULTS } from "./versions";

/** How cert-manager answers Let's Encrypt's challenges. */
export interface AcmeSolver {
    /** The ClusterIssuer's `spec.acme.solvers` entry. */
    solver: Record<string, unknown>;
    /** Values merged into the cert-manager chart's values. */
    certManagerValues: Record<string, unknown>;
    /** What cert-manager needs before it can solve (the DNS zone grant). */
    ready: pulumi.Resource[];
}

/** cert-manager's namespace and service account (release `cert-manager` in namespace `cert-manager`). */
const CERT_MANAGER_SERVICE_ACCOUNT = { namespace: "cert-manager", name: "cert-manager" };

/**
 * HTTP-01 through the nginx ingress when W&B is open to the internet. When inbound traffic is restricted
 * (an allow-list or an internal load balancer) Let's Encrypt cannot reach the challenge, so DNS-01 in
 * the Azure DNS zone: cert-manager signs in with its own managed identity (workload identity), which
 * holds DNS Zone Contributor on that zone only.
 */
export function createAcmeSolver(scope: InfraScope, args: AzureInfraArgs, azure: ValidatedAzureArgs, network: AzureNetwork, cluster: AzureCluster, zone: string): AcmeSolver {
    if (!azure.ingress.dns01) {
        return { solver: { http01: { ingress: { ingressClassName: "nginx" } } }, certManagerValues: {}, ready: [] };
    }
    const { namespace, name } = CERT_MANAGER_SERVICE_ACCOUNT;
    const identity = federatedIdentity(scope, "cert-manager", args, network, cluster, namespace, name, "cert-manager");
    const subscriptionId = cluster.deployer.subscriptionId;
    const zoneId = pulumi.interpolate`/subscriptions/${subscriptionId}/resourceGroups/${args.dnsZoneResourceGroupName}/providers/Microsoft.Network/dnszones/${zone}`;
    const zoneAccess = assignRole(scope, "cert-manager-dns-zone", zoneId, identity.principalId, AZURE_DEFAULTS.dnsZoneContributorRoleId);
    return {
        solver: {
            selector: { dnsZones: [zone] },
            dns01: {
                azureDNS: {
                    subscriptionID: subscriptionId,
                    resourceGroupName: args.dnsZoneResourceGroupName,
                    hostedZoneName: zone,
                    environment: "AzurePublicCloud",
                    managedIdentity: { clientID: identity.clientId },
                },
            },
        },
        // The AKS workload identity webhook injects the federated token into labelled pods.
        certManagerValues: { podLabels: { "azure.workload.identity/use": "true" } },
        ready: [zoneAccess],
    };
}
