import { PolicyResource } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { ENVIRONMENT_LABEL, ENVIRONMENT_STACK_TAG } from "../../components/labels";
import { get } from "./props";
import { T } from "./types";

/** What the production-only rules need to know. */
export type Environment = "production" | "test";

/** Accepted spellings (compared lower-cased and trimmed) and what each means. */
export const ENVIRONMENT_VALUES: Readonly<Record<string, Environment>> = {
    production: "production",
    prod: "production",
    prd: "production",
    test: "test",
    testing: "test",
    dev: "test",
    development: "test",
    staging: "test",
    stage: "test",
    qa: "test",
    sandbox: "test",
    nonprod: "test",
    "non-production": "test",
};

/** Stack tags read, in this order, compared case-insensitively: ours first, then the common ones. */
export const ENVIRONMENT_TAGS: readonly string[] = [ENVIRONMENT_STACK_TAG, "environment", "env"];

/** The config property production-only rules take; the CLI fills no default for it. */
export const ENVIRONMENT_SCHEMA: Record<"environment", PolicyConfigJSONSchema> = {
    environment: {
        type: "string",
        description: `The stack's environment (${Object.keys(ENVIRONMENT_VALUES).join(", ")}; any case). Unset: the stack tag ${ENVIRONMENT_TAGS.join(" / ")}, then the ${ENVIRONMENT_LABEL} label of the W&B custom resource.`,
    },
};

/** The value `raw` names, or undefined when it is not one of `ENVIRONMENT_VALUES`. */
export function normaliseEnvironment(raw: string | undefined): Environment | undefined {
    return raw === undefined ? undefined : ENVIRONMENT_VALUES[raw.trim().toLowerCase()];
}

/** Where the environment was read, and what each place said. */
export interface EnvironmentSignal {
    /** The environment, when a place named an accepted value. */
    environment?: Environment;
    /** The place it came from (`policy config`, `stack tag environment`, `label ... of <urn>`). */
    source?: string;
    /** Places that were set to a value this pack does not accept. */
    unrecognised: { source: string; value: string }[];
}

/**
 * The environment of the stack being analyzed, from the first place that names an accepted value: the
 * policy's `environment` config, then the stack tags `wandb:environment`, `environment`, `env`, then
 * the label WandbInstance puts on the W&B custom resource. A place set to an unknown value is skipped
 * and recorded, so the pack can say why it could not tell.
 */
export function environmentSignal(config: { environment?: string }, stackTags: ReadonlyMap<string, string>, resources: readonly PolicyResource[] = []): EnvironmentSignal {
    const candidates: { source: string; value: string }[] = [];
    if (config.environment !== undefined) {
        candidates.push({ source: "policy config environment", value: config.environment });
    }
    for (const wanted of ENVIRONMENT_TAGS) {
        for (const [key, value] of stackTags) {
            if (key.toLowerCase() === wanted) {
                candidates.push({ source: `stack tag ${key}`, value });
            }
        }
    }
    for (const resource of resources) {
        if (resource.type === T.wandbCr) {
            const labels = get(resource.props, "metadata.labels") as Record<string, unknown> | undefined;
            const label = labels?.[ENVIRONMENT_LABEL];
            if (typeof label === "string") {
                candidates.push({ source: `label ${ENVIRONMENT_LABEL} of ${resource.urn}`, value: label });
            }
        }
    }
    const unrecognised: { source: string; value: string }[] = [];
    for (const candidate of candidates) {
        const environment = normaliseEnvironment(candidate.value);
        if (environment) {
            return { environment, source: candidate.source, unrecognised };
        }
        unrecognised.push(candidate);
    }
    return { unrecognised };
}

/** The stack's environment (see `environmentSignal`), or undefined when nothing names an accepted value. */
export function stackEnvironment(config: { environment?: string }, stackTags: ReadonlyMap<string, string>, resources: readonly PolicyResource[] = []): Environment | undefined {
    return environmentSignal(config, stackTags, resources).environment;
}
