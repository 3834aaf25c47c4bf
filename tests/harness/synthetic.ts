/** Hand-built plans: resources as a policy sees them, without running a program. */
import { OfflinePlan, RecordedResource } from "./engine";

/** A resource to put into a synthetic plan. */
export interface SyntheticResource {
    /** Type token. */
    type: string;
    /** Logical name (unique within the plan). */
    name: string;
    /** Inputs (resource policies see these). */
    inputs: Record<string, unknown>;
    /** Extra outputs, merged over the inputs (stack policies see inputs + these). */
    outputs?: Record<string, unknown>;
    /** `protect` option. */
    protect?: boolean;
}

/** URN of a synthetic resource. */
export function syntheticUrn(stack: string, type: string, name: string): string {
    return `urn:pulumi:${stack}::wandb::${type}::${name}`;
}

/** A plan holding exactly `resources` (plus the stack), as the offline engine would record them. */
export function syntheticPlan(resources: SyntheticResource[], stack = "synthetic"): OfflinePlan {
    const stackUrn = syntheticUrn(stack, "pulumi:pulumi:Stack", `wandb-${stack}`);
    const records: RecordedResource[] = resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: syntheticUrn(stack, r.type, r.name),
        parent: stackUrn,
        custom: true,
        inputs: r.inputs,
        redactedInputs: r.inputs,
        secretPaths: [],
        outputs: { ...r.inputs, ...r.outputs },
        provider: "",
        dependencies: [],
        propertyDependencies: {},
        options: { protect: r.protect ?? false, ignoreChanges: [], deleteBeforeReplace: false, retainOnDelete: false, additionalSecretOutputs: [], aliases: [] },
        read: false,
    }));
    return { project: "wandb", stack, resources: records, outputs: {}, invokes: [] };
}
