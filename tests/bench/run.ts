/**
 * `npm run bench`: plan speed and memory per stack, the share of it that is our code, type-check cost,
 * policy analysis throughput and our pack against a one-rule floor pack, the deploy critical path and
 * the test-suite time (`npm run bench -- --policy-only`: the policy part alone). Prints figures and
 * ratios, writes bench/results.json, and exits non-zero only when a budget is exceeded by more than
 * 2x (machines here are shared and noisy; tests never assert timings).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { planStack } from "../harness/plan";
import { REPO_ROOT, listStacks } from "../harness/stacks";
import { criticalPath } from "./critical-path";
import { measure, runNode } from "./measure";
import { benchPolicies } from "./policy-throughput";
import { PROVISIONING_MINUTES } from "./provisioning-times";

/** Budgets from the benchmark issue; a figure beyond 2x its budget fails the run. */
export const BUDGETS = {
    planMs: 3000,
    planRssMb: 400,
    ourShare: 0.25,
    typecheckMs: 60000,
    typecheckRssMb: 2500,
    policyResourcesPerSecond: 1000,
} as const;

interface Breach {
    what: string;
    value: number;
    budget: number;
}

const breaches: Breach[] = [];

/** Records a figure against its budget (`higherIsBetter` for throughput). */
function check(what: string, value: number, budget: number, higherIsBetter = false): string {
    const ratio = higherIsBetter ? budget / value : value / budget;
    if (ratio > 2) {
        breaches.push({ what, value, budget });
    }
    return `${ratio <= 1 ? "within" : ratio <= 2 ? "OVER" : "OVER 2x"} budget (${ratio.toFixed(2)}x of ${budget})`;
}

function round(value: number, digits = 1): number {
    const factor = 10 ** digits;
    return Math.round(value * factor) / factor;
}

async function benchPlans(stacks: string[]): Promise<Record<string, unknown>> {
    const results: Record<string, unknown> = {};
    for (const stack of stacks) {
        const args = ["-r", "ts-node/register/transpile-only", "tests/harness/plan-cli.ts", stack];
        const plan = measure(args);
        const modulesFile = path.join(REPO_ROOT, "bench", `modules-${stack}.json`);
        fs.writeFileSync(modulesFile, JSON.stringify(plan.runs[0].sdkModules));
        const baseline = measure([path.join(__dirname, "baseline.js"), modulesFile]);
        const share = Math.max(0, (plan.medianMs - baseline.medianMs) / plan.medianMs);
        const offline = await planStack(stack);
        const path_ = criticalPath(offline, PROVISIONING_MINUTES);
        console.log(`plan ${stack}: ${round(plan.medianMs, 0)} ms (${check(`plan ${stack} ms`, plan.medianMs, BUDGETS.planMs)}), ${round(plan.medianRssMb)} MB (${check(`plan ${stack} MB`, plan.medianRssMb, BUDGETS.planRssMb)})`);
        console.log(`  SDK-only baseline ${round(baseline.medianMs, 0)} ms / ${round(baseline.medianRssMb)} MB; our code ${round(share * 100)}% (${check(`plan ${stack} our share`, share, BUDGETS.ourShare)})`);
        console.log(`  critical path ${round(path_.minutes)} min: ${path_.steps.map((s) => `${s.name} (${s.minutes})`).join(" → ")}`);
        results[stack] = {
            resources: offline.resources.length,
            planMedianMs: round(plan.medianMs, 0),
            planMedianRssMb: round(plan.medianRssMb),
            baselineMedianMs: round(baseline.medianMs, 0),
            baselineMedianRssMb: round(baseline.medianRssMb),
            ourShare: round(share, 3),
            criticalPathMinutes: round(path_.minutes),
            criticalPath: path_.steps,
        };
    }
    return results;
}

function benchTypecheck(): Record<string, unknown> {
    const tsc = require.resolve("typescript/bin/tsc");
    const run = runNode([tsc, "--noEmit", "-p", "tsconfig.json"]);
    console.log(`tsc --noEmit: ${round(run.wallMs / 1000)} s (${check("tsc ms", run.wallMs, BUDGETS.typecheckMs)}), ${round(run.maxRssMb)} MB (${check("tsc MB", run.maxRssMb, BUDGETS.typecheckRssMb)})`);
    return { wallMs: round(run.wallMs, 0), maxRssMb: round(run.maxRssMb) };
}

function benchTestSuite(): Record<string, unknown> {
    const started = Date.now();
    const result = spawnSync("npm", ["test", "--silent"], { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const wallMs = Date.now() - started;
    console.log(`npm test: ${round(wallMs / 1000)} s (exit ${result.status})`);
    return { wallMs, exitCode: result.status };
}

async function main(): Promise<void> {
    fs.mkdirSync(path.join(REPO_ROOT, "bench"), { recursive: true });
    const only = process.argv.slice(2);
    const policyOnly = only.includes("--policy-only");
    const stacks = listStacks();
    const results: Record<string, unknown> = { machine: { cpus: require("os").cpus().length, node: process.version }, date: new Date().toISOString() };
    if (!policyOnly) {
        results.plan = await benchPlans(stacks);
        results.typecheck = benchTypecheck();
    }
    results.policy = await benchPolicies(stacks, (what, value, budget) => check(what, value, budget, true), BUDGETS.policyResourcesPerSecond);
    if (!only.includes("--no-tests") && !policyOnly) {
        results.testSuite = benchTestSuite();
    }
    results.breaches = breaches;
    fs.writeFileSync(path.join(REPO_ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwrote bench/results.json; ${breaches.length ? `${breaches.length} budget(s) exceeded by more than 2x` : "no budget exceeded by more than 2x"}`);
    process.exitCode = breaches.length ? 1 : 0;
}

main().catch((error: Error) => {
    console.error(`bench failed: ${error.stack ?? error.message}`);
    process.exitCode = 1;
});
