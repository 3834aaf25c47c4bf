/** Resolves every Pulumi Output nested in a value (for tests of pure renderers that embed Outputs). */
import * as pulumi from "@pulumi/pulumi";
import { isPlainObject } from "../../components/util/merge";

/** The value with every nested Output/Promise replaced by what it resolves to. */
export async function resolveDeep(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        const inner = await new Promise<unknown>((resolve) => (value as pulumi.Output<unknown>).apply((v) => resolve(v)));
        return resolveDeep(inner);
    }
    if (value instanceof Promise) {
        return resolveDeep(await value);
    }
    if (Array.isArray(value)) {
        return Promise.all(value.map(resolveDeep));
    }
    if (isPlainObject(value)) {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveDeep(v)] as const));
        return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
    }
    return value;
}
