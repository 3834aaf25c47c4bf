/** True for plain objects (not arrays, not Pulumi Outputs or Resources, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return false;
    }
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}

/**
 * Deep-merges `override` into `base` without mutating either: objects merge key by key, everything
 * else (arrays, scalars, Outputs) in `override` replaces the value in `base`. This is how Helm merges
 * values, so an escape-hatch `values` object behaves as users expect.
 */
export function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
    const result: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) {
        const current = result[key];
        result[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
    }
    return result;
}

/** `value` without its undefined entries (so a spread does not overwrite defaults with `undefined`). */
export function definedOnly<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
