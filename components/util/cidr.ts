import { isIPv4, isIPv6 } from "net";
import { WandbArgumentError } from "./errors";

/** `address/prefix` with an IPv4 address and a prefix of 0-32, or an IPv6 address and a prefix of 0-128. */
export function isCidr(value: string): boolean {
    const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
    if (!match) {
        return false;
    }
    const prefix = Number(match[2]);
    return (isIPv4(match[1]) && prefix <= 32) || (isIPv6(match[1]) && prefix <= 128);
}

/** Throws unless every entry is an IPv4 or IPv6 CIDR (`argument[i]` names the bad one); returns the list. */
export function requireCidrs(argument: string, values: unknown): string[] {
    if (!Array.isArray(values)) {
        throw new WandbArgumentError(argument, values, "a list of CIDRs is required");
    }
    values.forEach((value, i) => {
        if (typeof value !== "string" || !isCidr(value)) {
            throw new WandbArgumentError(`${argument}[${i}]`, value, "an IPv4 or IPv6 CIDR such as 203.0.113.0/24 or 2001:db8::/48 is required");
        }
    });
    return values as string[];
}

/** Throws unless `value` is a dotted IPv4 address. */
export function requireIpv4Address(argument: string, value: unknown): string {
    if (typeof value !== "string" || !isIPv4(value)) {
        throw new WandbArgumentError(argument, value, "an IPv4 address such as 10.30.15.250 is required");
    }
    return value;
}
