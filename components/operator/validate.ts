import { OPERATOR_CHART } from "../release";
import { Schema, flag, list, object, opaque, record, required, secret, text, validateSchema } from "../util/schema";
import { RULES } from "../util/validate";
import { WandbOperatorAirgapArgs, WandbOperatorArgs } from "./args";
import { OperatorPodSettings } from "./values";

const AIRGAP_SCHEMA: Schema<WandbOperatorAirgapArgs> = {
    chartRepository: required(text(RULES.helmRepository)),
    chartRepositoryUsername: text(RULES.nonEmpty),
    chartRepositoryPassword: secret(text(RULES.nonEmpty)),
    controllerImageRepository: required(text({ allowed: "an image repository without a tag, e.g. registry.example.com/wandb/controller", example: "registry.example.com/wandb/controller", test: (v) => /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+$/.test(v) })),
};

const POD_SCHEMA: Schema<OperatorPodSettings> = {
    resources: opaque("any", "container resources ({ requests, limits })"),
    nodeSelector: record(text()),
    tolerations: list(opaque("any", "a toleration")),
};

/** {@link WandbOperatorArgs}: what `wandb:operator` and the component take. */
export const OPERATOR_SCHEMA: Schema<WandbOperatorArgs> = {
    namespace: text(RULES.kubernetesName),
    createNamespace: flag,
    chartVersion: text(RULES.pinnedVersion),
    controllerImageTag: text(RULES.pinnedVersion),
    imagePullSecrets: list(text(RULES.kubernetesName)),
    airgapped: object(AIRGAP_SCHEMA),
    customCACerts: list(text(RULES.pemCertificate)),
    installName: text(RULES.kubernetesName),
    pod: object(POD_SCHEMA),
    values: opaque("any", "chart values (an object), deep-merged last"),
};

/** Default namespace of the operator (as W&B's docs install it). */
export const OPERATOR_DEFAULT_NAMESPACE = "wandb-cr";

/** A `WandbOperator`'s settings after validation and defaults. */
export interface ValidatedOperatorArgs {
    namespaceName: string;
    installName: string;
    chartVersion: string;
    imageTag: string;
}

/**
 * Checks every argument of a `WandbOperator` (named `name`) before anything is registered; throws one
 * `WandbArgumentError` naming the first bad one under `path`.
 */
export function validateOperatorArgs(name: string, args: WandbOperatorArgs, path = ""): ValidatedOperatorArgs {
    const checked = validateSchema(OPERATOR_SCHEMA, args, path);
    const installName = checked.installName ?? name;
    validateSchema({ installName: text(RULES.kubernetesName) }, { installName }, path);
    return {
        namespaceName: checked.namespace ?? OPERATOR_DEFAULT_NAMESPACE,
        installName,
        chartVersion: checked.chartVersion ?? OPERATOR_CHART.version,
        imageTag: checked.controllerImageTag ?? OPERATOR_CHART.controllerImageTag,
    };
}
