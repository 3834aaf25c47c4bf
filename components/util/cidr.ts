import { WandbArgumentError } from "./errors";

/** The address families a CIDR list may hold. */
export type CidrFamily = "ipv4" | "ipv6";

function isIpv4(address: string): boolean {
    const parts = address.split(".");
    return parts.length === 4 && parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255);
}

function isIpv6(address: string): boolean {
    const halves = address.split("::");
    if (halves.length > 2) {
        return false;
    }
    const hextets = halves.flatMap((half) => (half === "" ? [] : half.split(":")));
    if (!hextets.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) {
        return false;
    }
    return halves.length === 2 ? hextets.length <= 7 : hextets.length === 8;
}

/** The family of a CIDR block (`a.b.c.d/n` or `x:y::/n`), or undefined when it is not one. */
export function cidrFamily(cidr: string): CidrFamily | undefined {
    const match = /^([^/\s]+)\/(\d{1,3})$/.exec(cidr);
    if (!match) {
        return undefined;
    }
    const prefix = Number(match[2]);
    if (isIpv4(match[1]) && prefix <= 32) {
        return "ipv4";
    }
    if (isIpv6(match[1]) && prefix <= 128) {
        return "ipv6";
    }
    return undefined;
}

/**
 * Throws unless `values` is a list of CIDR blocks of the allowed families (at least `min` of them);
 * returns the list.
 */
export function requireCidrList(argument: string, values: unknown, families: readonly CidrFamily[], min = 0): string[] {
    const kinds = families.map((family) => (family === "ipv4" ? "IPv4" : "IPv6")).join(" or ");
    if (!Array.isArray(values) || values.length < min) {
        throw new WandbArgumentError(argument, values, `a list of ${min > 0 ? `at least ${min} ` : ""}${kinds} CIDR blocks is required, e.g. ["203.0.113.0/24"]`);
    }
    for (const value of values) {
        const family = typeof value === "string" ? cidrFamily(value) : undefined;
        if (!family || !families.includes(family)) {
            throw new WandbArgumentError(argument, value, `each entry must be an ${kinds} CIDR block such as ${families.includes("ipv4") ? "203.0.113.0/24" : "2001:db8::/32"}`);
        }
    }
    return values as string[];
}
