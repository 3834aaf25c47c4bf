/**
 * `npm run plan -- <stack>`: plans a stack offline (no cloud, no cluster, no credentials) and prints
 * the resource tree, the rendered W&B custom resource (secrets as `[secret]`), the Secrets and a
 * summary; writes `plan.json`. With no stack, plans every stack and prints one verdict line each.
 * Exits non-zero when a stack fails to plan or a check fails.
 */
import * as fs from "fs";
import * as path from "path";
import { PolicyAnalyzer } from "./analyzer";
import { OfflinePlan } from "./engine";
import { planStack } from "./plan";
import { planJson, renderCustomResources, renderSecrets, renderSummary, renderTree } from "./report";
import { REPO_ROOT, listStacks, stacksDir } from "./stacks";
import { StackVerdict, judgeStack } from "./verdict";

async function planOne(stack: string, starting: Promise<PolicyAnalyzer>): Promise<boolean> {
    let plan: OfflinePlan;
    try {
        plan = await planStack(stack);
    } catch (error) {
        console.error(`plan failed: ${stack}: ${describeError(error)}`);
        return false;
    }
    const verdict = await judgeStack(plan, await starting);
    console.log(`# Stack ${stack}\n`);
    console.log(`## Resources\n${renderTree(plan)}\n`);
    console.log(`## W&B custom resource (secrets redacted)\n${renderCustomResources(plan) || "(none)\n"}`);
    console.log(`## Kubernetes Secrets\n${renderSecrets(plan) || "(none)"}\n`);
    console.log(`## Summary\n${renderSummary(plan)}\n`);
    console.log(`## Policy verdict\n${verdict.lines.join("\n")}\n`);
    console.log(verdictLine(stack, plan, verdict));
    fs.writeFileSync(path.join(REPO_ROOT, "plan.json"), `${JSON.stringify(planJson(plan), null, 2)}\n`);
    return verdict.ok;
}

async function planAll(starting: Promise<PolicyAnalyzer>): Promise<boolean> {
    let ok = true;
    const plans: unknown[] = [];
    for (const stack of listStacks(stacksDir())) {
        try {
            const plan = await planStack(stack);
            const verdict = await judgeStack(plan, await starting);
            console.log(verdictLine(stack, plan, verdict));
            verdict.diagnostics.filter((d) => d.enforcementLevel === "mandatory").forEach((d) => console.log(`             ${d.policyName}: ${d.message}`));
            plans.push(planJson(plan));
            ok = ok && verdict.ok;
        } catch (error) {
            console.log(`${stack.padEnd(12)} FAIL  ${describeError(error)}`);
            ok = false;
        }
    }
    fs.writeFileSync(path.join(REPO_ROOT, "plan.json"), `${JSON.stringify(plans, null, 2)}\n`);
    return ok;
}

function verdictLine(stack: string, plan: OfflinePlan, verdict: StackVerdict): string {
    return `${stack.padEnd(12)} ${verdict.ok ? "PASS" : "FAIL"}  ${plan.resources.length} resources; ${verdict.summary}`;
}

/** `--debug` shows a failure's stack trace; without it, one line. */
const DEBUG = process.argv.includes("--debug");

function describeError(error: unknown): string {
    return DEBUG && error instanceof Error ? error.stack ?? error.message : error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
    const stack = process.argv.slice(2).find((arg) => !arg.startsWith("--"));
    // One pack process serves every stack of the run; it starts (in its own process) while we plan.
    const starting = PolicyAnalyzer.start();
    try {
        const ok = stack ? await planOne(stack, starting) : await planAll(starting);
        process.exitCode = ok ? 0 : 1;
    } finally {
        (await starting.catch(() => undefined))?.stop();
    }
}

main().catch((error: unknown) => {
    console.error(`plan failed: ${describeError(error)}`);
    process.exitCode = 1;
});
