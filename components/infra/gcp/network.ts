import * as pulumi from "@pulumi/pulumi";
import { GlobalAddress } from "@pulumi/gcp/compute/globalAddress";
import { Network } from "@pulumi/gcp/compute/network";
import { Router } from "@pulumi/gcp/compute/router";
import { RouterNat } from "@pulumi/gcp/compute/routerNat";
import { Subnetwork } from "@pulumi/gcp/compute/subnetwork";
import { Connection } from "@pulumi/gcp/servicenetworking/connection";
import { InfraScope, childName, physicalName } from "../scope";
import { GcpInfraArgs } from "./args";

/** What the cluster, Cloud SQL and Memorystore attach to. */
export interface GcpNetwork {
    networkId: pulumi.Output<string>;
    subnetworkId: pulumi.Output<string>;
    podsRangeName: string;
    servicesRangeName: string;
    /** The private services access peering; Cloud SQL and Memorystore wait for it. */
    privateServicesAccess?: Connection;
}

/**
 * A VPC with one subnetwork (secondary ranges for pods and services, Private Google Access), Cloud
 * Router + Cloud NAT for private nodes, and private services access (servicenetworking peering) so
 * Cloud SQL and Memorystore get private IPs. Or the given existing network.
 */
export function createGcpNetwork(scope: InfraScope, args: GcpInfraArgs): GcpNetwork {
    if (args.existingNetwork) {
        const existing = args.existingNetwork;
        return { networkId: pulumi.output(existing.networkId), subnetworkId: pulumi.output(existing.subnetworkId), podsRangeName: existing.podsRangeName, servicesRangeName: existing.servicesRangeName };
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
    const peeringRange = new GlobalAddress(
        childName(scope, "private-services-range"),
        { project: args.project, name: physicalName(scope, "private-services"), purpose: "VPC_PEERING", addressType: "INTERNAL", prefixLength: 16, network: network.id },
        opts,
    );
    const privateServicesAccess = new Connection(childName(scope, "private-services"), { network: network.id, service: "servicenetworking.googleapis.com", reservedPeeringRanges: [peeringRange.name] }, opts);
    return { networkId: network.id, subnetworkId: subnetwork.id, podsRangeName: "pods", servicesRangeName: "services", privateServicesAccess };
}
