import { GlobalAddress } from "@pulumi/gcp/compute/globalAddress";
import { ManagedSslCertificate } from "@pulumi/gcp/compute/managedSslCertificate";
import { RecordSet } from "@pulumi/gcp/dns/recordSet";
import { WandbIngress } from "../../platform";
import { InfraScope, childName, physicalName } from "../scope";
import { GcpInfraArgs } from "./args";

/**
 * A global static IP, a Google-managed certificate for the FQDN and the Cloud DNS A record; the
 * operator's Ingress becomes a GCE external load balancer on that IP with that certificate, HTTPS
 * only (`kubernetes.io/ingress.allow-http: "false"`).
 */
export function createGcpDns(scope: InfraScope, args: GcpInfraArgs): WandbIngress {
    const opts = { parent: scope.parent };
    const address = new GlobalAddress(childName(scope, "ingress-ip"), { project: args.project, name: physicalName(scope, "ingress"), addressType: "EXTERNAL", ipVersion: "IPV4" }, opts);
    const certificate = new ManagedSslCertificate(childName(scope, "certificate"), { project: args.project, name: physicalName(scope, "certificate"), managed: { domains: [`${scope.fqdn}.`] } }, opts);
    new RecordSet(childName(scope, "record"), { project: args.project, managedZone: args.managedZone, name: `${scope.fqdn}.`, type: "A", ttl: 300, rrdatas: [address.address] }, opts);
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
