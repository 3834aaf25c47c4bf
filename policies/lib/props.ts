/** Reading resource properties without trusting their shape. */

/** The value at a dotted path (`settings.backupConfiguration.enabled`), or undefined. */
export function get(props: unknown, path: string): unknown {
    let current: unknown = props;
    for (const key of path.split(".")) {
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = (current as Record<string, unknown>)[key];
    }
    return current;
}

/** The value as a string, or undefined when it is not one. */
export function str(props: unknown, path: string): string | undefined {
    const value = get(props, path);
    return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

/** The value as a number (numeric strings accepted), or undefined. */
export function num(props: unknown, path: string): number | undefined {
    const value = get(props, path);
    if (typeof value === "number") {
        return value;
    }
    return typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)) ? Number(value) : undefined;
}

/** The value as a boolean (`"true"` accepted), or undefined. */
export function bool(props: unknown, path: string): boolean | undefined {
    const value = get(props, path);
    return typeof value === "boolean" ? value : value === "true" ? true : value === "false" ? false : undefined;
}

/** The value as an array (a missing value is an empty array). */
export function list(props: unknown, path: string): unknown[] {
    const value = get(props, path);
    return Array.isArray(value) ? value : [];
}

/** The value as a string-keyed object (a missing value is an empty object). */
export function record(props: unknown, path: string): Record<string, unknown> {
    const value = get(props, path);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
