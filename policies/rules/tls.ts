import { ResourceValidationPolicy } from "@pulumi/policy";
import { TLS } from "../../components/requirements";
import { listenerProtocol, redirectsToHttps } from "../lib/http";
import { ingressProblems, ingressView } from "../lib/ingress";
import { get, list, num, record, str } from "../lib/props";
import { T, isType } from "../lib/types";

/** The hostname of a URL, or undefined when it does not parse. */
export function hostOf(url: string | undefined): string | undefined {
    try {
        return url ? new URL(url).hostname : undefined;
    } catch {
        return undefined;
    }
}

/** TLS problems of the W&B custom resource's host and ingress values. */
function crProblems(props: unknown): string[] {
    const problems: string[] = [];
    const host = str(props, "spec.values.global.host");
    if (!host || !host.toLowerCase().startsWith(TLS.hostScheme)) {
        problems.push(`global.host ${JSON.stringify(host ?? "")} is not ${TLS.hostScheme}: W&B needs TLS terminated at the ingress`);
    }
    const ingress = {
        hosts: [hostOf(host) ?? ""],
        tls: list(props, "spec.values.ingress.tls").map((entry) => ({ hosts: list(entry, "hosts").map(String), secretName: str(entry, "secretName") })),
        annotations: record(props, "spec.values.ingress.annotations"),
    };
    return [...problems, ...ingressProblems(ingress).map((problem) => `the W&B ingress: ${problem}`)];
}

/** An ALB/NLB listener: HTTP (the provider's default when `protocol` is unset) must only redirect to HTTPS. */
function listenerProblems(props: unknown): string[] {
    if (listenerProtocol(props) !== "HTTP") {
        return [];
    }
    const actions = list(props, "defaultActions");
    if (actions.length === 0) {
        return [`A plain-HTTP load balancer listener (protocol ${str(props, "protocol") ?? "unset, so HTTP"}) with no default action: it must redirect to HTTPS`];
    }
    return actions.every(redirectsToHttps) ? [] : [`A plain-HTTP load balancer listener (protocol ${str(props, "protocol") ?? "unset, so HTTP"}) that does not redirect to HTTPS`];
}

/** A classic ELB cannot redirect: an HTTP front-end listener serves plain HTTP. */
function classicElbProblems(props: unknown): string[] {
    return list(props, "listeners")
        .filter((listener) => str(listener, "lbProtocol")?.toUpperCase() === "HTTP")
        .map((listener) => `A classic load balancer listens on plain HTTP (port ${num(listener, "lbPort") ?? "?"}); a classic ELB cannot redirect to HTTPS`);
}

/** The last path segment of an Azure sub-resource id (`.../httpListeners/http` → `http`). */
function lastSegment(id: string | undefined): string | undefined {
    return id?.split("/").filter(Boolean).pop();
}

/** Application Gateway: every Http listener is routed only to a redirect that ends on HTTPS. */
function applicationGatewayProblems(props: unknown): string[] {
    const listeners = list(props, "httpListeners");
    const protocolOf = new Map(listeners.map((l) => [str(l, "name") ?? "", (str(l, "protocol") ?? "").toLowerCase()]));
    const redirects = new Map(list(props, "redirectConfigurations").map((r) => [str(r, "name") ?? "", r]));
    const rules = list(props, "requestRoutingRules");
    const problems: string[] = [];
    for (const listener of listeners.filter((l) => (str(l, "protocol") ?? "").toLowerCase() === "http")) {
        const name = str(listener, "name") ?? "?";
        const routed = rules.filter((rule) => lastSegment(str(rule, "httpListener.id")) === name);
        const toHttps = (rule: unknown) => {
            const redirect = redirects.get(lastSegment(str(rule, "redirectConfiguration.id")) ?? "");
            return redirect !== undefined && (protocolOf.get(lastSegment(str(redirect, "targetListener.id")) ?? "") === "https" || (str(redirect, "targetUrl") ?? "").toLowerCase().startsWith("https://"));
        };
        if (routed.length === 0 || !routed.every(toHttps)) {
            problems.push(`Application Gateway HTTP listener ${name} is not only redirected to HTTPS`);
        }
    }
    return problems;
}

/** ingress-nginx installed from its chart: HTTPS on, and its HTTP-to-HTTPS redirect not switched off. */
function ingressNginxReleaseProblems(props: unknown): string[] {
    if (str(props, "chart") !== "ingress-nginx") {
        return [];
    }
    const config = record(props, "values.controller.config");
    const problems: string[] = [];
    if (String(config["ssl-redirect"]) === "false" && String(config["force-ssl-redirect"]) !== "true" && get(props, "values.controller.service.enableHttp") !== false) {
        problems.push('The ingress-nginx controller serves plain HTTP: controller.config ssl-redirect is "false" and port 80 is open');
    }
    if (get(props, "values.controller.service.enableHttps") === false) {
        problems.push("The ingress-nginx controller Service has HTTPS switched off (controller.service.enableHttps false)");
    }
    return problems;
}

/** A LoadBalancer Service that exposes HTTP ports and no TLS port: a plain-HTTP entry point. */
function serviceProblems(props: unknown): string[] {
    if (str(props, "spec.type") !== "LoadBalancer") {
        return [];
    }
    const ports = list(props, "spec.ports");
    const isHttp = (p: unknown) => num(p, "port") === 80 || num(p, "port") === 8080 || /^http$/i.test(str(p, "name") ?? "") || /^http$/i.test(str(p, "appProtocol") ?? "");
    const isTls = (p: unknown) => num(p, "port") === 443 || /https|tls/i.test(`${str(p, "name") ?? ""} ${str(p, "appProtocol") ?? ""}`);
    // AWS terminates TLS on the NLB when this annotation names a certificate.
    const cloudTls = typeof record(props, "metadata.annotations")["service.beta.kubernetes.io/aws-load-balancer-ssl-cert"] === "string";
    return ports.some(isHttp) && !ports.some(isTls) && !cloudTls ? ["A LoadBalancer Service exposes plain HTTP and no TLS port"] : [];
}

/** TLS problems of one resource, whatever kind of HTTP entry point it is. */
function tlsProblems(type: string, props: unknown): string[] {
    if (type === T.wandbCr) {
        return crProblems(props);
    }
    if (isType(type, T.kubernetesIngress)) {
        return ingressProblems(ingressView(props)).map((problem) => `Ingress: ${problem}`);
    }
    if (type === T.selfSignedCert) {
        return ["A self-signed certificate: W&B does not support self-signed certificates"];
    }
    if (isType(type, T.certManagerIssuers) && get(props, "spec.selfSigned") !== undefined) {
        return ["A self-signed cert-manager issuer: W&B does not support self-signed certificates"];
    }
    if (isType(type, T.lbListener)) {
        return listenerProblems(props);
    }
    if (type === T.classicElb) {
        return classicElbProblems(props);
    }
    if (type === T.azureAppGateway) {
        return applicationGatewayProblems(props);
    }
    if (type === T.helmRelease) {
        return ingressNginxReleaseProblems(props);
    }
    if (type === T.kubernetesService) {
        return serviceProblems(props);
    }
    return [];
}

/** HTTPS only, with a certificate that is not self-signed. */
export const tls: ResourceValidationPolicy = {
    name: "tls",
    description:
        "W&B is served over HTTPS only: https:// host, TLS for every Ingress host (secret or load-balancer certificate), plain-HTTP listeners only redirect (ALB/NLB, classic ELB, Application Gateway, ingress-nginx, LoadBalancer Services), no self-signed certificates.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Use an https:// host and a certificate from a trusted CA (ACM, Google-managed, Let's Encrypt through cert-manager) on every Ingress host; make port 80 redirect to HTTPS or close it.",
    validateResource: (args, reportViolation) => {
        for (const problem of tlsProblems(args.type, args.props)) {
            reportViolation(`${problem}.`);
        }
    },
};
