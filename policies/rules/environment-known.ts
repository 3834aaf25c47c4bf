import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ENVIRONMENT_LABEL } from "../../components/labels";
import { ENVIRONMENT_SCHEMA, ENVIRONMENT_TAGS, environmentSignal } from "../lib/environment";
import { str } from "../lib/props";
import { T } from "../lib/types";

/** The production-only rules, which stay silent when the environment is unknown. */
export const PRODUCTION_RULES: readonly string[] = ["redis-external-in-production", "database-backups (deletion protection)", "database-topology (standby)", "cluster-capacity"];


/** True for a resource that is part of a W&B deployment: the W&B CR, a component of this package, W&B's charts. */
function isWandbResource(resource: PolicyResource): boolean {
    if (resource.type === T.wandbCr || resource.type.startsWith("wandb:index:")) {
        return true;
    }
    if (resource.type === T.helmRelease) {
        // operator-wandb is W&B itself; `operator` is W&B's operator chart when it comes from a W&B repository.
        const chart = str(resource.props, "chart");
        return chart === "operator-wandb" || (chart === "operator" && /wandb/.test(str(resource.props, "repositoryOpts.repo") ?? ""));
    }
    return false;
}

/** Advisory: a stack with W&B in it whose environment this pack cannot tell, so production rules were skipped. */
export const environmentKnown: StackValidationPolicy = {
    name: "environment-known",
    description: "The pack can tell whether a stack holding W&B is production; otherwise the production-only rules do not run.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: `Tell the pack the environment: a stack tag (pulumi stack tag set ${ENVIRONMENT_TAGS[0]} production), the policy config (environment), or deploy W&B with WandbInstance, which labels the custom resource ${ENVIRONMENT_LABEL}. Stack config (Pulumi.<stack>.yaml) is not sent to policy packs.`,
    configSchema: { properties: { ...ENVIRONMENT_SCHEMA } },
    validateStack: (args, reportViolation) => {
        const wandb = args.resources.find(isWandbResource);
        if (!wandb) {
            return;
        }
        const signal = environmentSignal(args.getConfig<{ environment?: string }>(), args.stackTags, args.resources);
        if (signal.environment) {
            return;
        }
        const unknown = signal.unrecognised.map((u) => `${u.source} is "${u.value}"`).join("; ");
        reportViolation(
            `Cannot tell whether this W&B stack is production (${unknown ? `not an accepted value: ${unknown}` : "no stack tag, policy config or custom-resource label names it"}), so these rules did not run: ${PRODUCTION_RULES.join(", ")}.`,
            wandb.urn,
        );
    },
};
