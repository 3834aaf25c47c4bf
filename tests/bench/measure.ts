/** Runs a command as a child process and measures wall time, peak RSS and the SDK modules it loaded. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../harness/stacks";

/** One measured run. */
export interface Run {
    /** Wall time, ms. */
    wallMs: number;
    /** Peak resident set size of the measured process, MB. */
    maxRssMb: number;
    /** Provider SDK modules the process loaded (absolute paths). */
    sdkModules: string[];
}

/** Summary of repeated runs. */
export interface Measurement {
    /** Median wall time, ms. */
    medianMs: number;
    /** Median peak RSS, MB. */
    medianRssMb: number;
    /** Every run. */
    runs: Run[];
}

const NODE = process.execPath;
const PROBE = path.join(__dirname, "usage-probe.js");

/** Runs `node <args>` once with the usage probe preloaded; throws when it exits non-zero. */
export function runNode(args: string[], env: NodeJS.ProcessEnv = {}): Run {
    const probeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "wandb-bench-")), "probe.json");
    const started = process.hrtime.bigint();
    const result = spawnSync(NODE, ["-r", PROBE, ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env, WANDB_BENCH_PROBE: probeFile },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) {
        throw new Error(`node ${args.join(" ")} exited ${result.status}: ${(result.stderr || result.stdout).slice(-2000)}`);
    }
    const probe = JSON.parse(fs.readFileSync(probeFile, "utf8")) as { maxRssKb: number; sdkModules: string[] };
    fs.rmSync(path.dirname(probeFile), { recursive: true, force: true });
    return { wallMs, maxRssMb: probe.maxRssKb / 1024, sdkModules: probe.sdkModules };
}

/** One warm-up run, then `count` measured runs; reports medians. */
export function measure(args: string[], count = 5, env: NodeJS.ProcessEnv = {}): Measurement {
    runNode(args, env);
    const runs = Array.from({ length: count }, () => runNode(args, env));
    return { medianMs: median(runs.map((r) => r.wallMs)), medianRssMb: median(runs.map((r) => r.maxRssMb)), runs };
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
