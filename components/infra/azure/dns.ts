import * as pulumi from "@pulumi/pulumi";
import { RecordSet } from "@pulumi/azure-native/dns/recordSet";
import { PublicIPAddress } from "@pulumi/azure-native/network/publicIPAddress";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { WandbIngress } from "../../platform";
import { pinnedRelease } from "../helm";
import { InfraScope, childName, physicalName } from "../scope";
import { AzureInfraArgs } from "./args";
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
 * TLS and DNS: a static public IP with the FQDN's A record in the Azure DNS zone, ingress-nginx (pinned
 * chart) on that IP, cert-manager (pinned chart) and a Let's Encrypt ClusterIssuer (ACME HTTP-01, never
 * self-signed) that issues the certificate for the Ingress the operator creates.
 */
export function createAzureDns(scope: InfraScope, args: AzureInfraArgs, azure: ValidatedAzureArgs, network: AzureNetwork, cluster: AzureCluster, dependsOn: pulumi.Resource[]): AzureDns {
    const provider = cluster.provider;
    const opts = { parent: scope.parent };
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
        opts,
    );
    // The IP lives outside AKS's node resource group: AKS may attach it only with Network Contributor on it.
    const ipAccess = assignRole(scope, "aks-ingress-ip-network", address.id, cluster.controlPlanePrincipal, AZURE_DEFAULTS.networkContributorRoleId);
    const zone = args.dnsZoneName.replace(/\.$/, "");
    new RecordSet(
        childName(scope, "record"),
        {
            resourceGroupName: args.dnsZoneResourceGroupName,
            zoneName: zone,
            relativeRecordSetName: scope.fqdn === zone ? "@" : scope.fqdn.slice(0, -(zone.length + 1)),
            recordType: "A",
            ttl: 300,
            aRecords: [{ ipv4Address: address.ipAddress.apply((ip) => ip ?? "") }],
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
                    loadBalancerIP: address.ipAddress,
                    annotations: {
                        // The IP lives in our resource group, not AKS's node resource group.
                        "service.beta.kubernetes.io/azure-load-balancer-resource-group": network.resourceGroupName,
                        "service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path": "/healthz",
                    },
                },
            },
        },
        provider,
        [...dependsOn, ipAccess],
    );
    const certManager = pinnedRelease(scope, AZURE_DEFAULTS.certManagerChart, "cert-manager", { crds: { enabled: true } }, provider, dependsOn);
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
                    solvers: [{ http01: { ingress: { ingressClassName: "nginx" } } }],
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
