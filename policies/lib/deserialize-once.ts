/**
 * Converts each resource's properties once per request instead of once per rule.
 *
 * @pulumi/policy's Analyzer server (server.js, `analyze` and `analyzeStack`) calls
 * `deserializeProperties(resource.getProperties())` inside its loop over policies: with this pack's 16
 * rules, every resource's protobuf Struct is turned into JavaScript 16 times per request, which is most
 * of what the pack costs over a one-rule pack (`npm run bench`, docs/performance.md). The Struct object
 * is the same for every policy of a request (jspb caches the wrapper), so a WeakMap keyed by it returns
 * the first conversion to the others, and the entry goes when the request does. The SDK wraps the result
 * in a fresh unknown-checking proxy per policy; rules only read properties, never write them.
 *
 * Only the read-only conversion (`proxySecrets` false) is shared; remediation keeps its own. Loaded by
 * the pack's entry point only, so tools that import the rules see the SDK unchanged.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

type Deserialize = (struct: object, proxySecrets: boolean) => Record<string, unknown>;

/** The SDK module the server calls through (`deserialize_1.deserializeProperties(...)`). */
const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties: Deserialize };

/** Installs the memo; idempotent. Returns false when the SDK no longer has the function to wrap. */
export function deserializeOncePerRequest(): boolean {
    const original = sdk.deserializeProperties as Deserialize & { memoized?: true };
    if (typeof original !== "function") {
        return false;
    }
    if (original.memoized) {
        return true;
    }
    const converted = new WeakMap<object, Record<string, unknown>>();
    const memoized: Deserialize & { memoized?: true } = (struct, proxySecrets) => {
        if (proxySecrets || struct === null || typeof struct !== "object") {
            return original(struct, proxySecrets);
        }
        let props = converted.get(struct);
        if (!props) {
            props = original(struct, false);
            converted.set(struct, props);
        }
        return props;
    };
    memoized.memoized = true;
    sdk.deserializeProperties = memoized;
    return true;
}
