import { createHash } from "crypto";

/**
 * The readiness wait on a W&B Deployment (`pulumi.com/waitFor` of its `DeploymentPatch`), as a JSON list of
 * conditions that must all hold (pulumi-kubernetes >= 4.18):
 *
 * - the Deployment runs `image` (the pinned one): until the operator has applied the new spec, an upgrade's old
 *   Deployment does not match;
 * - its `Progressing` condition says `NewReplicaSetAvailable`: the rollout is complete (all replicas updated and
 *   available); `Available` alone is already true while old pods serve during a rolling update;
 * - `Available`.
 *
 * The provider also waits until `status.observedGeneration` has caught up with `metadata.generation` for each.
 */
export function rolloutWaitFor(image: string | undefined): string {
    const conditions = [
        ...(image ? [`jsonpath={.spec.template.spec.containers[?(@.image=="${image}")].image}`] : []),
        'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}=NewReplicaSetAvailable',
        "condition=Available",
    ];
    return JSON.stringify(conditions);
}

/** `<repository>:<tag>` of `values.<subsystem>.image`, when the values pin one. */
export function pinnedImage(values: Record<string, unknown>, subsystem: string): string | undefined {
    const image = (values[subsystem] as { image?: { repository?: unknown; tag?: unknown } } | undefined)?.image;
    return typeof image?.repository === "string" && typeof image.tag === "string" ? `${image.repository}:${image.tag}` : undefined;
}

/**
 * A short digest of the custom resource's spec. Put on each readiness patch, it changes with every spec change, so
 * the patches (and their waits) run again on an update: the CR's own wait cannot tell a new apply from the last
 * one, since operator v1 keeps `status.phase: Completed` from before and reports no observed generation.
 */
export function specDigest(spec: unknown): string {
    return createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 16);
}
