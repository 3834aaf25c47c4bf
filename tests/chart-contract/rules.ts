/**
 * The chart contract's rules, as pure functions over rendered manifests (and, for the mutation rule, a
 * render function), so each can be unit-tested against small hand-written manifests:
 * (a) every Secret name and key a workload reads exists, (b) every value we set is read,
 * (c) every W&B image is pinned, (d) the Ingress routes are the reference architecture's,
 * (e) the Deployments the readiness wait names exist.
 */
import { Manifest, containersOf, secretKeysOf, workloads } from "./manifests";

/** What a rule found: failures make the check fail; notes are printed (allowed exceptions and why). */
export interface RuleResult {
    failures: string[];
    notes: string[];
}

// ---------------------------------------------------------------------------------------------
// (a) Secrets

/** One place a workload reads a Secret. */
export interface SecretReference {
    /** `Deployment/wandb-app-bc`. */
    workload: string;
    /** Secret name. */
    secret: string;
    /** Key; absent for `envFrom` (the whole Secret). */
    key?: string;
    /** `optional: true`. */
    optional: boolean;
    /** How it is read. */
    via: "env" | "envFrom" | "volume";
}

/** A Secret that exists beside the workloads. */
export interface KnownSecret {
    /** Name. */
    name: string;
    /** Its keys. */
    keys: string[];
    /** Created by this package (`ours`) or rendered by the chart (`chart`). */
    source: "ours" | "chart";
}

/** Why an optional reference that finds nothing is fine. */
export interface OptionalReason {
    /** Secret name it applies to. */
    secret: RegExp;
    /** Key it applies to; absent: any key (and `envFrom`). */
    key?: RegExp;
    /** Why an empty value is fine. */
    reason: string;
}

/** Every Secret reference of every workload: env `secretKeyRef`, `envFrom` `secretRef`, secret and projected volumes. */
export function secretReferences(manifests: Manifest[]): SecretReference[] {
    const refs: SecretReference[] = [];
    for (const { id, pod } of workloads(manifests)) {
        for (const container of containersOf(pod)) {
            for (const env of container.env ?? []) {
                const ref = env.valueFrom?.secretKeyRef;
                if (ref?.name) {
                    refs.push({ workload: id, secret: ref.name, key: ref.key, optional: ref.optional === true, via: "env" });
                }
            }
            for (const from of container.envFrom ?? []) {
                if (from.secretRef?.name) {
                    refs.push({ workload: id, secret: from.secretRef.name, optional: from.secretRef.optional === true, via: "envFrom" });
                }
            }
        }
        for (const volume of pod.volumes ?? []) {
            const sources = [
                ...(volume.secret?.secretName ? [{ name: volume.secret.secretName, optional: volume.secret.optional, items: volume.secret.items }] : []),
                ...(volume.projected?.sources ?? []).flatMap((s) => (s.secret?.name ? [s.secret] : [])),
            ] as { name: string; optional?: boolean; items?: { key?: string }[] }[];
            for (const source of sources) {
                const items = source.items?.length ? source.items.map((i) => i.key) : [undefined];
                for (const key of items) {
                    refs.push({ workload: id, secret: source.name, key, optional: source.optional === true, via: "volume" });
                }
            }
        }
    }
    return refs;
}

/** The Secrets a render contains. */
export function renderedSecrets(manifests: Manifest[]): KnownSecret[] {
    return manifests
        .filter((m) => m.kind === "Secret" && m.metadata?.name)
        .map((m) => ({ name: m.metadata?.name as string, keys: secretKeysOf(m), source: "chart" as const }));
}

/**
 * Rule (a): every reference finds its Secret and key among ours and the chart's; an optional reference
 * that finds nothing must have a reason (listed as a note), a required one fails.
 */
export function checkSecretReferences(manifests: Manifest[], ours: KnownSecret[], reasons: readonly OptionalReason[]): RuleResult {
    const known = [...ours, ...renderedSecrets(manifests)];
    const byProblem = new Map<string, { ref: SecretReference; workloads: Set<string>; problem: string }>();
    for (const ref of secretReferences(manifests)) {
        const secrets = known.filter((s) => s.name === ref.secret);
        let problem: string | undefined;
        if (secrets.length === 0) {
            problem = `Secret ${ref.secret} exists neither in the render nor among the Secrets this package creates`;
        } else if (ref.key !== undefined && !secrets.some((s) => s.keys.includes(ref.key as string))) {
            problem = `Secret ${ref.secret} (${secrets.map((s) => s.source).join(", ")}) has no key ${ref.key} (keys: ${[...new Set(secrets.flatMap((s) => s.keys))].join(", ") || "none"})`;
        }
        if (problem === undefined) {
            continue;
        }
        const id = `${ref.secret}/${ref.key ?? "*"}/${ref.optional}`;
        const entry = byProblem.get(id) ?? { ref, workloads: new Set<string>(), problem };
        entry.workloads.add(ref.workload);
        byProblem.set(id, entry);
    }
    const result: RuleResult = { failures: [], notes: [] };
    for (const { ref, workloads: readers, problem } of byProblem.values()) {
        const where = `${[...readers].sort().join(", ")} read ${ref.via} ${ref.secret}${ref.key ? `/${ref.key}` : ""}`;
        if (!ref.optional) {
            result.failures.push(`${where}: ${problem}`);
            continue;
        }
        const reason = reasons.find((r) => r.secret.test(ref.secret) && (r.key === undefined || (ref.key !== undefined && r.key.test(ref.key))));
        if (reason) {
            result.notes.push(`optional, empty: ${ref.secret}${ref.key ? `/${ref.key}` : ""}: ${reason.reason}`);
        } else {
            result.failures.push(`${where} (optional): ${problem}, and no reason says why an empty value is fine`);
        }
    }
    return result;
}

/** A Secret this package creates that the chart also renders: Helm cannot adopt it, the install fails. */
export function checkSecretNameClashes(manifests: Manifest[], ours: KnownSecret[]): RuleResult {
    const rendered = new Set(renderedSecrets(manifests).map((s) => s.name));
    return {
        failures: ours.filter((s) => rendered.has(s.name)).map((s) => `Secret ${s.name} is created by this package and rendered by the chart: the operator's Helm install would fail`),
        notes: [],
    };
}

// ---------------------------------------------------------------------------------------------
// (c) Images

/** `registry:5000/wandb/local:0.83.0` → repository `registry:5000/wandb/local`, tag `0.83.0`. */
export function parseImage(image: string): { repository: string; tag?: string; digest?: string } {
    const [withoutDigest, digest] = image.split("@");
    const slash = withoutDigest.lastIndexOf("/");
    const colon = withoutDigest.lastIndexOf(":");
    if (colon > slash) {
        return { repository: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
    }
    return { repository: withoutDigest, digest };
}

/** Every image of every workload, with the workloads that run it. */
export function renderedImages(manifests: Manifest[]): Map<string, string[]> {
    const images = new Map<string, string[]>();
    for (const { id, pod } of workloads(manifests)) {
        for (const container of containersOf(pod)) {
            if (container.image) {
                images.set(container.image, [...(images.get(container.image) ?? []), id]);
            }
        }
    }
    return images;
}

/**
 * Rule (c): every W&B image (repository under one of `wandbPrefixes`) has a tag other than `latest` (or a
 * digest), and every repository this package pins runs exactly the pinned tag.
 */
export function checkImagePins(manifests: Manifest[], pinned: ReadonlyMap<string, string>, wandbPrefixes: readonly string[]): RuleResult {
    const result: RuleResult = { failures: [], notes: [] };
    for (const [image, users] of renderedImages(manifests)) {
        const { repository, tag, digest } = parseImage(image);
        const expected = pinned.get(repository);
        const isWandb = expected !== undefined || wandbPrefixes.some((prefix) => repository.startsWith(prefix));
        if (!isWandb) {
            continue;
        }
        if (digest === undefined && (tag === undefined || tag === "" || tag === "latest")) {
            result.failures.push(`${image} (${users.join(", ")}): W&B image not pinned (tag ${tag ?? "none"})`);
        } else if (expected !== undefined && tag !== expected) {
            result.failures.push(`${image} (${users.join(", ")}): runs tag ${tag}, this package pins ${expected}`);
        }
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// (d) Ingress routes

/** One path of an Ingress. */
export interface Route {
    path: string;
    service: string;
    port: number | string;
}

/** The routes of every Ingress, services renamed from `<release>-x` to `wandb-x` (the names the reference architecture uses). */
export function ingressRoutes(manifests: Manifest[], release: string): Route[] {
    const routes: Route[] = [];
    for (const ingress of manifests.filter((m) => m.kind === "Ingress")) {
        const rules = ((ingress.spec as Record<string, unknown>)?.rules ?? []) as { http?: { paths?: Record<string, unknown>[] } }[];
        for (const rule of rules) {
            for (const entry of rule.http?.paths ?? []) {
                const service = (entry.backend as { service?: { name?: string; port?: { number?: number; name?: string } } })?.service;
                const name = service?.name ?? "";
                routes.push({
                    path: String(entry.path),
                    service: name.startsWith(`${release}-`) ? `wandb-${name.slice(release.length + 1)}` : name,
                    port: service?.port?.number ?? service?.port?.name ?? "",
                });
            }
        }
    }
    return routes;
}

/** Rule (d): the rendered routes are exactly `expected` (no route missing, none extra). */
export function checkIngressRoutes(manifests: Manifest[], release: string, expected: readonly Route[]): RuleResult {
    const key = (r: Route) => `${r.path} -> ${r.service}:${r.port}`;
    const rendered = new Set(ingressRoutes(manifests, release).map(key));
    const wanted = new Set(expected.map(key));
    const failures = [
        ...[...wanted].filter((r) => !rendered.has(r)).map((r) => `route ${r} is in requirements.ts but not in the rendered Ingress`),
        ...[...rendered].filter((r) => !wanted.has(r)).map((r) => `route ${r} is rendered but not in requirements.ts`),
    ];
    return { failures, notes: [] };
}

// ---------------------------------------------------------------------------------------------
// (e) Readiness targets

/** Rule (e): every Deployment the readiness wait patches exists in the render. */
export function checkReadinessTargets(manifests: Manifest[], deployments: readonly string[]): RuleResult {
    const rendered = new Set(manifests.filter((m) => m.kind === "Deployment").map((m) => m.metadata?.name));
    return {
        failures: deployments.filter((d) => !rendered.has(d)).map((d) => `the readiness wait patches Deployment ${d}, which the chart does not render`),
        notes: [],
    };
}

// ---------------------------------------------------------------------------------------------
// (f) Image pull secrets

/** Every `imagePullSecrets` entry is `{name: <string>}` (a list of names rendered as objects shows up as `map[...]`). */
export function checkImagePullSecrets(manifests: Manifest[]): RuleResult {
    const failures: string[] = [];
    for (const { id, pod } of workloads(manifests)) {
        for (const entry of pod.imagePullSecrets ?? []) {
            if (typeof entry?.name !== "string" || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(entry.name)) {
                failures.push(`${id}: imagePullSecrets entry ${JSON.stringify(entry)} is not a Secret name`);
            }
        }
    }
    return { failures, notes: [] };
}
