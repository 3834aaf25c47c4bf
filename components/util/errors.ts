/**
 * The error every component throws for bad input: one message that names the argument, the value
 * given and what is allowed, so a `pulumi up` fails before anything is created.
 */
export class WandbArgumentError extends Error {
    /** The argument path, e.g. `aws.nodeInstanceType`. */
    public readonly argument: string;

    /**
     * @param argument The argument path, as a user would write it.
     * @param value The value that was given.
     * @param allowed What would have been accepted.
     */
    constructor(argument: string, value: unknown, allowed: string) {
        super(`Invalid argument ${argument}: got ${describeValue(value)}; ${allowed}.`);
        this.name = "WandbArgumentError";
        this.argument = argument;
    }
}

function describeValue(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    if (typeof value === "string") {
        return JSON.stringify(value);
    }
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}

/** Throws unless `value` is one of `allowed`; returns it narrowed to the allowed union. */
export function requireOneOf<T extends string>(argument: string, value: unknown, allowed: readonly T[]): T {
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
        throw new WandbArgumentError(argument, value, `allowed: ${allowed.map((a) => JSON.stringify(a)).join(", ")}`);
    }
    return value as T;
}

/** Throws unless `value` is a non-empty string. */
export function requireNonEmpty(argument: string, value: unknown): string {
    if (typeof value !== "string" || value.trim() === "") {
        throw new WandbArgumentError(argument, value, "a non-empty string is required");
    }
    return value;
}

/** Throws unless `value` is an integer of at least `min`. */
export function requireIntegerAtLeast(argument: string, value: unknown, min: number, why = ""): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
        throw new WandbArgumentError(argument, value, `an integer >= ${min} is required${why ? ` (${why})` : ""}`);
    }
    return value;
}
