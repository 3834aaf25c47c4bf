/** Runs the preflight checks of every configured service and formats the report. */
import { ImagesTarget, checkImages } from "./images";
import { KubernetesTarget, checkKubernetes } from "./kubernetes";
import { MysqlTarget, checkMysql } from "./mysql";
import { ObjectStoreTarget, checkObjectStore } from "./object-store";
import { RedisTarget, checkRedis } from "./redis";
import { PreflightCheck, PreflightService, oneLine, result } from "./types";

/** What to check; each service is checked only when given. */
export interface PreflightTargets {
    /** The bucket (S3 API). */
    objectStore?: ObjectStoreTarget;
    /** The MySQL server. */
    mysql?: MysqlTarget;
    /** The Redis. */
    redis?: RedisTarget;
    /** The cluster. */
    kubernetes?: KubernetesTarget;
    /** The images the instance and the operator will run, in the registry the cluster pulls from. */
    images?: ImagesTarget;
}

/** The checks run, and whether all of them passed (warnings pass). */
export interface PreflightReport {
    /** Every check, grouped by service in a fixed order. */
    checks: PreflightCheck[];
    /** False when any check failed. */
    ok: boolean;
}

/** Checks every service in `targets` (in parallel). Never throws: problems are failed checks. */
export async function runPreflight(targets: PreflightTargets): Promise<PreflightReport> {
    const runs: [PreflightService, Promise<PreflightCheck[]>][] = [];
    const guard = (service: PreflightService, run: () => Promise<PreflightCheck[]>) =>
        runs.push([service, run().catch((error) => [result(service, "unexpected error", "fail", oneLine(error), "the check to complete", "report this")])]);
    if (targets.objectStore) guard("object-store", () => checkObjectStore(targets.objectStore as ObjectStoreTarget));
    if (targets.mysql) guard("mysql", () => checkMysql(targets.mysql as MysqlTarget));
    if (targets.redis) guard("redis", () => checkRedis(targets.redis as RedisTarget));
    if (targets.kubernetes) guard("kubernetes", () => checkKubernetes(targets.kubernetes as KubernetesTarget));
    if (targets.images) guard("images", () => checkImages(targets.images as ImagesTarget));
    const checks = (await Promise.all(runs.map(([, run]) => run))).flat();
    return { checks, ok: checks.every((check) => check.status !== "fail") };
}

/** The report as text: one line per check (`PASS`/`WARN`/`FAIL`, measured vs expected, the fix) and a summary. */
export function formatPreflightReport(report: PreflightReport): string {
    const lines = report.checks.map((check) => {
        const head = `${check.status.toUpperCase().padEnd(4)} ${check.service.padEnd(12)} ${check.check}: ${check.measured}`;
        return check.status === "pass" ? head : `${head} (expected ${check.expected})\n     fix: ${check.fix ?? "-"}`;
    });
    const count = (status: string) => report.checks.filter((c) => c.status === status).length;
    lines.push(`${count("pass")} passed, ${count("warn")} warnings, ${count("fail")} failed: ${report.ok ? "ready" : "NOT ready"} for W&B`);
    return lines.join("\n");
}
