/** The checks `npm run plan` applies to a planned stack. */
import { OfflinePlan } from "./engine";
import { WANDB_CR_TYPE, crSecretLeaks, resourcesOfType } from "./plan";

/** The outcome of checking one stack. */
export interface StackVerdict {
    /** False when any mandatory check failed. */
    ok: boolean;
    /** One line per check or violation. */
    lines: string[];
    /** A one-line summary. */
    summary: string;
}

/** Checks a planned stack: no secret in the W&B custom resource, a pinned chart. */
export async function judgeStack(plan: OfflinePlan): Promise<StackVerdict> {
    const lines: string[] = [];
    const leaks = crSecretLeaks(plan);
    lines.push(leaks.length ? leaks.map((l) => `mandatory  no-secrets-in-cr  ${l}`).join("\n") : "pass       no-secrets-in-cr");
    const unpinned = resourcesOfType(plan, WANDB_CR_TYPE).filter((cr) => {
        const chart = ((cr.inputs.spec ?? {}) as Record<string, unknown>).chart as Record<string, unknown> | undefined;
        return !chart || (!chart.version && !chart.path);
    });
    lines.push(unpinned.length ? unpinned.map((cr) => `mandatory  pinned-chart  ${cr.name}: spec.chart has no version`).join("\n") : "pass       pinned-chart");
    const failures = leaks.length + unpinned.length;
    return { ok: failures === 0, lines, summary: failures ? `${failures} mandatory violation(s)` : "0 mandatory violations (policy pack: not yet part of the plan)" };
}
