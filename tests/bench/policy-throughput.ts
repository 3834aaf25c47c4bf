/**
 * Policy analysis throughput through the Analyzer protocol: resources per second for the repository's
 * stacks, and for synthetic fleets of 100, 1,000 and 10,000 resources (copies of the real stacks'
 * resources under distinct names), to show how cost grows with size.
 */
import { PolicyAnalyzer } from "../harness/analyzer";
import { OfflinePlan } from "../harness/engine";
import { planStack } from "../harness/plan";
import { stackTagsFor } from "../harness/verdict";
import { benchAgainstFloor } from "./policy-floor";

async function timed(analyzer: PolicyAnalyzer, plan: OfflinePlan, tags: Record<string, string>): Promise<{ resources: number; ms: number; perSecond: number }> {
    const started = process.hrtime.bigint();
    await analyzer.analyzePlan(plan, { stackTags: tags });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const resources = plan.resources.length;
    return { resources, ms: Math.round(ms), perSecond: Math.round((resources / ms) * 1000) };
}

/** A fleet plan of about `size` resources built from copies of `sources`' resources. */
export function fleetPlan(sources: OfflinePlan[], size: number): OfflinePlan {
    const pool = sources.flatMap((plan) => plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"));
    const resources = Array.from({ length: size }, (_, i) => {
        const source = pool[i % pool.length];
        const copy = Math.floor(i / pool.length);
        return { ...source, name: `${source.name}-${copy}`, urn: `${source.urn}-${copy}`, dependencies: source.dependencies.map((d) => `${d}-${copy}`) };
    });
    return { project: "wandb", stack: "fleet", resources, outputs: {}, invokes: [] };
}

/** Runs the throughput benchmark; `check` records a figure against its budget and returns a verdict text. */
export async function benchPolicies(stacks: string[], check: (what: string, value: number, budget: number) => string, budget: number): Promise<Record<string, unknown>> {
    const analyzer = await PolicyAnalyzer.start();
    try {
        const results: Record<string, unknown> = {};
        // One offline run at a time: the mocks are process-wide.
        const plans: OfflinePlan[] = [];
        for (const stack of stacks) {
            plans.push(await planStack(stack));
        }
        for (const plan of plans) {
            await timed(analyzer, plan, stackTagsFor(plan.stack));
            const run = await timed(analyzer, plan, stackTagsFor(plan.stack));
            results[plan.stack] = run;
            console.log(`policy ${plan.stack}: ${run.resources} resources in ${run.ms} ms = ${run.perSecond}/s (${check(`policy ${plan.stack} resources/s`, run.perSecond, budget)})`);
        }
        const fleet: Record<string, unknown> = {};
        let previous: { resources: number; ms: number } | undefined;
        for (const size of [100, 1000, 10000]) {
            const run = await timed(analyzer, fleetPlan(plans, size), { "wandb:environment": "production" });
            const growth = previous ? ` (x${(run.ms / previous.ms).toFixed(1)} time for x${(run.resources / previous.resources).toFixed(0)} resources)` : "";
            fleet[String(size)] = run;
            console.log(`policy fleet of ${size}: ${run.ms} ms = ${run.perSecond}/s${growth} (${check(`policy fleet ${size} resources/s`, run.perSecond, budget)})`);
            previous = run;
        }
        results.fleet = fleet;
        analyzer.stop();
        results.againstFloor = await benchAgainstFloor(fleetPlan(plans, 2000));
        return results;
    } finally {
        analyzer.stop();
    }
}
