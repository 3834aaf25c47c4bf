/**
 * The W&B images an instance will run, read from its rendered custom resource values: what preflight
 * checks exist in the registry before `pulumi up`, and what the chart contract compares with the real
 * render.
 */
import { WANDB_SUBSYSTEM_IMAGES } from "../release";

/**
 * Subsystems the `operator-wandb` chart installs unless told otherwise (chart 0.43.8 `values.yaml`:
 * `install: true`); `api` follows `global.api.enabled`, every other one its own `install`.
 */
export const CHART_DEFAULT_SUBSYSTEMS: readonly string[] = ["app", "console", "parquet", "weave"];

type Image = { repository?: unknown; tag?: unknown };

function imageOf(settings: Record<string, unknown>): Image | undefined {
    if (settings.image) {
        return settings.image as Image;
    }
    // A job whose container names its own image (settingsMigrationJob: jobs.smj.containers.smj.image).
    for (const job of Object.values((settings.jobs ?? {}) as Record<string, { containers?: Record<string, { image?: Image }> }>)) {
        for (const container of Object.values(job.containers ?? {})) {
            if (container.image) return container.image;
        }
    }
    return undefined;
}

/** Whether the chart installs `subsystem` with these values. */
export function subsystemInstalled(values: Record<string, unknown>, subsystem: string): boolean {
    const settings = (values[subsystem] ?? {}) as { install?: unknown };
    if (subsystem === "api") {
        return ((values.global as { api?: { enabled?: unknown } } | undefined)?.api?.enabled ?? false) === true;
    }
    return settings.install === undefined ? CHART_DEFAULT_SUBSYSTEMS.includes(subsystem) : settings.install === true;
}

/** `repository:tag` of every W&B image the instance runs, sorted and without repeats. */
export function instanceImages(values: Record<string, unknown>): string[] {
    const images = new Set<string>();
    for (const subsystem of Object.keys(WANDB_SUBSYSTEM_IMAGES)) {
        if (!subsystemInstalled(values, subsystem)) continue;
        const image = imageOf((values[subsystem] ?? {}) as Record<string, unknown>);
        if (typeof image?.repository === "string" && typeof image.tag === "string") {
            images.add(`${image.repository}:${image.tag}`);
        }
    }
    return [...images].sort();
}
