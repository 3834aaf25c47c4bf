/**
 * `npm run chart-contract -- <wandb/helm-charts checkout> [stack...] [--record]`: renders every stack's
 * W&B custom resource with the real `operator-wandb` chart and its operator release with the real
 * `operator` chart, at the versions `components/release.ts` pins, and checks the contract (see
 * docs/chart-contract.md). `--record` appends the run to docs/chart-contract.md.
 *
 * Without a checkout (CI has none: the chart cannot be committed or fetched there) it says so and
 * exits 0. Exit 1 when a rule fails on any stack, 2 on bad input.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { OPERATOR_CHART, PLATFORM_CHART } from "../../components/release";
import { planStack } from "../harness/plan";
import { REPO_ROOT, listStacks } from "../harness/stacks";
import { prepareCharts } from "./charts";
import { RuleOutcome, runContract } from "./contract";
import { contractInputs } from "./stack";
import { runMain } from "../../components/util/cli";

/** The record of one run, as docs/chart-contract.md keeps it. */
function recordLines(checkout: string, charts: { platform: string; operator: string }, results: [string, RuleOutcome[] | Error][]): string[] {
    let origin = "";
    try {
        origin = execFileSync("git", ["-C", checkout, "config", "--get", "remote.origin.url"]).toString().trim();
    } catch {
        origin = "wandb/helm-charts";
    }
    const lines = [
        "",
        `### ${new Date().toISOString().slice(0, 10)}: operator-wandb ${PLATFORM_CHART.version} (commit ${charts.platform.slice(0, 8)}), operator ${OPERATOR_CHART.version} (commit ${charts.operator.slice(0, 8)})`,
        "",
        `Checkout: ${origin.replace(/^https?:\/\/[^/]+\//, "").replace(/\.git$/, "") || "wandb/helm-charts"}.`,
        "",
        "| stack | result | failures |",
        "|---|---|---|",
    ];
    for (const [stack, outcome] of results) {
        if (outcome instanceof Error) {
            lines.push(`| ${stack} | ERROR | ${outcome.message.replace(/\|/g, "\\|")} |`);
        } else {
            const failures = outcome.flatMap((o) => o.failures.map((f) => `${o.rule}: ${f}`));
            lines.push(`| ${stack} | ${failures.length === 0 ? "PASS" : "FAIL"} | ${failures.length === 0 ? "" : failures.join("<br>").replace(/\|/g, "\\|")} |`);
        }
    }
    return lines;
}

/** Runs the check; returns the exit code. */
export async function main(argv: string[], log: (line: string) => void = console.log): Promise<number> {
    const record = argv.includes("--record");
    const [checkout, ...stackArgs] = argv.filter((a) => a !== "--record");
    if (!checkout) {
        log("chart contract: no wandb/helm-charts checkout given (npm run chart-contract -- <path>): nothing checked. The rules' unit tests run in npm test.");
        return 0;
    }
    if (!fs.existsSync(checkout)) {
        console.error(`error: ${checkout} does not exist`);
        return 2;
    }
    const stacks = stackArgs.length > 0 ? stackArgs : listStacks();
    const charts = prepareCharts(path.resolve(checkout), { platform: PLATFORM_CHART.version, operator: OPERATOR_CHART.version });
    const results: [string, RuleOutcome[] | Error][] = [];
    try {
        console.log(`operator-wandb ${PLATFORM_CHART.version} at ${charts.platform.commit}, operator ${OPERATOR_CHART.version} at ${charts.operator.commit}\n`);
        for (const stack of stacks) {
            let outcome: RuleOutcome[] | Error;
            try {
                outcome = runContract(charts, contractInputs(await planStack(stack)));
            } catch (error) {
                outcome = error as Error;
            }
            results.push([stack, outcome]);
            if (outcome instanceof Error) {
                console.log(`${stack.padEnd(12)} ERROR ${outcome.message}`);
                continue;
            }
            const failed = outcome.some((o) => o.failures.length > 0);
            console.log(`${stack.padEnd(12)} ${failed ? "FAIL" : "PASS"}`);
            for (const o of outcome) {
                o.failures.forEach((f) => console.log(`  FAIL ${o.rule}: ${f}`));
                o.notes.forEach((n) => console.log(`  note ${o.rule}: ${n}`));
            }
        }
    } finally {
        charts.cleanup();
    }
    if (record) {
        const doc = path.join(REPO_ROOT, "docs", "chart-contract.md");
        fs.appendFileSync(doc, `${recordLines(checkout, { platform: charts.platform.commit, operator: charts.operator.commit }, results).join("\n")}\n`);
        console.log(`\nrecorded in ${path.relative(process.cwd(), doc)}`);
    }
    const ok = results.every(([, o]) => !(o instanceof Error) && o.every((r) => r.failures.length === 0));
    const passed = results.filter(([, o]) => !(o instanceof Error) && o.every((r) => r.failures.length === 0)).length;
    console.log(`\nchart-contract: ${passed} passed, ${results.length - passed} failed`);
    return ok ? 0 : 1;
}

if (require.main === module) {
    runMain(main);
}
