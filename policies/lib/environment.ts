import { PolicyResource } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { ENVIRONMENT_LABEL, ENVIRONMENT_STACK_TAG } from "../../components/labels";
import { get } from "./props";
import { T } from "./types";

/** The config property production-only rules take; the CLI fills no default for it. */
export const ENVIRONMENT_SCHEMA: Record<"environment", PolicyConfigJSONSchema> = {
    environment: {
        type: "string",
        enum: ["test", "production"],
        description: `The stack's environment. Unset: the stack tag ${ENVIRONMENT_STACK_TAG}, then the ${ENVIRONMENT_LABEL} label of the W&B custom resource.`,
    },
};

/**
 * The environment of the stack being analyzed: the policy's `environment` config, else the
 * `wandb:environment` stack tag, else the label WandbInstance puts on the W&B custom resource.
 * Undefined when none says.
 */
export function stackEnvironment(config: { environment?: string }, stackTags: ReadonlyMap<string, string>, resources: readonly PolicyResource[] = []): string | undefined {
    if (config.environment) {
        return config.environment;
    }
    const tag = stackTags.get(ENVIRONMENT_STACK_TAG);
    if (tag) {
        return tag;
    }
    for (const resource of resources) {
        if (resource.type === T.wandbCr) {
            const label = get(resource.props, `metadata.labels`) as Record<string, unknown> | undefined;
            if (label && typeof label[ENVIRONMENT_LABEL] === "string") {
                return label[ENVIRONMENT_LABEL] as string;
            }
        }
    }
    return undefined;
}
