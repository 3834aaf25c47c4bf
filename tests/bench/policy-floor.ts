/**
 * Our pack against the floor: a minimal one-rule pack (tests/bench/floor-pack) started the same way
 * (`@pulumi/pulumi/cmd/run-policy-pack`, the CLI's runner) and fed the same resources. Prints both
 * figures and the pack-versus-floor ratio for start-to-first-answer (what every `pulumi preview
 * --policy-pack` waits for) and for concurrent `analyze` throughput; the target is 1.5x.
 */
import * as path from "path";
import { POLICY_PACK_DIR, PolicyAnalyzer, ensurePackBuilt } from "../harness/analyzer";
import { OfflinePlan } from "../harness/engine";
import { median } from "./measure";

/** The floor pack's directory. */
export const FLOOR_PACK_DIR = path.join(__dirname, "floor-pack");

/** The ratio our pack may cost over the floor. */
export const FLOOR_RATIO_TARGET = 1.5;

/** Figures of one pack. */
interface PackFigures {
    /** Median start-to-first-answer, ms. */
    firstAnswerMs: number;
    /** Median resources analyzed per second (analyze, 16 in flight, plus analyzeStack). */
    perSecond: number;
    /** Median CPU milliseconds the pack process spent on one analysis of the fleet (0 where /proc is missing). */
    cpuMsPerAnalysis: number;
}

async function startAndStop(dir: string): Promise<number> {
    const analyzer = await PolicyAnalyzer.start(dir);
    analyzer.stop();
    return analyzer.firstAnswerMs;
}

/** Wall and pack-process CPU milliseconds of one `analyzePlan` (every resource through `analyze`, 16 in flight, then `analyzeStack`). */
async function timedAnalysis(analyzer: PolicyAnalyzer, plan: OfflinePlan): Promise<{ wallMs: number; cpuMs: number }> {
    const cpu = analyzer.cpuMs() ?? 0;
    const started = process.hrtime.bigint();
    await analyzer.analyzePlan(plan, { stackTags: { "wandb:environment": "production" } });
    return { wallMs: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (analyzer.cpuMs() ?? 0) - cpu };
}

/** Rates of each pack, runs alternating between them so load on the machine hits both alike. */
async function throughput(plan: OfflinePlan, runs: number): Promise<{ pack: number; floor: number; packCpuMs: number; floorCpuMs: number }> {
    const pack = await PolicyAnalyzer.start(POLICY_PACK_DIR);
    const floor = await PolicyAnalyzer.start(FLOOR_PACK_DIR);
    try {
        await timedAnalysis(pack, plan);
        await timedAnalysis(floor, plan);
        const packRuns: { wallMs: number; cpuMs: number }[] = [];
        const floorRuns: { wallMs: number; cpuMs: number }[] = [];
        for (let i = 0; i < runs; i++) {
            packRuns.push(await timedAnalysis(pack, plan));
            floorRuns.push(await timedAnalysis(floor, plan));
        }
        const rate = (measured: { wallMs: number }[]) => (plan.resources.length / median(measured.map((m) => m.wallMs))) * 1000;
        return { pack: rate(packRuns), floor: rate(floorRuns), packCpuMs: median(packRuns.map((m) => m.cpuMs)), floorCpuMs: median(floorRuns.map((m) => m.cpuMs)) };
    } finally {
        pack.stop();
        floor.stop();
    }
}

/**
 * Measures both packs, alternating starts so machine noise hits both alike; `fleet` is the plan the
 * throughput is measured on. Returns the figures and ratios (pack / floor for time, floor / pack for rate).
 */
export async function benchAgainstFloor(fleet: OfflinePlan, starts = 7, runs = 5): Promise<Record<string, unknown>> {
    ensurePackBuilt(POLICY_PACK_DIR);
    const ours: number[] = [];
    const floor: number[] = [];
    await startAndStop(FLOOR_PACK_DIR); // warm the file cache for both
    await startAndStop(POLICY_PACK_DIR);
    for (let i = 0; i < starts; i++) {
        ours.push(await startAndStop(POLICY_PACK_DIR));
        floor.push(await startAndStop(FLOOR_PACK_DIR));
    }
    const rates = await throughput(fleet, runs);
    const pack: PackFigures = { firstAnswerMs: median(ours), perSecond: rates.pack, cpuMsPerAnalysis: rates.packCpuMs };
    const base: PackFigures = { firstAnswerMs: median(floor), perSecond: rates.floor, cpuMsPerAnalysis: rates.floorCpuMs };
    const cpuRatio = base.cpuMsPerAnalysis ? pack.cpuMsPerAnalysis / base.cpuMsPerAnalysis : undefined;
    const startRatio = pack.firstAnswerMs / base.firstAnswerMs;
    const rateRatio = base.perSecond / pack.perSecond;
    const verdict = (ratio: number) => (ratio <= FLOOR_RATIO_TARGET ? `within ${FLOOR_RATIO_TARGET}x` : `OVER ${FLOOR_RATIO_TARGET}x`);
    console.log(`policy start-to-first-answer: pack ${Math.round(pack.firstAnswerMs)} ms, floor ${Math.round(base.firstAnswerMs)} ms, pack/floor ${startRatio.toFixed(2)}x (${verdict(startRatio)})`);
    console.log(`policy analyze throughput (${fleet.resources.length} resources, 16 in flight): pack ${Math.round(pack.perSecond)}/s, floor ${Math.round(base.perSecond)}/s, pack/floor ${rateRatio.toFixed(2)}x time (${verdict(rateRatio)})`);
    if (cpuRatio !== undefined) {
        console.log(`  pack-process CPU per analysis: pack ${Math.round(pack.cpuMsPerAnalysis)} ms, floor ${Math.round(base.cpuMsPerAnalysis)} ms, pack/floor ${cpuRatio.toFixed(2)}x (wall time above includes the client and the machine's other load)`);
    }
    const round2 = (value: number) => Math.round(value * 100) / 100;
    return { pack, floor: base, startRatio: round2(startRatio), throughputRatio: round2(rateRatio), cpuRatio: cpuRatio === undefined ? undefined : round2(cpuRatio), target: FLOOR_RATIO_TARGET };
}
