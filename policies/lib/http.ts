/** Plain-HTTP listener helpers shared by the TLS rules. */
import { str } from "./props";

/** The protocol of an AWS ALB/NLB listener, upper-cased: unset is the provider's default, HTTP. */
export function listenerProtocol(props: unknown): string {
    // "For Application Load Balancers, valid values are HTTP and HTTPS, with a default of HTTP" (aws.lb.Listener, protocol).
    return (str(props, "protocol") ?? "HTTP").toUpperCase();
}

/** True for an AWS load-balancer action that sends the client to HTTPS (any case). */
export function redirectsToHttps(action: unknown): boolean {
    return str(action, "type")?.toLowerCase() === "redirect" && str(action, "redirect.protocol")?.toUpperCase() === "HTTPS";
}
