import { expect } from "chai";
import { WandbInfra, WandbInfraArgs } from "../../components/infra";
import { AzureInfraArgs } from "../../components/infra/azure/args";
import { AZURE_DEFAULTS } from "../../components/infra/azure/versions";
import { badInfraInputCases, get, one } from "../harness/assertions";
import { AZURE_DEPLOYER } from "../harness/cloud-mocks/azure";
import { OfflinePlan, runOffline } from "../harness/engine";
import { resourcesOfType } from "../harness/plan";

const base: WandbInfraArgs = { namePrefix: "wandb", fqdn: "wandb.example.com", environment: "production", products: "models", azure: { location: "eastus2", dnsZoneName: "example.com", dnsZoneResourceGroupName: "dns", acmeEmail: "ops@example.com" } };
const withAzure = (azure: Partial<AzureInfraArgs>): WandbInfraArgs => ({ ...base, azure: { ...base.azure!, ...azure } });
const plan = (args: WandbInfraArgs) => runOffline(() => void new WandbInfra("wandb", args));
const release = (p: OfflinePlan, chart: string) => resourcesOfType(p, "kubernetes:helm.sh/v3:Release").find((r) => r.inputs.chart === chart)!;
const solvers = (p: OfflinePlan) => get(one(p, "kubernetes:cert-manager.io/v1:ClusterIssuer").inputs, "spec.acme.solvers");
const EXISTING = { resourceGroupName: "net", vnetId: "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v", nodeSubnetId: "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes", mysqlSubnetId: "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/mysql", privateEndpointSubnetId: "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/endpoints" };

describe("Azure: inbound allow-list and internal-only ingress", () => {
    let open: OfflinePlan;
    let allowList: OfflinePlan;
    let internal: OfflinePlan;
    before(async () => {
        open = await plan(base);
        allowList = await plan(withAzure({ allowedInboundCidrs: ["203.0.113.0/24", "2001:db8:1::/48"] }));
        internal = await plan(withAzure({ internalLoadBalancer: true }));
    });

    it("default: a public IP open to any source, certificates through HTTP-01, no DNS identity", () => {
        expect(get(release(open, "ingress-nginx").inputs, "values.controller.service.loadBalancerSourceRanges")).to.equal(undefined);
        expect(solvers(open)).to.deep.equal([{ http01: { ingress: { ingressClassName: "nginx" } } }]);
        expect(resourcesOfType(open, "azure-native:network:PublicIPAddress")).to.have.length(1);
        expect(resourcesOfType(open, "azure-native:managedidentity:UserAssignedIdentity").map((i) => i.inputs.resourceName)).to.deep.equal(["wandb-wandb"]);
    });

    it("allow-list: IPv4 and IPv6 CIDRs become the controller Service's loadBalancerSourceRanges", () => {
        const service = get(release(allowList, "ingress-nginx").inputs, "values.controller.service") as Record<string, unknown>;
        expect(service.loadBalancerSourceRanges).to.deep.equal(["203.0.113.0/24", "2001:db8:1::/48"]);
        expect(service.loadBalancerIP).to.equal("20.96.10.20");
    });

    it("restricted inbound: DNS-01 in the Azure DNS zone by cert-manager's own identity, DNS Zone Contributor on that zone only", () => {
        for (const p of [allowList, internal]) {
            const identity = resourcesOfType(p, "azure-native:managedidentity:UserAssignedIdentity").find((i) => i.inputs.resourceName === "wandb-cert-manager")!;
            const federation = resourcesOfType(p, "azure-native:managedidentity:FederatedIdentityCredential").find((f) => f.inputs.resourceName === "wandb-cert-manager")!;
            expect(federation.inputs.subject).to.equal("system:serviceaccount:cert-manager:cert-manager");
            expect(solvers(p)).to.deep.equal([
                {
                    selector: { dnsZones: ["example.com"] },
                    dns01: { azureDNS: { subscriptionID: AZURE_DEPLOYER.subscriptionId, resourceGroupName: "dns", hostedZoneName: "example.com", environment: "AzurePublicCloud", managedIdentity: { clientID: identity.outputs.clientId } } },
                },
            ]);
            const grants = resourcesOfType(p, "azure-native:authorization:RoleAssignment").filter((a) => a.inputs.principalId === identity.outputs.principalId && a.inputs.principalType === "ServicePrincipal");
            expect(grants.map((a) => [String(a.inputs.roleDefinitionId).split("/").pop(), a.inputs.scope])).to.deep.include([
                AZURE_DEFAULTS.dnsZoneContributorRoleId,
                `/subscriptions/${AZURE_DEPLOYER.subscriptionId}/resourceGroups/dns/providers/Microsoft.Network/dnszones/example.com`,
            ]);
            expect(get(release(p, "cert-manager").inputs, "values.podLabels")).to.deep.equal({ "azure.workload.identity/use": "true" });
        }
    });

    it("internal: no public IP; an internal load balancer on the configured private IP, which the A record points at", () => {
        expect(resourcesOfType(internal, "azure-native:network:PublicIPAddress")).to.deep.equal([]);
        const service = get(release(internal, "ingress-nginx").inputs, "values.controller.service") as Record<string, Record<string, string>>;
        expect(service.loadBalancerIP).to.equal("10.30.15.250");
        expect(service.annotations).to.deep.include({ "service.beta.kubernetes.io/azure-load-balancer-internal": "true" });
        expect(service.annotations).to.not.have.property("service.beta.kubernetes.io/azure-load-balancer-resource-group");
        expect(one(internal, "azure-native:dns:RecordSet").inputs.aRecords).to.deep.equal([{ ipv4Address: "10.30.15.250" }]);
    });

    badInfraInputCases(base, [
        ["an allowed CIDR that is not one", withAzure({ allowedInboundCidrs: ["203.0.113.0/24", "example.com/24"] }), "azure.allowedInboundCidrs[1]", /IPv4 or IPv6 CIDR/],
        ["an IPv6 prefix longer than 128", withAzure({ allowedInboundCidrs: ["2001:db8::/129"] }), "azure.allowedInboundCidrs[0]", /IPv4 or IPv6 CIDR/],
        ["an internal load balancer in an existing network without its IP", withAzure({ internalLoadBalancer: true, existingNetwork: EXISTING }), "azure.internalLoadBalancerIp", /free private IPv4/],
        ["an internal load balancer IP that is not an address", withAzure({ internalLoadBalancer: true, internalLoadBalancerIp: "10.30.15" }), "azure.internalLoadBalancerIp", /IPv4 address/],
        ["an internal load balancer IP without the internal load balancer", withAzure({ internalLoadBalancerIp: "10.30.15.250" }), "azure.internalLoadBalancerIp", /internalLoadBalancer: true/],
    ]);
});
