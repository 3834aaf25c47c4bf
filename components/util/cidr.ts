import { WandbArgumentError } from "./errors";

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

/** Whether `cidr` is an IPv6 CIDR (`2001:db8::/32`, `::/0`): hex groups with at most one `::`, prefix 0-128. */
export function isIpv6Cidr(cidr: string): boolean {
    const match = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(cidr);
    if (!match || Number(match[2]) > 128) {
        return false;
    }
    const address = match[1];
    const halves = address.split("::");
    if (halves.length > 2) {
        return false;
    }
    const groups = halves.flatMap((half) => (half === "" ? [] : half.split(":")));
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) {
        return false;
    }
    return halves.length === 2 ? groups.length <= 7 : groups.length === 8;
}

/**
 * A non-empty list of CIDR blocks, each IPv4 (host bits zero) or, when `allowIpv6`, IPv6; throws
 * `WandbArgumentError` naming `argument` and the first bad entry.
 */
export function requireCidrList(argument: string, value: unknown, allowIpv6: boolean): string[] {
    if (!Array.isArray(value) || value.length === 0) {
        throw new WandbArgumentError(argument, value, `a non-empty list of ${allowIpv6 ? "IPv4 or IPv6" : "IPv4"} CIDR blocks is required`);
    }
    value.forEach((entry: unknown, index) => {
        const ipv4 = typeof entry === "string" ? parseIpv4Cidr(entry) : undefined;
        const ok = ipv4 ? isIpv4Network(ipv4) : allowIpv6 && typeof entry === "string" && isIpv6Cidr(entry);
        if (!ok) {
            throw new WandbArgumentError(`${argument}[${index}]`, entry, `a CIDR block such as 203.0.113.0/24${allowIpv6 ? " or 2001:db8::/32" : " (IPv4)"} with its host bits zero is required`);
        }
    });
    return value as string[];
}
