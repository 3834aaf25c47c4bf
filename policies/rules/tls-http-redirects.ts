import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { listenerProtocol, redirectsToHttps } from "../lib/http";
import { list, str } from "../lib/props";
import { identifiers, ofType } from "../lib/stack";
import { T } from "../lib/types";

/** Keys a GCP resource is referenced by (self link, id, name). */
function gcpRefs(resource: PolicyResource): Set<string> {
    return identifiers(resource, "selfLink");
}

/** The stack resource `reference` points at: the same self link, id or name, or a link ending in its name. */
function resolve(candidates: readonly PolicyResource[], reference: string | undefined): PolicyResource | undefined {
    if (!reference) {
        return undefined;
    }
    return candidates.find((candidate) => {
        const refs = gcpRefs(candidate);
        return refs.has(reference) || [...refs].some((ref) => reference.endsWith(`/${ref}`));
    });
}

/** A URL map that only redirects to HTTPS: a default redirect with httpsRedirect, and path matchers that do the same. */
function redirectsOnly(urlMap: PolicyResource | undefined): boolean {
    if (!urlMap) {
        return false;
    }
    const httpsRedirect = (holder: unknown) => str(holder, "defaultUrlRedirect.httpsRedirect") === "true" || (holder as { defaultUrlRedirect?: { httpsRedirect?: unknown } })?.defaultUrlRedirect?.httpsRedirect === true;
    return httpsRedirect(urlMap.props) && list(urlMap.props, "pathMatchers").every(httpsRedirect);
}

/** True when a forwarding rule's `portRange` includes port 80 (`80`, `80-80`, `1-1000`). */
function servesPort80(rule: PolicyResource): boolean {
    const range = str(rule.props, "portRange") ?? "";
    const [low, high] = range.split("-").map(Number);
    return !Number.isNaN(low) && range !== "" && low <= 80 && 80 <= (high ?? low);
}

/** The AWS listener of the stack a listener rule belongs to. */
function listenerOf(listeners: readonly PolicyResource[], rule: PolicyResource): PolicyResource | undefined {
    const arn = str(rule.props, "listenerArn");
    return listeners.find((listener) => arn !== undefined && identifiers(listener).has(arn));
}

/**
 * Plain-HTTP entry points that only make sense as a redirect to HTTPS, judged with what they point at:
 * GCP target HTTP proxies (their URL map must only redirect), port-80 forwarding rules (their target
 * must be such a proxy), and AWS listener rules on an HTTP listener (they must redirect too).
 */
export const tlsHttpRedirects: StackValidationPolicy = {
    name: "tls-http-redirects",
    description: "Plain-HTTP entry points only redirect to HTTPS: GCP target HTTP proxies and port-80 forwarding rules, AWS listener rules on HTTP listeners.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "GCP: give the HTTP proxy a URL map whose defaultUrlRedirect has httpsRedirect true (or drop the port-80 forwarding rule). AWS: on an HTTP listener, only redirect to HTTPS.",
    validateStack: (args, reportViolation) => {
        const resources = args.resources;
        const urlMaps = ofType(resources, T.gcpUrlMap);
        const proxies = ofType(resources, T.gcpTargetHttpProxy);
        const redirecting = new Set(proxies.filter((proxy) => redirectsOnly(resolve(urlMaps, str(proxy.props, "urlMap")))));
        for (const proxy of proxies.filter((p) => !redirecting.has(p))) {
            reportViolation(`GCP target HTTP proxy serves plain HTTP: its URL map (${str(proxy.props, "urlMap") ?? "unset"}) does not only redirect to HTTPS (defaultUrlRedirect.httpsRedirect).`, proxy.urn);
        }
        for (const rule of ofType(resources, T.gcpForwardingRule).filter(servesPort80)) {
            const target = resolve(proxies, str(rule.props, "target"));
            if (!target || !redirecting.has(target)) {
                reportViolation(`GCP forwarding rule on port 80 (target ${str(rule.props, "target") ?? "unset"}) is not an HTTP proxy that redirects to HTTPS.`, rule.urn);
            }
        }
        const listeners = ofType(resources, T.lbListener);
        for (const rule of ofType(resources, T.lbListenerRule)) {
            const listener = listenerOf(listeners, rule);
            const actions = list(rule.props, "actions");
            if (listener && listenerProtocol(listener.props) === "HTTP" && !(actions.length > 0 && actions.every(redirectsToHttps))) {
                reportViolation("A listener rule on a plain-HTTP listener serves traffic instead of redirecting to HTTPS.", rule.urn);
            }
        }
    },
};
