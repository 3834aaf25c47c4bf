/**
 * Rule (b): every value our custom resource sets is read by the chart, i.e. changing it changes the
 * render (or makes the chart refuse it), unless an allowance says why not.
 *
 * To keep the number of helm runs low, one pass first appends a unique marker to every string value and
 * looks for the markers in the output (Secret data decoded); only values whose marker is not found are
 * then changed one at a time and compared with the unchanged render. Values of a subsystem the stack
 * does not install are checked in a render with that subsystem installed (`enable`).
 */
import { Manifest, parseManifests } from "./manifests";
import { RuleResult } from "./rules";

/** Renders values to manifest text; throws when the chart refuses them. */
export type Renderer = (values: Record<string, unknown>) => string;

/** A value we set that the chart may legitimately leave unread, and why. */
export interface MutationAllowance {
    /** Matches the dotted path (`global.cloudProvider`, `ingress.tls.0.hosts.0`). */
    path: RegExp;
    /** Why it is set although the render does not change. */
    reason: string;
}

/** One set value: its path and value. */
export interface ValueLeaf {
    path: (string | number)[];
    value: unknown;
}

/** Dotted form of a path. */
export function dotted(path: readonly (string | number)[]): string {
    return path.join(".");
}

/** Every leaf of a values tree; empty objects and arrays are leaves too. */
export function valueLeaves(values: unknown, prefix: (string | number)[] = []): ValueLeaf[] {
    if (Array.isArray(values) && values.length > 0) {
        return values.flatMap((v, i) => valueLeaves(v, [...prefix, i]));
    }
    if (values !== null && typeof values === "object" && !Array.isArray(values) && Object.keys(values).length > 0) {
        return Object.entries(values).flatMap(([k, v]) => valueLeaves(v, [...prefix, k]));
    }
    return [{ path: prefix, value: values }];
}

/** A deep copy of `values` with `path` set to `value`. */
export function withValueAt<T>(values: T, path: readonly (string | number)[], value: unknown): T {
    const copy = structuredClone(values) as unknown as Record<string | number, unknown>;
    let node = copy;
    for (let i = 0; i < path.length - 1; i++) {
        if (node[path[i]] === null || typeof node[path[i]] !== "object") {
            node[path[i]] = typeof path[i + 1] === "number" ? [] : {};
        }
        node = node[path[i]] as Record<string | number, unknown>;
    }
    node[path[path.length - 1]] = value;
    return copy as unknown as T;
}

/** A different value of the same kind. */
export function mutatedValue(value: unknown): unknown {
    if (typeof value === "string") return `${value}-mutated`;
    if (typeof value === "number") return value + 1;
    if (typeof value === "boolean") return !value;
    if (Array.isArray(value)) return ["mutated"];
    if (value !== null && typeof value === "object") return { mutated: "mutated" };
    return "mutated";
}

/** The render as text with every Secret's data decoded, so markers inside Secrets are found. */
function searchableText(text: string): string {
    let manifests: Manifest[];
    try {
        manifests = parseManifests(text);
    } catch {
        return text;
    }
    const decoded = manifests
        .filter((m) => m.kind === "Secret")
        .flatMap((m) => Object.values((m.data as Record<string, string>) ?? {}).map((v) => Buffer.from(String(v), "base64").toString("utf8")));
    return [text, ...decoded].join("\n");
}

/**
 * The chart generates some values at random on every render (`randAlphaNum` passwords and session
 * keys): lines that differ between two renders of the same values are compared by their key only.
 */
function normalizer(first: string, second: string): (text: string) => string {
    const a = first.split("\n");
    const b = second.split("\n");
    const volatile = new Set<string>();
    const keyOf = (line: string) => line.slice(0, line.indexOf(":") + 1);
    a.forEach((line, i) => {
        if (line !== b[i] && keyOf(line) !== "") volatile.add(keyOf(line));
    });
    if (a.length !== b.length) {
        throw new Error("two renders of the same values differ in length: the chart's output is not comparable");
    }
    return (text) => (volatile.size === 0 ? text : text.split("\n").map((line) => (volatile.has(keyOf(line)) ? keyOf(line) : line)).join("\n"));
}

function tryRender(render: Renderer, values: Record<string, unknown>): string | Error {
    try {
        return render(values);
    } catch (error) {
        return error as Error;
    }
}

/**
 * The leaves of `leaves` the chart reads in `values`' render: markers first, then one change at a time
 * (only for leaves `individually` accepts).
 */
function readLeaves(values: Record<string, unknown>, leaves: ValueLeaf[], render: Renderer, individually: (leaf: ValueLeaf) => boolean): Set<string> {
    const read = new Set<string>();
    const first = tryRender(render, values);
    if (first instanceof Error) {
        throw new Error(`the chart refuses the values: ${first.message}`);
    }
    const normalize = normalizer(first, render(values));
    const base = normalize(first);
    let marked = values;
    const markers = new Map<string, string>();
    leaves.forEach((leaf, i) => {
        if (typeof leaf.value === "string") {
            const marker = `ccm${i}q`;
            markers.set(dotted(leaf.path), marker);
            marked = withValueAt(marked, leaf.path, `${leaf.value}${marker}`);
        }
    });
    const markedRender = markers.size > 0 ? tryRender(render, marked) : new Error("no string values");
    if (!(markedRender instanceof Error)) {
        const text = searchableText(markedRender);
        for (const [path, marker] of markers) {
            if (text.includes(marker)) read.add(path);
        }
    }
    for (const leaf of leaves.filter(individually)) {
        const path = dotted(leaf.path);
        if (read.has(path)) continue;
        const changed = tryRender(render, withValueAt(values, leaf.path, mutatedValue(leaf.value)));
        if (changed instanceof Error || normalize(changed) !== base) read.add(path);
    }
    return read;
}

/** Options of {@link checkMutations}. */
export interface MutationOptions {
    /**
     * Leaves of subsystems the stack does not install: checked in a second render with them installed
     * (`enable`), not one by one in the stack's own render, where they cannot change anything.
     */
    deferred?: (path: string) => boolean;
    /** The values with every subsystem they configure installed. */
    enable?: (values: Record<string, unknown>) => Record<string, unknown>;
}

/** Rule (b). */
export function checkMutations(values: Record<string, unknown>, render: Renderer, allowances: readonly MutationAllowance[], options: MutationOptions = {}): RuleResult {
    const leaves = valueLeaves(values);
    const deferred = (leaf: ValueLeaf) => options.enable !== undefined && (options.deferred?.(dotted(leaf.path)) ?? false);
    const read = readLeaves(values, leaves, render, (leaf) => !deferred(leaf));
    let unread = leaves.filter((leaf) => !read.has(dotted(leaf.path)));
    if (unread.length > 0 && options.enable) {
        const readWhenEnabled = readLeaves(options.enable(values), unread, render, () => true);
        unread = unread.filter((leaf) => !readWhenEnabled.has(dotted(leaf.path)));
    }
    const result: RuleResult = { failures: [], notes: [] };
    for (const leaf of unread) {
        const path = dotted(leaf.path);
        const allowance = allowances.find((a) => a.path.test(path));
        if (allowance) {
            result.notes.push(`set but not read: ${path}: ${allowance.reason}`);
        } else {
            result.failures.push(`${path} = ${JSON.stringify(leaf.value)} is never read: changing it leaves the render unchanged`);
        }
    }
    return result;
}
