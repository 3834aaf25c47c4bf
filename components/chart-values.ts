/**
 * Helm chart values a user passes through (the `values` escape hatch of `WandbOperator` and `WandbInstance`): an
 * object of JSON-like values, deep-merged over what the component renders.
 *
 * `any`, not `unknown`, on purpose: Pulumi's schema inference for other languages (`@pulumi/pulumi` 3.270.0,
 * `provider/experimental/analyzer.js`) maps only `any` to `pulumi.json#/Any`, the schema's "any value"; it refuses
 * `unknown`, and every JSON type needs a union, which it refuses too. A caller can pass exactly the objects
 * `Record<string, unknown>` accepted; this package's own code reads the values as `Record<string, unknown>`.
 */
export type ChartValues = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
