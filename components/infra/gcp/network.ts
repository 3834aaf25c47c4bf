import * as pulumi from "@pulumi/pulumi";
import { Firewall } from "@pulumi/gcp/compute/firewall";
import { GlobalAddress } from "@pulumi/gcp/compute/globalAddress";
import { Network } from "@pulumi/gcp/compute/network";
import { Router } from "@pulumi/gcp/compute/router";
import { RouterNat } from "@pulumi/gcp/compute/routerNat";
import { Subnetwork } from "@pulumi/gcp/compute/subnetwork";
import { Connection } from "@pulumi/gcp/servicenetworking/connection";
import { INGRESS_ROUTES } from "../../requirements";
import { InfraScope, childName, physicalName } from "../scope";
import { GcpInfraArgs } from "./args";
import { ValidatedGcpArgs } from "./validate";

/** What the cluster, Cloud SQL and Memorystore attach to. */
export interface GcpNetwork {
    networkId: pulumi.Output<string>;
    subnetworkId: pulumi.Output<string>;
    podsRangeName: string;
    servicesRangeName: string;
    /** The private services access peering this component created; Cloud SQL and Memorystore wait for it. */
    privateServicesAccess?: Connection;
    /** What the internal load balancer needs before the Ingress is created: its proxy-only subnetwork (when created here) and the firewall rule. */
    internalLoadBalancerPrerequisites: pulumi.Resource[];
}

/**
 * A VPC with one subnetwork (secondary ranges for pods and services, Private Google Access), Cloud
 * Router + Cloud NAT for private nodes, private services access (servicenetworking peering) so Cloud SQL
 * and Memorystore get private IPs, and, for an internal load balancer, the region's proxy-only
 * subnetwork. Or the given existing network, with private services access added when it has none. With
 * an internal load balancer, a firewall rule lets its proxies reach the W&B pods (GKE's Ingress
 * controller creates the health-check rule, not this one: GKE "Ingress for internal Application Load
 * Balancers", "Create a firewall rule").
 */
export function createGcpNetwork(scope: InfraScope, args: GcpInfraArgs, gcp: ValidatedGcpArgs): GcpNetwork {
    if (args.existingNetwork) {
        const existing = args.existingNetwork;
        const networkId = pulumi.output(existing.networkId);
        return {
            networkId,
            subnetworkId: pulumi.output(existing.subnetworkId),
            podsRangeName: existing.podsRangeName,
            servicesRangeName: existing.servicesRangeName,
            // On a shared network other services may come to use the peering: destroying this stack leaves it.
            privateServicesAccess: existing.privateServicesAccess ? undefined : createPrivateServicesAccess(scope, args, networkId, "ABANDON"),
            internalLoadBalancerPrerequisites: gcp.internalLoadBalancer ? [createProxyFirewall(scope, args, networkId, gcp.internalLoadBalancer.proxyOnlySubnetCidr)] : [],
        };
    }
    const opts = { parent: scope.parent };
    const network = new Network(childName(scope, "network"), { project: args.project, name: physicalName(scope, "network"), autoCreateSubnetworks: false, routingMode: "REGIONAL" }, opts);
    const subnetwork = new Subnetwork(
        childName(scope, "subnetwork"),
        {
            project: args.project,
            name: physicalName(scope, "nodes"),
            region: args.region,
            network: network.id,
            ipCidrRange: args.subnetCidr ?? "10.10.0.0/20",
            privateIpGoogleAccess: true,
            secondaryIpRanges: [
                { rangeName: "pods", ipCidrRange: "10.20.0.0/14" },
                { rangeName: "services", ipCidrRange: "10.24.0.0/20" },
            ],
        },
        opts,
    );
    const router = new Router(childName(scope, "router"), { project: args.project, name: physicalName(scope, "router"), region: args.region, network: network.id }, opts);
    new RouterNat(
        childName(scope, "nat"),
        { project: args.project, name: physicalName(scope, "nat"), router: router.name, region: args.region, natIpAllocateOption: "AUTO_ONLY", sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES", logConfig: { enable: true, filter: "ERRORS_ONLY" } },
        opts,
    );
    // Envoy-based regional load balancers (the internal Application Load Balancer) run their proxies in a
    // REGIONAL_MANAGED_PROXY subnetwork of the region (Cloud Load Balancing "Proxy-only subnets").
    const internalLoadBalancerPrerequisites = gcp.internalLoadBalancer
        ? [
              new Subnetwork(
                  childName(scope, "proxy-only-subnetwork"),
                  { project: args.project, name: physicalName(scope, "proxy-only"), region: args.region, network: network.id, ipCidrRange: gcp.internalLoadBalancer.proxyOnlySubnetCidr, purpose: "REGIONAL_MANAGED_PROXY", role: "ACTIVE" },
                  opts,
              ),
              createProxyFirewall(scope, args, network.id, gcp.internalLoadBalancer.proxyOnlySubnetCidr),
          ]
        : [];
    const privateServicesAccess = createPrivateServicesAccess(scope, args, network.id);
    return { networkId: network.id, subnetworkId: subnetwork.id, podsRangeName: "pods", servicesRangeName: "services", privateServicesAccess, internalLoadBalancerPrerequisites };
}

/** Lets the internal load balancer's proxies (in the proxy-only subnetwork) reach the W&B pods' ports. */
function createProxyFirewall(scope: InfraScope, args: GcpInfraArgs, networkId: pulumi.Input<string>, proxyOnlySubnetCidr: string): Firewall {
    const ports = [...new Set(INGRESS_ROUTES.map((route) => String(route.port)))];
    return new Firewall(
        childName(scope, "internal-lb-proxies"),
        { project: args.project, name: physicalName(scope, "internal-lb-proxies"), network: networkId, direction: "INGRESS", sourceRanges: [proxyOnlySubnetCidr], allows: [{ protocol: "tcp", ports }], description: "W&B: internal load balancer proxies to the W&B pods" },
        { parent: scope.parent },
    );
}

/** A /16 reserved for Google's managed services and the servicenetworking peering over it. */
function createPrivateServicesAccess(scope: InfraScope, args: GcpInfraArgs, networkId: pulumi.Input<string>, deletionPolicy?: string): Connection {
    const opts = { parent: scope.parent };
    const peeringRange = new GlobalAddress(
        childName(scope, "private-services-range"),
        { project: args.project, name: physicalName(scope, "private-services"), purpose: "VPC_PEERING", addressType: "INTERNAL", prefixLength: 16, network: networkId },
        opts,
    );
    return new Connection(
        childName(scope, "private-services"),
        { network: networkId, service: "servicenetworking.googleapis.com", reservedPeeringRanges: [peeringRange.name], ...(deletionPolicy ? { deletionPolicy } : {}) },
        opts,
    );
}

/** What a private-IP managed service (Cloud SQL, Memorystore) waits for: the peering and, with CMEK, its agent's grant on the key. */
export function privateServiceDependencies(network: GcpNetwork, key: { agentGrant: pulumi.Resource } | undefined): pulumi.Resource[] {
    return [...(network.privateServicesAccess ? [network.privateServicesAccess] : []), ...(key ? [key.agentGrant] : [])];
}
