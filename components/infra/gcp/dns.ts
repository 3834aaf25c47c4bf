import { Address } from "@pulumi/gcp/compute/address";
import { GlobalAddress } from "@pulumi/gcp/compute/globalAddress";
import { ManagedSslCertificate } from "@pulumi/gcp/compute/managedSslCertificate";
import { RecordSet } from "@pulumi/gcp/dns/recordSet";
import { WandbIngress } from "../../platform";
import { InfraScope, childName, physicalName } from "../scope";
import { GcpInfraArgs } from "./args";
import { GcpNetwork } from "./network";
import { ValidatedGcpArgs } from "./validate";

/**
 * External (default): a global static IP, a Google-managed certificate for the FQDN and the Cloud DNS
 * A record; the operator's Ingress becomes a GCE external Application Load Balancer on that IP with that
 * certificate, HTTPS only (`kubernetes.io/ingress.allow-http: "false"`).
 *
 * Internal (`internalLoadBalancer`): a regional internal IP in the nodes' subnetwork and the A record
 * (a private zone, usually); the Ingress becomes an internal Application Load Balancer
 * (`gce-internal`) serving the given regional certificate, HTTPS only.
 */
export function createGcpDns(scope: InfraScope, args: GcpInfraArgs, gcp: ValidatedGcpArgs, network: GcpNetwork): WandbIngress {
    const opts = { parent: scope.parent };
    const record = (address: Address | GlobalAddress) =>
        new RecordSet(childName(scope, "record"), { project: args.project, managedZone: args.managedZone, name: `${scope.fqdn}.`, type: "A", ttl: 300, rrdatas: [address.address] }, opts);
    if (gcp.internalLoadBalancer) {
        const address = new Address(
            childName(scope, "ingress-internal-ip"),
            { project: args.project, name: physicalName(scope, "ingress-internal"), region: args.region, addressType: "INTERNAL", subnetwork: network.subnetworkId },
            opts,
        );
        record(address);
        // GKE Ingress for internal Application Load Balancers: class `gce-internal`, a regional static IP
        // and a regional pre-shared certificate (GKE "Ingress for internal Application Load Balancers").
        return {
            annotations: {
                "kubernetes.io/ingress.class": "gce-internal",
                "kubernetes.io/ingress.regional-static-ip-name": address.name,
                "ingress.gcp.kubernetes.io/pre-shared-cert": gcp.internalLoadBalancer.certificateName,
                "kubernetes.io/ingress.allow-http": "false",
            },
        };
    }
    const address = new GlobalAddress(childName(scope, "ingress-ip"), { project: args.project, name: physicalName(scope, "ingress"), addressType: "EXTERNAL", ipVersion: "IPV4" }, opts);
    const certificate = new ManagedSslCertificate(childName(scope, "certificate"), { project: args.project, name: physicalName(scope, "certificate"), managed: { domains: [`${scope.fqdn}.`] } }, opts);
    record(address);
    return {
        // GKE's ingress controller is chosen by annotation (GKE creates no `gce` IngressClass).
        annotations: {
            "kubernetes.io/ingress.class": "gce",
            "kubernetes.io/ingress.global-static-ip-name": address.name,
            "ingress.gcp.kubernetes.io/pre-shared-cert": certificate.name,
            "kubernetes.io/ingress.allow-http": "false",
        },
    };
}
