/** The pack converts each resource's properties once per request (policies/lib/deserialize-once.ts). */
import { expect } from "chai";
import * as path from "path";
import { deserializeOncePerRequest } from "../../policies/lib/deserialize-once";

/* eslint-disable @typescript-eslint/no-require-imports */
const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const structProto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [PULUMI_DIR] })) as { Struct: { fromJavaScript(value: object): object } };
const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties: (struct: object, proxySecrets: boolean) => Record<string, unknown> };

describe("policy pack: one property conversion per resource and request", () => {
    it("wraps the SDK's deserializeProperties that its Analyzer server calls, once", () => {
        const before = sdk.deserializeProperties;
        expect(deserializeOncePerRequest()).to.equal(true);
        const wrapped = sdk.deserializeProperties;
        expect(wrapped).to.not.equal(before);
        expect(deserializeOncePerRequest()).to.equal(true);
        expect(sdk.deserializeProperties).to.equal(wrapped);
    });

    it("returns the first conversion for the same Struct, converts another Struct anew, and leaves the remediation path alone", () => {
        deserializeOncePerRequest();
        const struct = structProto.Struct.fromJavaScript({ engine: "redis", engineVersion: "7.1", tags: { a: "b" } });
        const first = sdk.deserializeProperties(struct, false);
        expect(first).to.deep.equal({ engine: "redis", engineVersion: "7.1", tags: { a: "b" } });
        expect(sdk.deserializeProperties(struct, false)).to.equal(first);
        expect(sdk.deserializeProperties(structProto.Struct.fromJavaScript({ engine: "redis" }), false)).to.deep.equal({ engine: "redis" });
        expect(sdk.deserializeProperties(struct, true)).to.not.equal(first);
    });
});
