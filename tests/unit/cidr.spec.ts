import { expect } from "chai";
import { cidrFamily, requireCidrList } from "../../components/util/cidr";
import { WandbArgumentError } from "../../components/util/errors";

describe("CIDR checks", () => {
    it("recognizes IPv4 and IPv6 blocks, compressed or not", () => {
        expect(["10.0.0.0/8", "0.0.0.0/0", "203.0.113.7/32"].map(cidrFamily)).to.deep.equal(["ipv4", "ipv4", "ipv4"]);
        expect(["::/0", "2001:db8::/32", "2001:db8:0:0:0:0:0:1/128", "fe80::1:2/64"].map(cidrFamily)).to.deep.equal(["ipv6", "ipv6", "ipv6", "ipv6"]);
    });

    it("rejects what is not a CIDR block", () => {
        for (const bad of ["10.0.0.0", "10.0.0.256/24", "10.0.0.0/33", "010.0.0.0/8", "1::2::3/64", "2001:db8::/129", "2001:db8:0:0:0:0:0:0:1/128", "gggg::/16", " 10.0.0.0/8", "10.0.0.0/8 "]) {
            expect(cidrFamily(bad), bad).to.equal(undefined);
        }
    });

    it("requireCidrList names the argument and the bad entry, and enforces families and a minimum", () => {
        expect(requireCidrList("a", ["10.0.0.0/8", "2001:db8::/32"], ["ipv4", "ipv6"])).to.deep.equal(["10.0.0.0/8", "2001:db8::/32"]);
        const fail = (values: unknown, families: ("ipv4" | "ipv6")[], min = 0) => {
            try {
                requireCidrList("x.cidrs", values, families, min);
            } catch (error) {
                return error as WandbArgumentError;
            }
            throw new Error("expected a WandbArgumentError");
        };
        expect(fail(["2001:db8::/32"], ["ipv4"]).message).to.match(/x\.cidrs\[0\]: got "2001:db8::\/32"; an IPv4 CIDR block with its host bits zero/);
        expect(fail(["10.0.0.0/8", "10.0.1.0/16"], ["ipv4"]).argument).to.equal("x.cidrs[1]");
        expect(fail([], ["ipv4"], 1).message).to.match(/at least 1 IPv4 CIDR/);
        expect(fail("10.0.0.0/8", ["ipv4"]).argument).to.equal("x.cidrs");
    });
});
