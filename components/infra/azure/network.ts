import * as pulumi from "@pulumi/pulumi";
import { Subnet } from "@pulumi/azure-native/network/subnet";
import { VirtualNetwork } from "@pulumi/azure-native/network/virtualNetwork";
import { PrivateZone } from "@pulumi/azure-native/privatedns/privateZone";
import { VirtualNetworkLink } from "@pulumi/azure-native/privatedns/virtualNetworkLink";
import { ResourceGroup } from "@pulumi/azure-native/resources/resourceGroup";
import { InfraScope, childName, physicalName } from "../scope";
import { AzureInfraArgs } from "./args";

/** The resource group and subnets W&B uses. */
export interface AzureNetwork {
    resourceGroupName: pulumi.Output<string>;
    vnetId: pulumi.Output<string>;
    nodeSubnetId: pulumi.Output<string>;
    mysqlSubnetId: pulumi.Output<string>;
    privateEndpointSubnetId: pulumi.Output<string>;
}

/** A private DNS zone linked to the VNet (MySQL flexible server, Managed Redis private endpoint). */
export function linkedPrivateZone(scope: InfraScope, name: string, zoneName: pulumi.Input<string>, network: AzureNetwork): PrivateZone {
    const opts = { parent: scope.parent };
    const zone = new PrivateZone(childName(scope, `${name}-dns`), { resourceGroupName: network.resourceGroupName, privateZoneName: zoneName, location: "Global", tags: scope.tags }, opts);
    new VirtualNetworkLink(
        childName(scope, `${name}-dns-link`),
        { resourceGroupName: network.resourceGroupName, privateZoneName: zone.name, virtualNetworkLinkName: physicalName(scope, name), location: "Global", virtualNetwork: { id: network.vnetId }, registrationEnabled: false, tags: scope.tags },
        opts,
    );
    return zone;
}

/**
 * A resource group and a VNet with a subnet for the AKS nodes (Azure CNI overlay: pods take addresses
 * from an overlay range, not the subnet), a subnet delegated to MySQL flexible server and one for
 * private endpoints. Or the given existing network.
 */
export function createAzureNetwork(scope: InfraScope, args: AzureInfraArgs): AzureNetwork {
    const opts = { parent: scope.parent };
    if (args.existingNetwork) {
        const existing = args.existingNetwork;
        return {
            resourceGroupName: pulumi.output(existing.resourceGroupName),
            vnetId: pulumi.output(existing.vnetId),
            nodeSubnetId: pulumi.output(existing.nodeSubnetId),
            mysqlSubnetId: pulumi.output(existing.mysqlSubnetId),
            privateEndpointSubnetId: pulumi.output(existing.privateEndpointSubnetId),
        };
    }
    const resourceGroupName = args.resourceGroupName
        ? pulumi.output(args.resourceGroupName)
        : new ResourceGroup(childName(scope, "rg"), { resourceGroupName: physicalName(scope, "rg"), location: args.location, tags: scope.tags }, opts).name;
    const vnet = new VirtualNetwork(
        childName(scope, "vnet"),
        { resourceGroupName, virtualNetworkName: physicalName(scope, "vnet"), location: args.location, addressSpace: { addressPrefixes: ["10.30.0.0/16"] }, tags: scope.tags },
        { ...opts, ignoreChanges: ["subnets"] },
    );
    const subnet = (name: string, prefix: string, delegation?: string) =>
        new Subnet(
            childName(scope, `subnet-${name}`),
            {
                resourceGroupName,
                virtualNetworkName: vnet.name,
                subnetName: name,
                addressPrefix: prefix,
                delegations: delegation ? [{ name: delegation.replace(/[/.]/g, "-"), serviceName: delegation }] : undefined,
            },
            opts,
        );
    const nodes = subnet("aks-nodes", "10.30.0.0/20");
    const mysql = subnet("mysql", "10.30.16.0/24", "Microsoft.DBforMySQL/flexibleServers");
    const endpoints = subnet("private-endpoints", "10.30.17.0/24");
    return { resourceGroupName, vnetId: vnet.id, nodeSubnetId: nodes.id, mysqlSubnetId: mysql.id, privateEndpointSubnetId: endpoints.id };
}
