/**
 * Plans a stack of this repository offline: loads its config, runs the program the stack names
 * through the offline engine, and checks what must never happen (a secret in the W&B custom resource).
 */
import { runStackProgram } from "../../programs/select";
import { OfflinePlan, RecordedResource, runOffline } from "./engine";
import { loadStackConfig, stacksDir } from "./stacks";

/** Type token of the W&B custom resource. */
export const WANDB_CR_TYPE = "kubernetes:apps.wandb.com/v1:WeightsAndBiases";

/** Runs stack `stack`'s program offline and returns what it registered. */
export async function planStack(stack: string, root: string = stacksDir()): Promise<OfflinePlan> {
    const { config, secretKeys } = loadStackConfig(stack, root);
    return runOffline(() => runStackProgram(), { project: "wandb", stack, config, secretKeys });
}

/** The resources of one type. */
export function resourcesOfType(plan: OfflinePlan, type: string): RecordedResource[] {
    return plan.resources.filter((resource) => resource.type === type);
}

/** Every secret value any resource of the plan received (unwrapped), at least 4 characters long. */
export function secretValues(plan: OfflinePlan): Set<string> {
    const values = new Set<string>();
    for (const resource of plan.resources) {
        for (const path of resource.secretPaths) {
            const value = valueAt(resource.inputs, path);
            collectStrings(value, values);
        }
    }
    return values;
}

/**
 * Where a secret reaches a W&B custom resource: secret-marked inputs of the CR, and any secret value
 * of the plan (a password given to a Secret, say) found verbatim anywhere in the CR's inputs.
 */
export function crSecretLeaks(plan: OfflinePlan): string[] {
    const secrets = secretValues(plan);
    const leaks: string[] = [];
    for (const cr of resourcesOfType(plan, WANDB_CR_TYPE)) {
        for (const path of cr.secretPaths) {
            leaks.push(`${cr.name}: input ${path} is a secret`);
        }
        const text = JSON.stringify(cr.inputs);
        for (const secret of secrets) {
            if (text.includes(secret)) {
                leaks.push(`${cr.name}: a secret value of the stack appears in the custom resource`);
            }
        }
    }
    return leaks;
}

function valueAt(root: unknown, path: string): unknown {
    const parts = path.match(/[^.[\]]+/g) ?? [];
    let current: unknown = root;
    for (const part of parts) {
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = (current as Record<string, unknown>)[part];
    }
    return current;
}

function collectStrings(value: unknown, out: Set<string>): void {
    if (typeof value === "string" && value.length >= 4) {
        out.add(value);
    } else if (Array.isArray(value)) {
        value.forEach((v) => collectStrings(v, out));
    } else if (value !== null && typeof value === "object") {
        Object.values(value).forEach((v) => collectStrings(v, out));
    }
}
