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

/** An IPv4 CIDR block as numbers: the network address (unsigned 32-bit) and the prefix length. */
export interface Ipv4Cidr {
    /** Network address as an unsigned 32-bit integer. */
    address: number;
    /** Prefix length, 0-32. */
    prefix: number;
}

/** Parses `a.b.c.d/n`; undefined when it is not an IPv4 CIDR. Host bits may be set (see {@link isIpv4Network}). */
export function parseIpv4Cidr(cidr: string): Ipv4Cidr | undefined {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    if (!match) {
        return undefined;
    }
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some((o) => o > 255) || prefix > 32) {
        return undefined;
    }
    return { address: octets.reduce((acc, o) => acc * 256 + o, 0), prefix };
}

/** Whether the block's host bits are all zero (`10.0.0.0/16`, not `10.0.1.0/16`). */
export function isIpv4Network(cidr: Ipv4Cidr): boolean {
    return cidr.address % 2 ** (32 - cidr.prefix) === 0;
}

/** `a.b.c.d/n` of a parsed block. */
export function formatIpv4Cidr(cidr: Ipv4Cidr): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.address / 2 ** shift) % 256);
    return `${octets.join(".")}/${cidr.prefix}`;
}

/** The `index`-th block of prefix `prefix` inside `parent` (which must be shorter), e.g. the 3rd /20 of a /16. */
export function ipv4Subnet(parent: Ipv4Cidr, prefix: number, index: number): Ipv4Cidr {
    const count = 2 ** (prefix - parent.prefix);
    if (prefix < parent.prefix || index < 0 || index >= count) {
        throw new RangeError(`no subnet ${index} of /${prefix} inside /${parent.prefix}`);
    }
    return { address: parent.address + index * 2 ** (32 - prefix), prefix };
}

/**
 * Throws unless `values` is a list of at least `min` CIDR blocks of the allowed families, IPv4 ones with
 * their host bits zero (`10.0.0.0/16`, not `10.0.1.0/16`); names `argument[i]` of the first bad entry.
 */
export function requireCidrList(argument: string, values: unknown, families: readonly CidrFamily[], min = 0): string[] {
    const kinds = families.map((family) => (family === "ipv4" ? "IPv4" : "IPv6")).join(" or ");
    if (!Array.isArray(values) || values.length < min) {
        throw new WandbArgumentError(argument, values, `a list of ${min > 0 ? `at least ${min} ` : ""}${kinds} CIDR blocks is required, e.g. ["203.0.113.0/24"]`);
    }
    values.forEach((value: unknown, index) => {
        const family = typeof value === "string" ? cidrFamily(value) : undefined;
        const ipv4 = family === "ipv4" ? parseIpv4Cidr(value as string) : undefined;
        if (!family || !families.includes(family) || (ipv4 && !isIpv4Network(ipv4))) {
            throw new WandbArgumentError(`${argument}[${index}]`, value, `an ${kinds} CIDR block with its host bits zero is required`, { example: families.includes("ipv4") ? "203.0.113.0/24" : "2001:db8::/32" });
        }
    });
    return values as string[];
}

/** Throws unless `value` is a dotted IPv4 address; returns it. */
export function requireIpv4Address(argument: string, value: unknown): string {
    if (typeof value !== "string" || cidrFamily(`${value}/32`) !== "ipv4") {
        throw new WandbArgumentError(argument, value, "an IPv4 address is required", { example: "10.30.15.250" });
    }
    return value;
}
