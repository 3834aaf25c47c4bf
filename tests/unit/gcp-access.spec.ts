import { expect } from "chai";
import { WandbInfra, WandbInfraArgs } from "../../components/infra";
import { GcpInfraArgs } from "../../components/infra/gcp/args";
import { badInfraInputCases, get, infraPlan, one } from "../harness/assertions";
import { OfflinePlan, runOffline } from "../harness/engine";
import { WANDB_CR_TYPE, planStack, resourcesOfType } from "../harness/plan";

type Props = Record<string, unknown>;
const gcpBase: GcpInfraArgs = { project: "ml-platform-test", region: "us-central1", managedZone: "example-com", managedZoneDnsName: "example.com.", masterAuthorizedCidrs: ["203.0.113.0/24"] };
const base: WandbInfraArgs = { namePrefix: "wandb", fqdn: "wandb.example.com", environment: "test", products: "models", gcp: gcpBase };
const withGcp = (gcp: Partial<GcpInfraArgs>): WandbInfraArgs => ({ ...base, gcp: { ...gcpBase, ...gcp } });
const existingNetwork = { networkId: "projects/ml-platform-test/global/networks/shared", subnetworkId: "projects/ml-platform-test/regions/us-central1/subnetworks/gke", podsRangeName: "pods", servicesRangeName: "svc" };

describe("GCP access: control plane, private services access, Cloud Armor, internal load balancer", () => {
    let dev: OfflinePlan;
    let prod: OfflinePlan;
    before(async () => {
        dev = await planStack("gcp-dev");
        prod = await planStack("gcp-prod");
    });

    it("the committed stacks get a public control-plane endpoint that only their authorized CIDRs reach", () => {
        for (const plan of [dev, prod]) {
            const cluster = one(plan, "gcp:container/cluster:Cluster").inputs;
            expect(get(cluster, "privateClusterConfig.enablePrivateEndpoint")).to.equal(false);
            expect(get(cluster, "privateClusterConfig.enablePrivateNodes")).to.equal(true);
            expect(cluster.masterAuthorizedNetworksConfig).to.deep.equal({ cidrBlocks: [{ cidrBlock: "203.0.113.0/24", displayName: "203.0.113.0/24" }], gcpPublicCidrsAccessEnabled: false });
        }
    });

    it("privateEndpoint keeps the control plane inside the VPC (authorized CIDRs optional)", async () => {
        const cluster = one(await infraPlan(withGcp({ privateEndpoint: true, masterAuthorizedCidrs: undefined })), "gcp:container/cluster:Cluster").inputs;
        expect(get(cluster, "privateClusterConfig.enablePrivateEndpoint")).to.equal(true);
        expect(get(cluster, "masterAuthorizedNetworksConfig.cidrBlocks")).to.deep.equal([]);
    });

    it("an existing network without private services access gets the peering range and connection; with it, nothing is added", async () => {
        const without = await infraPlan(withGcp({ existingNetwork: { ...existingNetwork, privateServicesAccess: false } }));
        expect(one(without, "gcp:servicenetworking/connection:Connection").inputs).to.deep.include({ network: existingNetwork.networkId, service: "servicenetworking.googleapis.com", reservedPeeringRanges: ["wandb-private-services"], deletionPolicy: "ABANDON" });
        const range = resourcesOfType(without, "gcp:compute/globalAddress:GlobalAddress").find((r) => r.inputs.purpose === "VPC_PEERING");
        expect(range?.inputs).to.deep.include({ network: existingNetwork.networkId, prefixLength: 16, addressType: "INTERNAL" });
        const connection = one(without, "gcp:servicenetworking/connection:Connection").urn;
        expect(one(without, "gcp:sql/databaseInstance:DatabaseInstance").dependencies).to.include(connection);
        expect(one(without, "gcp:redis/instance:Instance").dependencies).to.include(connection);
        const withAccess = await infraPlan(withGcp({ existingNetwork: { ...existingNetwork, privateServicesAccess: true } }));
        expect(resourcesOfType(withAccess, "gcp:servicenetworking/connection:Connection")).to.deep.equal([]);
        expect(resourcesOfType(withAccess, "gcp:compute/network:Network")).to.deep.equal([]);
    });

    it("Cloud Armor: the allow-list (IPv4 and IPv6) then deny 403, attached to the W&B backends through the chart's BackendConfig", () => {
        const policy = one(prod, "gcp:compute/securityPolicy:SecurityPolicy");
        expect(policy.inputs).to.deep.include({ name: "wandb-prod-allow-list", type: "CLOUD_ARMOR" });
        expect(policy.inputs.rules).to.deep.equal([
            { action: "allow", priority: 1000, description: "W&B allowed sources 1", match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["198.51.100.0/24", "2001:db8::/32"] } } },
            { action: "deny(403)", priority: 2147483647, description: "Everything else", match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } } },
        ]);
        const global = (one(prod, WANDB_CR_TYPE).inputs.spec as { values: { global: Props } }).values.global;
        expect(global).to.deep.include({ cloudProvider: "gcp", gcpSecurityPolicy: "wandb-prod-allow-list" });
        expect(resourcesOfType(dev, "gcp:compute/securityPolicy:SecurityPolicy")).to.deep.equal([]);
        expect((one(dev, WANDB_CR_TYPE).inputs.spec as { values: { global: Props } }).values.global).to.not.have.property("gcpSecurityPolicy");
    });

    it("Cloud Armor takes at most 10 ranges per rule: 23 CIDRs become 3 allow rules in order", async () => {
        const cidrs = Array.from({ length: 23 }, (_, i) => `198.51.${i}.0/24`);
        const rules = one(await infraPlan(withGcp({ allowedInboundCidrs: cidrs })), "gcp:compute/securityPolicy:SecurityPolicy").inputs.rules as { priority: number; match: { config: { srcIpRanges: string[] } } }[];
        expect(rules.map((rule) => rule.priority)).to.deep.equal([1000, 1001, 1002, 2147483647]);
        expect(rules.slice(0, 3).flatMap((rule) => rule.match.config.srcIpRanges)).to.deep.equal(cidrs);
    });

    it("internal load balancer: gce-internal Ingress on a regional internal IP with the regional certificate, a proxy-only subnetwork and the proxies' firewall rule, the A record on the internal IP", async () => {
        const plan = await infraPlan(withGcp({ internalLoadBalancer: true, internalCertificateName: "wandb-internal-cert" }));
        const address = one(plan, "gcp:compute/address:Address");
        expect(address.inputs).to.deep.include({ name: "wandb-ingress-internal", region: "us-central1", addressType: "INTERNAL", subnetwork: "projects/ml-platform-test/regions/us-central1/subnetworks/wandb-nodes" });
        expect(resourcesOfType(plan, "gcp:compute/globalAddress:GlobalAddress").filter((r) => r.inputs.addressType === "EXTERNAL")).to.deep.equal([]);
        expect(resourcesOfType(plan, "gcp:compute/managedSslCertificate:ManagedSslCertificate")).to.deep.equal([]);
        const proxyOnly = resourcesOfType(plan, "gcp:compute/subnetwork:Subnetwork").find((r) => r.inputs.purpose === "REGIONAL_MANAGED_PROXY");
        expect(proxyOnly?.inputs).to.deep.include({ ipCidrRange: "10.129.0.0/23", role: "ACTIVE", region: "us-central1" });
        expect(one(plan, "gcp:dns/recordSet:RecordSet").inputs.rrdatas).to.deep.equal(["10.10.0.50"]);
        // GKE's Ingress controller does not open the proxies' path to the pods; this rule does.
        expect(one(plan, "gcp:compute/firewall:Firewall").inputs).to.deep.include({ direction: "INGRESS", sourceRanges: ["10.129.0.0/23"], allows: [{ protocol: "tcp", ports: ["8080", "8081", "8082", "8722"] }] });
        const shared = await infraPlan(withGcp({ internalLoadBalancer: true, internalCertificateName: "c", proxyOnlySubnetCidr: "10.200.0.0/23", existingNetwork: { ...existingNetwork, privateServicesAccess: true } }));
        expect(one(shared, "gcp:compute/firewall:Firewall").inputs).to.deep.include({ network: existingNetwork.networkId, sourceRanges: ["10.200.0.0/23"] });
        expect(resourcesOfType(shared, "gcp:compute/subnetwork:Subnetwork")).to.deep.equal([]);
        const external = await infraPlan(base);
        expect(resourcesOfType(external, "gcp:compute/subnetwork:Subnetwork").filter((r) => r.inputs.purpose === "REGIONAL_MANAGED_PROXY")).to.deep.equal([]);
    });

    it("internal load balancer: the platform's Ingress annotations select the internal controller, IP and certificate", async () => {
        const plan = await runOffline(() => ({ annotations: new WandbInfra("wandb", withGcp({ internalLoadBalancer: true, internalCertificateName: "wandb-internal-cert" })).platform.ingress.annotations }));
        expect(plan.outputs.annotations).to.deep.equal({
            "kubernetes.io/ingress.class": "gce-internal",
            "kubernetes.io/ingress.regional-static-ip-name": "wandb-ingress-internal",
            "ingress.gcp.kubernetes.io/pre-shared-cert": "wandb-internal-cert",
            "kubernetes.io/ingress.allow-http": "false",
        });
    });

    badInfraInputCases(base, [
        ["a public control plane nobody is authorized to reach", { gcp: { ...gcpBase, masterAuthorizedCidrs: undefined } }, "gcp.masterAuthorizedCidrs", /privateEndpoint: true/],
        ["an empty control-plane allow-list", { gcp: { ...gcpBase, masterAuthorizedCidrs: [] } }, "gcp.masterAuthorizedCidrs", /at least 1 IPv4/],
        ["an IPv6 control-plane CIDR (GKE authorized networks are IPv4)", { gcp: { ...gcpBase, masterAuthorizedCidrs: ["2001:db8::/32"] } }, "gcp.masterAuthorizedCidrs[0]", /IPv4 CIDR/],
        ["a malformed inbound CIDR", { gcp: { ...gcpBase, allowedInboundCidrs: ["10.0.0.300/24"] } }, "gcp.allowedInboundCidrs[0]", /IPv4 or IPv6 CIDR/],
        ["an empty inbound allow-list", { gcp: { ...gcpBase, allowedInboundCidrs: [] } }, "gcp.allowedInboundCidrs", /at least 1/],
        ["privateServicesAccess that is not a boolean", { gcp: { ...gcpBase, existingNetwork: { ...existingNetwork, privateServicesAccess: "yes" as unknown as boolean } } }, "gcp.existingNetwork.privateServicesAccess", /true or false/],
        ["an internal load balancer without a regional certificate", { gcp: { ...gcpBase, internalLoadBalancer: true } }, "gcp.internalCertificateName", /regional SSL certificate/],
        ["Cloud Armor on an internal load balancer", { gcp: { ...gcpBase, internalLoadBalancer: true, internalCertificateName: "c", allowedInboundCidrs: ["10.0.0.0/8"] } }, "gcp.allowedInboundCidrs", /internalLoadBalancer/],
        ["an internal load balancer on an existing network without its proxy-only CIDR", { gcp: { ...gcpBase, internalLoadBalancer: true, internalCertificateName: "c", existingNetwork: { ...existingNetwork, privateServicesAccess: true } } }, "gcp.proxyOnlySubnetCidr", /proxy-only subnetwork/],
        ["an internal certificate without the internal load balancer", { gcp: { ...gcpBase, internalCertificateName: "c" } }, "gcp.internalCertificateName", /only used with gcp.internalLoadBalancer/],
    ]);
});
