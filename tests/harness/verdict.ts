/** The checks `npm run plan` applies to a planned stack: the policy pack (through its gRPC protocol) and plan-level checks. */
import { Diagnostic, PolicyAnalyzer } from "./analyzer";
import { OfflinePlan } from "./engine";
import { WANDB_CR_TYPE, crSecretLeaks, resourcesOfType } from "./plan";

/** The outcome of checking one stack. */
export interface StackVerdict {
    /** False when any mandatory check failed. */
    ok: boolean;
    /** The pack's diagnostics. */
    diagnostics: Diagnostic[];
    /** One line per check or violation. */
    lines: string[];
    /** A one-line summary. */
    summary: string;
}

/**
 * The stack tags a plan is analyzed with: what the CLI would send for the committed stacks, i.e. none.
 * `wandb:environment` in Pulumi.<stack>.yaml is program config, which the CLI does not pass to a policy
 * pack; the pack learns the environment from the label WandbInstance puts on the W&B custom resource.
 */
export function stackTagsFor(_stack: string): Record<string, string> {
    return {};
}

/** Checks a planned stack: the policy pack's verdict, no secret in the W&B custom resource, a pinned chart. */
export async function judgeStack(plan: OfflinePlan, analyzer: PolicyAnalyzer): Promise<StackVerdict> {
    const diagnostics = await analyzer.analyzePlan(plan, { stackTags: stackTagsFor(plan.stack) });
    const names = new Map(plan.resources.map((r) => [r.urn, `${r.type} ${r.name}`]));
    const lines = diagnostics.map((d) => `${d.enforcementLevel.padEnd(10)} ${d.policyName.padEnd(28)} ${names.get(d.urn) ?? "(stack)"}: ${d.message}`);
    const planLevel: string[] = [];
    for (const leak of crSecretLeaks(plan)) {
        planLevel.push(`mandatory  no-secrets-in-cr             ${leak}`);
    }
    for (const cr of resourcesOfType(plan, WANDB_CR_TYPE)) {
        const chart = ((cr.inputs.spec ?? {}) as Record<string, unknown>).chart as Record<string, unknown> | undefined;
        if (!chart || (!chart.version && !chart.path)) {
            planLevel.push(`mandatory  pinned-chart                 ${cr.name}: spec.chart has no version`);
        }
    }
    const mandatory = diagnostics.filter((d) => d.enforcementLevel === "mandatory").length + planLevel.length;
    const advisory = diagnostics.filter((d) => d.enforcementLevel === "advisory").length;
    const allLines = [...lines, ...planLevel];
    return {
        ok: mandatory === 0,
        diagnostics,
        lines: allLines.length ? allLines : ["no violations"],
        summary: `${mandatory} mandatory, ${advisory} advisory violation(s) (${analyzer.pack.name} ${analyzer.pack.version})`,
    };
}
