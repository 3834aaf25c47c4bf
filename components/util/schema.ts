/**
 * Typed argument schemas: one table per argument bag (a component's args, a stack key's object) that
 * both validates input and documents it (docs/inputs.md is generated from these tables).
 *
 * A `Schema<T>` has exactly the keys of `T` (the compiler checks it), so an argument added to an
 * interface without a rule does not compile. Validation walks the value: unknown keys are errors (with a
 * "did you mean" when one is close), required keys must be set, each leaf must pass its rule. Values that
 * are Pulumi Outputs or Promises are only known at deployment: their rule runs when they resolve.
 */
import * as pulumi from "@pulumi/pulumi";
import { WandbArgumentError, closest } from "./errors";

/** What a leaf value must be: a test and the words that say it. */
export interface Rule {
    /** What is allowed, e.g. `a Kubernetes name: lower-case letters, digits and '-'`. */
    readonly allowed: string;
    /** A good value, for messages and docs. */
    readonly example?: string;
    /** Normalisation applied before the test, only where it is unambiguous (a trailing slash). */
    readonly normalize?: (value: string) => string;
    /** True when the (normalised) value is allowed. */
    readonly test: (value: string) => boolean;
}

/** The JSON-ish kinds a field can have. */
export type FieldKind = "string" | "number" | "integer" | "boolean" | "object" | "array" | "record" | "resource" | "any";

/** One field of a schema. */
export interface Field {
    /** The kind of value. */
    readonly kind: FieldKind;
    /** Must be set. */
    readonly required?: boolean;
    /** A Pulumi secret: never echoed in messages, documented as secret. */
    readonly secret?: boolean;
    /** A string rule. */
    readonly rule?: Rule;
    /** Numbers: inclusive bounds. */
    readonly min?: number;
    readonly max?: number;
    /** Arrays: the least number of items. */
    readonly minItems?: number;
    /** What is allowed, for kinds without a rule (objects, resources, escape hatches). */
    readonly allowed?: string;
    /** Objects: the fields. */
    readonly fields?: Readonly<Record<string, Field>>;
    /** Arrays: each item; records: each value. */
    readonly item?: Field;
}

/** A schema for `T`: one field per key of `T`, no more, no less. */
export type Schema<T> = { readonly [K in keyof T]-?: Field };

/** A string field with an optional rule. */
export function text(rule?: Rule): Field {
    return { kind: "string", rule };
}
/** A string that is one of `values`. */
export function oneOf(values: readonly string[]): Field {
    return { kind: "string", rule: { allowed: `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`, example: values[0], test: (v) => values.includes(v) } };
}
/** An integer in `[min, max]`. */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER): Field {
    return { kind: "integer", min, max };
}
/** A boolean. */
export const flag: Field = { kind: "boolean" };
/** A nested object with its own schema. */
export function object<T>(fields: Schema<T>, allowed?: string): Field {
    return { kind: "object", fields: fields as Readonly<Record<string, Field>>, allowed };
}
/** A list of `item`s with at least `minItems`. */
export function list(item: Field, minItems = 0): Field {
    return { kind: "array", item, minItems };
}
/** A map of string keys to `item`s. */
export function record(item: Field): Field {
    return { kind: "record", item };
}
/** A Pulumi resource (a provider, a component), or any value the component checks itself. */
export function opaque(kind: "resource" | "any", allowed: string): Field {
    return { kind, allowed };
}
/** `field`, required. */
export function required(field: Field): Field {
    return { ...field, required: true };
}
/** `field`, a Pulumi secret. */
export function secret(field: Field): Field {
    return { ...field, secret: true };
}

/** True for a value only known at deployment. */
export function isDeferred(value: unknown): value is pulumi.Output<unknown> | Promise<unknown> {
    return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/** Throws unless `value` passes `rule`; returns it normalised. */
export function applyRule(path: string, value: unknown, rule: Rule, secretValue = false): string {
    const normalized = typeof value === "string" && rule.normalize ? rule.normalize(value) : value;
    if (typeof normalized !== "string" || !rule.test(normalized)) {
        throw new WandbArgumentError(path, value, rule.allowed, { example: rule.example, secret: secretValue });
    }
    return normalized;
}

/**
 * Validates `value` against `schema` and returns it with leaves normalised. `path` prefixes every
 * argument named in an error (`""` for a component's own arguments, `wandb:infra` for a stack key).
 */
export function validateSchema<T>(schema: Schema<T>, value: unknown, path: string): T {
    return validateField(object(schema), value, path) as T;
}

/** Validates one value against `field`; `path` names it in errors. Returns it normalised. */
export function validateValue(field: Field, value: unknown, path: string): unknown {
    return validateField(field, value, path);
}

function join(path: string, key: string): string {
    return path ? `${path}.${key}` : key;
}

function describeKind(field: Field): string {
    switch (field.kind) {
        case "object":
            return field.allowed ?? `an object with keys ${Object.keys(field.fields ?? {}).join(", ")}`;
        case "array":
            return `a list${field.minItems ? ` of at least ${field.minItems}` : ""}`;
        case "record":
            return "a map of names to values";
        case "integer":
            return field.max !== undefined && field.max < Number.MAX_SAFE_INTEGER ? `an integer from ${field.min} to ${field.max}` : `an integer >= ${field.min ?? 0}`;
        case "boolean":
            return "true or false";
        default:
            return field.allowed ?? `a ${field.kind}`;
    }
}

function validateField(field: Field, value: unknown, path: string): unknown {
    if (value === undefined || value === null) {
        if (field.required) {
            throw new WandbArgumentError(path, undefined, `required: ${field.rule?.allowed ?? describeKind(field)}`, { example: field.rule?.example });
        }
        return undefined;
    }
    if (isDeferred(value)) {
        // Known only at deployment: the checked Output takes the value's place, so whatever consumes it
        // (a Secret, the custom resource) fails with the message instead of deploying a bad value.
        const rule = field.rule;
        return rule ? (pulumi.output(value) as pulumi.Output<unknown>).apply((resolved) => applyRule(path, resolved, rule, field.secret)) : value;
    }
    const bad = (): never => {
        throw new WandbArgumentError(path, value, describeKind(field), { secret: field.secret });
    };
    switch (field.kind) {
        case "string":
            if (typeof value !== "string") bad();
            return field.rule ? applyRule(path, value, field.rule, field.secret) : value;
        case "integer":
        case "number": {
            const number = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
            if (typeof number !== "number" || !Number.isFinite(number) || (field.kind === "integer" && !Number.isInteger(number))) bad();
            if ((field.min !== undefined && (number as number) < field.min) || (field.max !== undefined && (number as number) > field.max)) bad();
            return number;
        }
        case "boolean":
            if (typeof value !== "boolean") bad();
            return value;
        case "array": {
            if (!Array.isArray(value) || value.length < (field.minItems ?? 0)) bad();
            return (value as unknown[]).map((item, index) => validateField(field.item ?? opaque("any", "anything"), item, `${path}[${index}]`));
        }
        case "record":
        case "object": {
            if (typeof value !== "object" || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) bad();
            const entries = Object.entries(value as Record<string, unknown>);
            if (field.kind === "record") {
                return Object.fromEntries(entries.map(([key, item]) => [key, validateField(field.item ?? opaque("any", "anything"), item, join(path, key))]));
            }
            const fields = field.fields ?? {};
            const known = Object.keys(fields);
            for (const [key] of entries) {
                if (!(key in fields)) {
                    const hint = closest(key, known);
                    throw new WandbArgumentError(join(path, key), (value as Record<string, unknown>)[key], `unknown key${hint ? `; did you mean ${JSON.stringify(hint)}?` : ""} Allowed keys${path ? ` of ${path}` : ""}: ${known.join(", ")}`);
                }
            }
            const result: Record<string, unknown> = { ...(value as Record<string, unknown>) };
            for (const key of known) {
                const checked = validateField(fields[key], (value as Record<string, unknown>)[key], join(path, key));
                if (checked !== undefined) {
                    result[key] = checked;
                }
            }
            return result;
        }
        default:
            return value;
    }
}

/** One documented input: a row of docs/inputs.md. */
export interface SchemaRow {
    /** Argument path or stack key. */
    path: string;
    /** What kind of value, with `required`/`secret` marks. */
    kind: string;
    /** What is allowed. */
    allowed: string;
    /** An example, when the rule has one. */
    example: string;
}

/** Every field of `schema` as documentation rows, depth first. */
export function schemaRows<T>(schema: Schema<T>, path: string): SchemaRow[] {
    const rows: SchemaRow[] = [];
    const walk = (field: Field, at: string): void => {
        const marks = [field.required ? "required" : "", field.secret ? "secret" : ""].filter(Boolean).join(", ");
        rows.push({ path: at, kind: `${field.kind}${marks ? ` (${marks})` : ""}`, allowed: field.rule?.allowed ?? describeKind(field), example: field.rule?.example ?? "" });
        if (field.kind === "object") {
            Object.entries(field.fields ?? {}).forEach(([key, child]) => walk(child, join(at, key)));
        } else if (field.item && (field.item.kind === "object" || field.item.rule)) {
            walk(field.item, `${at}${field.kind === "array" ? "[]" : ".<name>"}`);
        }
    };
    Object.entries(schema as Record<string, Field>).forEach(([key, field]) => walk(field, join(path, key)));
    return rows;
}
