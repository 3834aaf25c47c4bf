import { MIN_VERSIONS, TLS } from "../requirements";
import { WandbArgumentError } from "./errors";
import { versionAtLeast } from "./versions";

/** Throws unless `value` is a valid Kubernetes object name (RFC 1123 label, at most 63 characters). */
export function requireKubernetesName(argument: string, value: string): string {
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value)) {
        throw new WandbArgumentError(argument, value, "a Kubernetes name is required: lower-case letters, digits and '-', at most 63 characters");
    }
    return value;
}

/** Throws unless `tag` is a pinned image tag or chart version: non-empty and not `latest`. */
export function requirePinnedTag(argument: string, tag: string): string {
    if (tag.trim() === "" || tag.trim().toLowerCase() === "latest") {
        throw new WandbArgumentError(argument, tag, "a pinned version is required (never \"latest\" or empty), so nothing upgrades silently");
    }
    return tag;
}

/** Throws unless `version` is a Kubernetes version at or above the reference architecture's minimum. */
export function requireKubernetesVersion(argument: string, version: string): string {
    if (!versionAtLeast(version, MIN_VERSIONS.kubernetes)) {
        throw new WandbArgumentError(argument, version, `Kubernetes ${MIN_VERSIONS.kubernetes} or newer is required by the W&B reference architecture`);
    }
    return version;
}

/** Throws unless `host` is an `https://` URL with a host name and nothing after it but an optional port. */
export function requireHttpsHost(argument: string, host: string): string {
    const match = /^([a-z]+):\/\/([^/\s:]+)(:\d+)?\/?$/i.exec(host);
    if (!match || `${match[1].toLowerCase()}://` !== TLS.hostScheme) {
        throw new WandbArgumentError(argument, host, `an ${TLS.hostScheme}<fqdn> URL is required: W&B needs TLS terminated at the ingress`);
    }
    return host.replace(/\/$/, "");
}

/** The host name of an `https://fqdn[:port]` URL. */
export function hostName(host: string): string {
    return host.replace(/^[a-z]+:\/\//i, "").replace(/[:/].*$/, "");
}

/** Throws unless `value` is a URL with one of `schemes` and a host (`what` says what it is for). */
export function requireUrl(argument: string, value: string, schemes: readonly string[], what: string): string {
    const scheme = /^([a-z]+):\/\/[^/\s]+/.exec(value)?.[1];
    if (!scheme || !schemes.includes(scheme)) {
        throw new WandbArgumentError(argument, value, `${what} is required`);
    }
    return value;
}
