import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { TLS } from "../../components/requirements";
import { annotatedIssuer, ingressView } from "../lib/ingress";
import { get, list, record, str } from "../lib/props";
import { ofType } from "../lib/stack";
import { T, isType } from "../lib/types";
import { hostOf } from "./tls";

/** What kind of private or custom CA a cert-manager issuer signs with, or undefined for a public one (ACME). */
function privateAuthority(issuer: PolicyResource): string | undefined {
    if (isType(issuer.type, T.certManagerPrivateCaIssuers)) {
        return `a private-CA issuer (${issuer.type.split(":").pop()})`;
    }
    if (get(issuer.props, "spec.ca") !== undefined) {
        return "a cert-manager CA issuer (spec.ca: your own CA)";
    }
    if (get(issuer.props, "spec.vault") !== undefined) {
        return "a cert-manager Vault issuer (a private PKI)";
    }
    return undefined;
}

/** Hosts W&B is served on: each W&B CR's global.host and its ingress TLS hosts. */
function wandbHosts(resources: readonly PolicyResource[]): Set<string> {
    const hosts = new Set<string>();
    for (const cr of ofType(resources, T.wandbCr)) {
        const host = hostOf(str(cr.props, "spec.values.global.host"));
        if (host) {
            hosts.add(host);
        }
        list(cr.props, "spec.values.ingress.tls").forEach((entry) => list(entry, "hosts").forEach((h) => hosts.add(String(h))));
    }
    return hosts;
}

/**
 * The served certificate of the W&B host comes from a public CA: "W&B does not support self-signed
 * certificates and custom CAs". Flags a cert-manager CA / Vault / private-CA issuer that issues for the
 * W&B host (named by the W&B ingress's annotation, an Ingress for the host, or a Certificate for it),
 * and an ACM certificate for the host from AWS Private CA. `global.customCACerts` is a different thing:
 * a trust store W&B uses to reach internal services, which this rule leaves alone.
 */
export const tlsCertificateAuthority: StackValidationPolicy = {
    name: "tls-certificate-authority",
    description: "The certificate served for the W&B host comes from a public CA, not a custom or private CA (cert-manager CA/Vault/private-CA issuers, ACM Private CA). customCACerts, a trust store for internal services, is not affected.",
    enforcementLevel: TLS.customCaSupported ? "advisory" : "mandatory",
    severity: "high",
    remediationSteps: "Issue the W&B host's certificate from a public CA: an ACME ClusterIssuer (Let's Encrypt), ACM public certificates, Google-managed certificates. Keep private CAs for internal services and give W&B their CA through customCACerts.",
    validateStack: (args, reportViolation) => {
        const hosts = wandbHosts(args.resources);
        if (hosts.size === 0) {
            return;
        }
        const issuers = ofType(args.resources, [...T.certManagerIssuers, ...T.certManagerPrivateCaIssuers]);
        const authority = (kind: string | undefined, name: string | undefined) => {
            const issuer = issuers.find((i) => str(i.props, "metadata.name") === name && (kind === undefined || i.type.endsWith(`:${kind}`) || !i.type.includes("cert-manager.io")));
            return issuer ? { issuer, what: privateAuthority(issuer) } : undefined;
        };
        const report = (found: { issuer: PolicyResource; what?: string } | undefined, host: string, via: PolicyResource) => {
            if (found?.what) {
                reportViolation(`The certificate for the W&B host ${host} comes from ${found.what} "${str(found.issuer.props, "metadata.name")}": W&B does not support custom CAs for the served certificate (customCACerts, a trust store for internal services, is a different setting).`, via.urn);
            }
        };
        for (const cr of ofType(args.resources, T.wandbCr)) {
            const issuer = annotatedIssuer(record(cr.props, "spec.values.ingress.annotations"));
            report(issuer && authority(issuer.kind, issuer.name), [...hosts][0], cr);
        }
        for (const ingress of ofType(args.resources, T.kubernetesIngress)) {
            const view = ingressView(ingress.props);
            const host = view.hosts.find((h) => hosts.has(h));
            const issuer = annotatedIssuer(view.annotations);
            if (host && issuer) {
                report(authority(issuer.kind, issuer.name), host, ingress);
            }
        }
        for (const certificate of ofType(args.resources, T.certManagerCertificate)) {
            const names = [...list(certificate.props, "spec.dnsNames").map(String), str(certificate.props, "spec.commonName") ?? ""];
            const host = names.find((n) => hosts.has(n));
            if (host) {
                report(authority(str(certificate.props, "spec.issuerRef.kind") ?? "Issuer", str(certificate.props, "spec.issuerRef.name")), host, certificate);
            }
        }
        for (const certificate of ofType(args.resources, T.acmCertificate)) {
            const names = [str(certificate.props, "domainName") ?? "", ...list(certificate.props, "subjectAlternativeNames").map(String)];
            const host = names.find((n) => hosts.has(n));
            if (host && str(certificate.props, "certificateAuthorityArn")) {
                reportViolation(`The ACM certificate for the W&B host ${host} is issued by AWS Private CA (certificateAuthorityArn): W&B does not support custom CAs for the served certificate.`, certificate.urn);
            }
        }
    },
};
