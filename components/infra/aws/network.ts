import * as pulumi from "@pulumi/pulumi";
import { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
import { Eip } from "@pulumi/aws/ec2/eip";
import { InternetGateway } from "@pulumi/aws/ec2/internetGateway";
import { NatGateway } from "@pulumi/aws/ec2/natGateway";
import { RouteTable } from "@pulumi/aws/ec2/routeTable";
import { RouteTableAssociation } from "@pulumi/aws/ec2/routeTableAssociation";
import { SecurityGroup } from "@pulumi/aws/ec2/securityGroup";
import { Subnet } from "@pulumi/aws/ec2/subnet";
import { Vpc } from "@pulumi/aws/ec2/vpc";
import { InfraScope, childName, physicalName } from "../scope";
import { Ipv4Cidr, formatIpv4Cidr, ipv4Subnet } from "../../util/cidr";
import { AwsInfraArgs } from "./args";
import { createAwsFlowLogs } from "./flowlogs";
import { VPC_SUBNET_BITS, ValidatedAwsArgs } from "./validate";

/** The subnets W&B uses. */
export interface AwsNetwork {
    /** VPC id. */
    vpcId: pulumi.Output<string>;
    /** Private subnets: nodes and ALB targets. */
    privateSubnetIds: pulumi.Output<string>[];
    /** Public subnets: the internet-facing ALB and NAT gateways. */
    publicSubnetIds: pulumi.Output<string>[];
    /** Isolated subnets for Aurora and ElastiCache. */
    databaseSubnetIds: pulumi.Output<string>[];
    /**
     * CIDRs of the private subnets (nodes and, with the VPC CNI, pods), when this component created
     * them: database and cache security groups admit these, so they need not wait for the cluster.
     */
    privateSubnetCidrs?: string[];
}

/**
 * The `index`-th of the VPC's 16 equal subnets (/20s of a /16, /24s of a /20): public 0-2, private
 * 4-6, database 8-10, the rest left for growth.
 */
export function subnetCidr(vpcCidr: Ipv4Cidr, index: number): string {
    return formatIpv4Cidr(ipv4Subnet(vpcCidr, vpcCidr.prefix + VPC_SUBNET_BITS, index));
}

/**
 * A VPC across `azCount` zones with public, private and database subnets; NAT per AZ in production,
 * one in test; subnet tags for the load balancer controller; flow logs when asked. Or the given existing network.
 */
export function createAwsNetwork(scope: InfraScope, args: AwsInfraArgs, aws: ValidatedAwsArgs, clusterName: string): AwsNetwork {
    const existing = args.existingNetwork;
    if (existing) {
        return {
            vpcId: pulumi.output(existing.vpcId),
            privateSubnetIds: existing.privateSubnetIds.map((id) => pulumi.output(id)),
            publicSubnetIds: existing.publicSubnetIds.map((id) => pulumi.output(id)),
            databaseSubnetIds: (existing.databaseSubnetIds ?? existing.privateSubnetIds).map((id) => pulumi.output(id)),
        };
    }
    const opts = { parent: scope.parent };
    const azCount = aws.azCount;
    const cidr = aws.vpcCidr;
    const tags = (name: string, extra: Record<string, string> = {}) => ({ ...scope.tags, Name: physicalName(scope, name), ...extra });
    const zones: pulumi.Input<string>[] = args.availabilityZones
        ? args.availabilityZones.slice(0, azCount)
        : Array.from({ length: azCount }, (_, i) => getAvailabilityZonesOutput({ state: "available" }, opts).names.apply((names) => names[i]));

    const vpc = new Vpc(childName(scope, "vpc"), { cidrBlock: formatIpv4Cidr(cidr), enableDnsHostnames: true, enableDnsSupport: true, tags: tags("vpc") }, opts);
    if (aws.flowLogRetentionDays !== undefined) {
        createAwsFlowLogs(scope, vpc.id, aws.flowLogRetentionDays);
    }
    const internetGateway = new InternetGateway(childName(scope, "igw"), { vpcId: vpc.id, tags: tags("igw") }, opts);
    const publicRoutes = new RouteTable(childName(scope, "public-routes"), { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: internetGateway.id }], tags: tags("public") }, opts);
    const clusterTag = { [`kubernetes.io/cluster/${clusterName}`]: "shared" };

    const subnet = (kind: string, index: number, offset: number, extraTags: Record<string, string>, isPublic = false) =>
        new Subnet(
            childName(scope, `${kind}-${index}`),
            { vpcId: vpc.id, cidrBlock: subnetCidr(cidr, offset + index), availabilityZone: zones[index], mapPublicIpOnLaunch: isPublic, tags: tags(`${kind}-${index}`, extraTags) },
            opts,
        );
    const publicSubnets = zones.map((_, i) => subnet("public", i, 0, { ...clusterTag, "kubernetes.io/role/elb": "1" }, true));
    const privateSubnets = zones.map((_, i) => subnet("private", i, 4, { ...clusterTag, "kubernetes.io/role/internal-elb": "1" }));
    const databaseSubnets = zones.map((_, i) => subnet("database", i, 8, {}));
    publicSubnets.forEach((s, i) => new RouteTableAssociation(childName(scope, `public-${i}`), { subnetId: s.id, routeTableId: publicRoutes.id }, opts));

    const natCount = scope.environment === "production" ? azCount : 1;
    const natGateways = Array.from({ length: natCount }, (_, i) => {
        const eip = new Eip(childName(scope, `nat-${i}`), { domain: "vpc", tags: tags(`nat-${i}`) }, opts);
        return new NatGateway(childName(scope, `nat-${i}`), { allocationId: eip.id, subnetId: publicSubnets[i].id, tags: tags(`nat-${i}`) }, { ...opts, dependsOn: [internetGateway] });
    });
    privateSubnets.forEach((s, i) => {
        const routes = new RouteTable(childName(scope, `private-routes-${i}`), { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: natGateways[i % natCount].id }], tags: tags(`private-${i}`) }, opts);
        new RouteTableAssociation(childName(scope, `private-${i}`), { subnetId: s.id, routeTableId: routes.id }, opts);
    });
    // Database subnets have no route out: Aurora and ElastiCache need none.
    return {
        vpcId: vpc.id,
        privateSubnetCidrs: zones.map((_, i) => subnetCidr(cidr, 4 + i)),
        privateSubnetIds: privateSubnets.map((s) => s.id),
        publicSubnetIds: publicSubnets.map((s) => s.id),
        databaseSubnetIds: databaseSubnets.map((s) => s.id),
    };
}

/** The security group of a data service (Aurora, ElastiCache): `port` from the cluster only, nothing else. */
export function dataServiceSecurityGroup(scope: InfraScope, name: string, service: string, port: number, network: AwsNetwork, clusterSecurityGroupId: pulumi.Input<string>): SecurityGroup {
    return new SecurityGroup(
        childName(scope, `${name}-sg`),
        { vpcId: network.vpcId, description: `${service}: from the EKS cluster only`, ingress: fromCluster(network, clusterSecurityGroupId, port), tags: { ...scope.tags, Name: physicalName(scope, name) } },
        { parent: scope.parent },
    );
}

/**
 * Ingress for a data service (Aurora, ElastiCache) on `port`: from the private subnets when their
 * CIDRs are known (so the service provisions in parallel with the cluster), else from the cluster's
 * security group.
 */
function fromCluster(network: AwsNetwork, clusterSecurityGroupId: pulumi.Input<string>, port: number): { protocol: string; fromPort: number; toPort: number; cidrBlocks?: string[]; securityGroups?: pulumi.Input<string>[]; description: string }[] {
    return network.privateSubnetCidrs
        ? [{ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: network.privateSubnetCidrs, description: "EKS nodes and pods (private subnets)" }]
        : [{ protocol: "tcp", fromPort: port, toPort: port, securityGroups: [clusterSecurityGroupId], description: "EKS cluster security group" }];
}
