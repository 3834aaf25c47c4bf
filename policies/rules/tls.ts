import { ResourceValidationPolicy } from "@pulumi/policy";
import { TLS } from "../../components/requirements";
import { get, list, record, str } from "../lib/props";
import { T, isType } from "../lib/types";

/** Annotations that give a cloud load balancer its certificate (ALB, GCE, Application Gateway). */
const CERTIFICATE_ANNOTATIONS = [
    "alb.ingress.kubernetes.io/certificate-arn",
    "ingress.gcp.kubernetes.io/pre-shared-cert",
    "networking.gke.io/managed-certificates",
    "appgw.ingress.kubernetes.io/appgw-ssl-certificate",
];

/** TLS problems of the W&B custom resource's host and ingress. */
function crProblems(props: unknown): string[] {
    const problems: string[] = [];
    const host = str(props, "spec.values.global.host");
    if (!host || !host.startsWith(TLS.hostScheme)) {
        problems.push(`global.host ${JSON.stringify(host ?? "")} is not ${TLS.hostScheme}: W&B needs TLS terminated at the ingress`);
    }
    const annotations = record(props, "spec.values.ingress.annotations");
    const hasTlsSecret = list(props, "spec.values.ingress.tls").some((entry) => str(entry, "secretName"));
    const certificate = CERTIFICATE_ANNOTATIONS.find((key) => typeof annotations[key] === "string" && annotations[key] !== "");
    if (!hasTlsSecret && !certificate) {
        problems.push("the ingress has no TLS: neither ingress.tls with a secretName nor a load-balancer certificate annotation");
    }
    // Annotation keys contain dots: index the map directly rather than through a dotted path.
    const listenPorts = annotations["alb.ingress.kubernetes.io/listen-ports"];
    if (typeof listenPorts === "string" && /"HTTP"\s*:/.test(listenPorts) && !annotations["alb.ingress.kubernetes.io/ssl-redirect"]) {
        problems.push("the ALB listens on plain HTTP without alb.ingress.kubernetes.io/ssl-redirect");
    }
    if (annotations["ingress.gcp.kubernetes.io/pre-shared-cert"] || annotations["networking.gke.io/managed-certificates"]) {
        if (annotations["kubernetes.io/ingress.allow-http"] !== "false" && !annotations["networking.gke.io/v1beta1.FrontendConfig"]) {
            problems.push('the GCE load balancer also serves plain HTTP: set kubernetes.io/ingress.allow-http: "false" or a FrontendConfig redirect');
        }
    }
    return problems;
}

/** HTTPS only, with a certificate that is not self-signed. */
export const tls: ResourceValidationPolicy = {
    name: "tls",
    description: "W&B is served over HTTPS only: https:// host, TLS on the ingress (secret or load-balancer certificate), no plain-HTTP listener, no self-signed certificates.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Use an https:// host and a certificate from a trusted CA (ACM, Google-managed, Let's Encrypt through cert-manager); redirect or close port 80.",
    validateResource: (args, reportViolation) => {
        if (args.type === T.wandbCr) {
            crProblems(args.props).forEach((problem) => reportViolation(`${problem}.`));
        } else if (args.type === T.selfSignedCert) {
            reportViolation("A self-signed certificate: W&B does not support self-signed certificates.");
        } else if (isType(args.type, T.certManagerIssuers) && get(args.props, "spec.selfSigned") !== undefined) {
            reportViolation("A self-signed cert-manager issuer: W&B does not support self-signed certificates.");
        } else if (isType(args.type, T.lbListener) && str(args.props, "protocol") === "HTTP") {
            const redirects = list(args.props, "defaultActions").every((action) => str(action, "type") === "redirect" && str(action, "redirect.protocol") === "HTTPS");
            if (!redirects) {
                reportViolation("A plain-HTTP load balancer listener that does not redirect to HTTPS.");
            }
        }
    },
};
