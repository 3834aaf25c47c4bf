import * as pulumi from "@pulumi/pulumi";
import { RecordSet } from "@pulumi/azure-native/dns/recordSet";
import { PublicIPAddress } from "@pulumi/azure-native/network/publicIPAddress";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { WandbIngress } from "../../platform";
import { pinnedRelease } from "../helm";
import { InfraScope, childName, physicalName } from "../scope";
import { AzureInfraArgs } from "./args";
import { createAcmeSolver } from "./acme";
import { AzureCluster } from "./cluster";
import { assignRole } from "./identity";
import { AzureNetwork } from "./network";
import { ValidatedAzureArgs } from "./validate";
import { AZURE_DEFAULTS } from "./versions";

/** The ingress the instance uses, and what must exist before it. */
export interface AzureDns {
    ingress: WandbIngress;
    ready: pulumi.Resource[];
}

/**
 * The ingress load balancer's address: a static public IP (which AKS may attach only with Network
 * Contributor on it, as it lives outside AKS's node resource group), or with an internal load balancer
 * the configured private IP of the node subnet.
 */
function frontendAddress(scope: InfraScope, args: AzureInfraArgs, azure: ValidatedAzureArgs, network: AzureNetwork, cluster: AzureCluster): { ip: pulumi.Output<string>; ready: pulumi.Resource[]; annotations: Record<string, pulumi.Input<string>> } {
    if (azure.ingress.internalIp !== undefined) {
        // cloud-provider-azure places an internal load balancer in the node subnet and takes the given IP.
        return { ip: pulumi.output(azure.ingress.internalIp), ready: [], annotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } };
    }
    const address = new PublicIPAddress(
        childName(scope, "ingress-ip"),
        {
            resourceGroupName: network.resourceGroupName,
            publicIpAddressName: physicalName(scope, "ingress"),
            location: args.location,
            sku: { name: "Standard", tier: "Regional" },
            publicIPAllocationMethod: "Static",
            zones: azure.highAvailability ? ["1", "2", "3"] : undefined,
            tags: scope.tags,
        },
        { parent: scope.parent },
    );
    const ipAccess = assignRole(scope, "aks-ingress-ip-network", address.id, cluster.controlPlanePrincipal, AZURE_DEFAULTS.networkContributorRoleId);
    return {
        ip: address.ipAddress.apply((ip) => ip ?? ""),
        ready: [ipAccess],
        // The IP lives in our resource group, not AKS's node resource group.
        annotations: { "service.beta.kubernetes.io/azure-load-balancer-resource-group": network.resourceGroupName },
    };
}

/**
 * TLS and DNS: the load balancer address (public, or internal) with the FQDN's A record in the Azure DNS
 * zone, ingress-nginx (pinned chart) on it, limited to `allowedInboundCidrs` when given, cert-manager
 * (pinned chart) and a Let's Encrypt ClusterIssuer (ACME, never self-signed) that issues the certificate
 * for the Ingress the operator creates: HTTP-01 when open, DNS-01 when inbound is restricted.
 */
export function createAzureDns(scope: InfraScope, args: AzureInfraArgs, azure: ValidatedAzureArgs, network: AzureNetwork, cluster: AzureCluster, dependsOn: pulumi.Resource[]): AzureDns {
    const provider = cluster.provider;
    const opts = { parent: scope.parent };
    const frontend = frontendAddress(scope, args, azure, network, cluster);
    const zone = args.dnsZoneName.replace(/\.$/, "");
    new RecordSet(
        childName(scope, "record"),
        {
            resourceGroupName: args.dnsZoneResourceGroupName,
            zoneName: zone,
            relativeRecordSetName: scope.fqdn === zone ? "@" : scope.fqdn.slice(0, -(zone.length + 1)),
            recordType: "A",
            ttl: 300,
            aRecords: [{ ipv4Address: frontend.ip }],
        },
        opts,
    );
    const ingressController = pinnedRelease(
        scope,
        AZURE_DEFAULTS.ingressNginxChart,
        "ingress-nginx",
        {
            controller: {
                replicaCount: 2,
                ingressClassResource: { name: "nginx", default: false },
                service: {
                    loadBalancerIP: frontend.ip,
                    // AKS turns these into allow rules for the W&B frontend in the node security group, and denies other sources.
                    ...(azure.ingress.allowedCidrs.length > 0 ? { loadBalancerSourceRanges: azure.ingress.allowedCidrs } : {}),
                    annotations: {
                        ...frontend.annotations,
                        "service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path": "/healthz",
                    },
                },
            },
        },
        provider,
        [...dependsOn, ...frontend.ready],
    );
    const acme = createAcmeSolver(scope, args, azure, network, cluster, zone);
    const certManager = pinnedRelease(scope, AZURE_DEFAULTS.certManagerChart, "cert-manager", { crds: { enabled: true }, ...acme.certManagerValues }, provider, [...dependsOn, ...acme.ready]);
    const issuerName = "letsencrypt";
    const issuer = new CustomResource(
        childName(scope, "acme-issuer"),
        {
            apiVersion: "cert-manager.io/v1",
            kind: "ClusterIssuer",
            metadata: { name: issuerName },
            spec: {
                acme: {
                    server: AZURE_DEFAULTS.acmeServer,
                    email: args.acmeEmail,
                    privateKeySecretRef: { name: `${issuerName}-account-key` },
                    solvers: [acme.solver],
                },
            },
        },
        { ...opts, provider, dependsOn: [certManager] },
    );
    return {
        ingress: { class: "nginx", annotations: { "cert-manager.io/cluster-issuer": issuerName }, tlsSecretName: "wandb-tls" },
        ready: [ingressController, certManager, issuer],
    };
}
