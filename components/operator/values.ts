import * as pulumi from "@pulumi/pulumi";
import type { core } from "@pulumi/kubernetes/types/input";

/** Requests and limits of the controller container, e.g. `{ requests: { cpu: "100m", memory: "128Mi" } }`. */
export interface OperatorPodResources {
    /** Minimum resources, by resource name (`cpu`, `memory`). */
    requests?: Record<string, string>;
    /** Maximum resources, by resource name (`cpu`, `memory`). */
    limits?: Record<string, string>;
}

/** Scheduling and sizing settings for the controller pod, passed to the operator chart as-is. */
export interface OperatorPodSettings {
    /** Container resources (`requests`/`limits`). */
    resources?: OperatorPodResources;
    /** Node selector for the controller pod. */
    nodeSelector?: Record<string, string>;
    /** Tolerations for the controller pod (Kubernetes `Toleration` objects). */
    tolerations?: core.v1.Toleration[];
}

/** Everything the pure renderer needs to produce the operator chart's values. */
export interface OperatorValuesInput extends OperatorPodSettings {
    /** Controller image repository. */
    imageRepository: string;
    /** Controller image tag (pinned, never `latest`). */
    imageTag: string;
    /** Image pull secrets for a private registry. */
    imagePullSecrets?: string[];
    /** Air-gapped: the operator never calls deploy.wandb.ai. */
    airgapped: boolean;
    /** PEM CA certificates the controller trusts (internal chart repository, proxies). */
    customCACerts?: string[];
    /** Chart `nameOverride`: prefixes the cluster-scoped RBAC names, so two installs do not collide. */
    nameOverride: string;
}

/**
 * Renders the values of the `operator` chart (wandb/helm-charts `charts/operator`). Pure: the
 * component and the tests both call it.
 */
export function renderOperatorValues(input: OperatorValuesInput): Record<string, pulumi.Input<unknown>> {
    const values: Record<string, pulumi.Input<unknown>> = {
        nameOverride: input.nameOverride,
        image: {
            repository: input.imageRepository,
            tag: input.imageTag,
            // The chart defaults to `Always`, which re-pulls a pinned tag on every restart for nothing.
            pullPolicy: "IfNotPresent",
            // The chart's template writes `- name: {{ . }}` for each entry: a list of names, not of objects.
            ...(input.imagePullSecrets?.length ? { pullSecrets: [...input.imagePullSecrets] } : {}),
        },
        airgapped: input.airgapped,
    };
    if (input.customCACerts?.length) {
        values.customCACerts = input.customCACerts;
    }
    if (input.resources) {
        values.resources = input.resources;
    }
    if (input.nodeSelector) {
        values.nodeSelector = input.nodeSelector;
    }
    if (input.tolerations) {
        values.tolerations = input.tolerations;
    }
    return values;
}
