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
}

async function startAndStop(dir: string): Promise<number> {
    const analyzer = await PolicyAnalyzer.start(dir);
    analyzer.stop();
    return analyzer.firstAnswerMs;
}

async function throughput(dir: string, plan: OfflinePlan, runs: number): Promise<number> {
    const analyzer = await PolicyAnalyzer.start(dir);
    try {
        await analyzer.analyzePlan(plan, { stackTags: { "wandb:environment": "production" } });
        const rates: number[] = [];
        for (let i = 0; i < runs; i++) {
            const started = process.hrtime.bigint();
            await analyzer.analyzePlan(plan, { stackTags: { "wandb:environment": "production" } });
            rates.push((plan.resources.length / (Number(process.hrtime.bigint() - started) / 1e6)) * 1000);
        }
        return median(rates);
    } finally {
        analyzer.stop();
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
    const pack: PackFigures = { firstAnswerMs: median(ours), perSecond: await throughput(POLICY_PACK_DIR, fleet, runs) };
    const base: PackFigures = { firstAnswerMs: median(floor), perSecond: await throughput(FLOOR_PACK_DIR, fleet, runs) };
    const startRatio = pack.firstAnswerMs / base.firstAnswerMs;
    const rateRatio = base.perSecond / pack.perSecond;
    const verdict = (ratio: number) => (ratio <= FLOOR_RATIO_TARGET ? `within ${FLOOR_RATIO_TARGET}x` : `OVER ${FLOOR_RATIO_TARGET}x`);
    console.log(`policy start-to-first-answer: pack ${Math.round(pack.firstAnswerMs)} ms, floor ${Math.round(base.firstAnswerMs)} ms, pack/floor ${startRatio.toFixed(2)}x (${verdict(startRatio)})`);
    console.log(`policy analyze throughput (${fleet.resources.length} resources, 16 in flight): pack ${Math.round(pack.perSecond)}/s, floor ${Math.round(base.perSecond)}/s, pack/floor ${rateRatio.toFixed(2)}x time (${verdict(rateRatio)})`);
    return { pack, floor: base, startRatio: Math.round(startRatio * 100) / 100, throughputRatio: Math.round(rateRatio * 100) / 100, target: FLOOR_RATIO_TARGET };
}
