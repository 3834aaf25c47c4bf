/** What an Ingress (or the W&B CR's ingress values) says about TLS, whatever controller serves it. */
import { list, str } from "./props";

/** Annotations that give a cloud load balancer its certificate (ALB, GCE, Application Gateway). */
export const CERTIFICATE_ANNOTATIONS: readonly string[] = [
    "alb.ingress.kubernetes.io/certificate-arn",
    "ingress.gcp.kubernetes.io/pre-shared-cert",
    "networking.gke.io/managed-certificates",
    "appgw.ingress.kubernetes.io/appgw-ssl-certificate",
];

/** cert-manager's ingress-shim annotations naming the issuer of an Ingress's certificate. */
export const ISSUER_ANNOTATIONS: readonly string[] = ["cert-manager.io/cluster-issuer", "cert-manager.io/issuer"];

/** An ingress as the TLS rules see it: hosts served, TLS entries, annotations. */
export interface IngressView {
    /** Hosts of its rules ("" for a rule without a host: every host). */
    hosts: string[];
    /** `tls[]`: hosts covered (empty: the controller's default host) and secret. */
    tls: { hosts: string[]; secretName?: string }[];
    /** Annotations (keys contain dots, so index the map directly). */
    annotations: Record<string, unknown>;
}

/** A Kubernetes Ingress resource's `spec` and `metadata.annotations` as an `IngressView`. */
export function ingressView(props: unknown): IngressView {
    const annotations = (props as { metadata?: { annotations?: Record<string, unknown> } } | undefined)?.metadata?.annotations ?? {};
    const rules = list(props, "spec.rules");
    return {
        hosts: rules.length ? rules.map((rule) => str(rule, "host") ?? "") : [""],
        tls: list(props, "spec.tls").map((entry) => ({ hosts: list(entry, "hosts").map(String), secretName: str(entry, "secretName") })),
        annotations,
    };
}

function annotation(annotations: Record<string, unknown>, key: string): string | undefined {
    const value = annotations[key];
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** The issuer an ingress's annotations name for cert-manager, if any. */
export function annotatedIssuer(annotations: Record<string, unknown>): { kind: "ClusterIssuer" | "Issuer"; name: string } | undefined {
    const cluster = annotation(annotations, "cert-manager.io/cluster-issuer");
    const namespaced = annotation(annotations, "cert-manager.io/issuer");
    return cluster ? { kind: "ClusterIssuer", name: cluster } : namespaced ? { kind: "Issuer", name: namespaced } : undefined;
}

/**
 * TLS problems of an ingress: a host without TLS (no `tls` entry covering it and no load-balancer
 * certificate), an ALB that listens on HTTP without redirect, a GCE load balancer that keeps HTTP, an
 * ingress-nginx Ingress with its HTTPS redirect switched off.
 */
export function ingressProblems(ingress: IngressView): string[] {
    const problems: string[] = [];
    const a = ingress.annotations;
    const certificate = CERTIFICATE_ANNOTATIONS.find((key) => annotation(a, key));
    if (!certificate) {
        const covered = (host: string) => ingress.tls.some((entry) => entry.secretName && (entry.hosts.length === 0 || entry.hosts.includes(host) || entry.hosts.includes(`*.${host.split(".").slice(1).join(".")}`)));
        const uncovered = ingress.hosts.filter((host) => !covered(host));
        if (uncovered.length) {
            problems.push(`no TLS for ${uncovered.map((h) => h || "(any host)").join(", ")}: no tls entry with a secretName covers it and no load-balancer certificate annotation`);
        }
    }
    const listenPorts = annotation(a, "alb.ingress.kubernetes.io/listen-ports");
    if (listenPorts && /"HTTP"\s*:/i.test(listenPorts) && !annotation(a, "alb.ingress.kubernetes.io/ssl-redirect")) {
        problems.push("the ALB listens on plain HTTP without alb.ingress.kubernetes.io/ssl-redirect");
    }
    if (annotation(a, "ingress.gcp.kubernetes.io/pre-shared-cert") || annotation(a, "networking.gke.io/managed-certificates")) {
        if (annotation(a, "kubernetes.io/ingress.allow-http") !== "false" && !annotation(a, "networking.gke.io/v1beta1.FrontendConfig")) {
            problems.push('the GCE load balancer also serves plain HTTP: set kubernetes.io/ingress.allow-http: "false" or a FrontendConfig redirect');
        }
    }
    if (annotation(a, "nginx.ingress.kubernetes.io/ssl-redirect") === "false" && annotation(a, "nginx.ingress.kubernetes.io/force-ssl-redirect") !== "true") {
        problems.push("ingress-nginx serves plain HTTP: nginx.ingress.kubernetes.io/ssl-redirect is \"false\"");
    }
    return problems;
}
