/**
 * The deploy critical path of a plan: the longest chain of resources through the dependency graph
 * (explicit `dependsOn`, inputs taken from other resources, and each resource's provider), weighted by
 * typical provisioning minutes per resource type.
 */
import { OfflinePlan, RecordedResource } from "../harness/engine";

/** Typical create minutes for one resource type, and where the figure comes from. */
export interface ProvisioningTime {
    /** Minutes. */
    minutes: number;
    /** Source: documentation URL or published measurement. */
    source: string;
}

/** One step of the critical path. */
export interface PathStep {
    /** Resource type. */
    type: string;
    /** Logical name. */
    name: string;
    /** Minutes this resource adds. */
    minutes: number;
}

/** The longest chain and its length. */
export interface CriticalPath {
    /** Total minutes. */
    minutes: number;
    /** The chain, first resource first. */
    steps: PathStep[];
}

/** The URNs a resource waits for: its dependencies and its provider (a provider's URN precedes `::<id>`). */
export function predecessors(resource: RecordedResource): string[] {
    const provider = resource.provider ? resource.provider.slice(0, resource.provider.lastIndexOf("::")) : "";
    return [...new Set([...resource.dependencies, ...Object.values(resource.propertyDependencies).flat(), ...(provider ? [provider] : [])])];
}

/**
 * Longest path through the plan's dependency graph. Components take no time; a dependency on a
 * component means its children (the SDK already expands those into URNs of custom resources).
 */
export function criticalPath(plan: OfflinePlan, times: Readonly<Record<string, ProvisioningTime>>, defaultMinutes = 0.1): CriticalPath {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const memo = new Map<string, CriticalPath>();
    const visiting = new Set<string>();
    const longestTo = (urn: string): CriticalPath => {
        const cached = memo.get(urn);
        if (cached) {
            return cached;
        }
        const resource = byUrn.get(urn);
        if (!resource || visiting.has(urn)) {
            return { minutes: 0, steps: [] };
        }
        visiting.add(urn);
        let best: CriticalPath = { minutes: 0, steps: [] };
        for (const dependency of predecessors(resource)) {
            const candidate = longestTo(dependency);
            if (candidate.minutes > best.minutes) {
                best = candidate;
            }
        }
        visiting.delete(urn);
        const own = resource.custom ? (times[resource.type]?.minutes ?? defaultMinutes) : 0;
        const result = own > 0 ? { minutes: best.minutes + own, steps: [...best.steps, { type: resource.type, name: resource.name, minutes: own }] } : best;
        memo.set(urn, result);
        return result;
    };
    let overall: CriticalPath = { minutes: 0, steps: [] };
    for (const resource of plan.resources) {
        const path = longestTo(resource.urn);
        if (path.minutes > overall.minutes) {
            overall = path;
        }
    }
    return overall;
}
