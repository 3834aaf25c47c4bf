import * as pulumi from "@pulumi/pulumi";

/** How to describe a bad value in a message. */
export interface ArgumentErrorOptions {
    /** A good value, shown after what is allowed ("e.g. ..."). */
    example?: string;
    /** The value is a secret: the message says `[secret]` instead of it. */
    secret?: boolean;
}

/**
 * The error every component and program throws for bad input: one line that names the argument (or the
 * stack key the user wrote), the value given (redacted when secret), what is allowed and an example.
 *
 * It is a Pulumi `RunError`, so `pulumi preview`/`up` print the message alone, without a JavaScript stack
 * trace, and the programs throw it before registering anything.
 */
export class WandbArgumentError extends pulumi.RunError {
    /** The argument path (`aws.nodeInstanceType`) or stack key (`wandb:infra.aws.region`). */
    public readonly argument: string;
    /** The value that was given (undefined when it was a secret). */
    public readonly value: unknown;
    /** What would have been accepted. */
    public readonly allowed: string;
    /** How the value is shown. */
    public readonly options: ArgumentErrorOptions;

    /**
     * @param argument The argument path, as a user would write it.
     * @param value The value that was given.
     * @param allowed What would have been accepted.
     * @param options An example of a good value; whether the value is secret.
     */
    constructor(argument: string, value: unknown, allowed: string, options: ArgumentErrorOptions = {}) {
        const example = options.example !== undefined && !allowed.includes(options.example) ? ` (e.g. ${options.example})` : "";
        super(`Invalid argument ${argument}: got ${options.secret ? "[secret]" : describeValue(value)}; ${allowed}${example}.`);
        this.name = "WandbArgumentError";
        this.argument = argument;
        this.value = options.secret ? undefined : value;
        this.allowed = allowed;
        this.options = options;
    }

    /** The same error, naming `argument` instead (a stack key in place of a component argument). */
    public renamed(argument: string): WandbArgumentError {
        return new WandbArgumentError(argument, this.value, this.allowed, this.options);
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
        const close = typeof value === "string" ? closest(value, allowed) : undefined;
        throw new WandbArgumentError(argument, value, `allowed: ${allowed.map((a) => JSON.stringify(a)).join(", ")}${close ? `; did you mean ${JSON.stringify(close)}?` : ""}`);
    }
    return value as T;
}

/** Throws unless `value` is a non-empty string. */
export function requireNonEmpty(argument: string, value: unknown, options: ArgumentErrorOptions = {}): string {
    if (typeof value !== "string" || value.trim() === "") {
        throw new WandbArgumentError(argument, value, "a non-empty string is required", options);
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

/**
 * The candidate closest to `word` (case-insensitive edit distance at most a third of its length, at
 * least 2), for "did you mean" hints; undefined when nothing is close.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
    for (const candidate of candidates) {
        const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

/**
 * Runs `validate` and renames the argument of a `WandbArgumentError` it throws with `rename`: how a
 * program reports the stack key a user edited rather than the component argument it became.
 */
export function withArgumentNames<T>(rename: (argument: string) => string, validate: () => T): T {
    try {
        return validate();
    } catch (error) {
        if (error instanceof WandbArgumentError) {
            throw error.renamed(rename(error.argument));
        }
        throw error;
    }
}
