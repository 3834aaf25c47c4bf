/**
 * W&B Server (self-managed) on Pulumi: components, the platform contract and the reference
 * architecture's facts. The package entry (`@wandb-pulumi/wandb`): importing it loads `@pulumi/pulumi`
 * and `@pulumi/kubernetes` only; a cloud's SDK is loaded when a `WandbInfra` for that cloud is built.
 * The preflight checks, which need database, Redis, S3 and Kubernetes clients, are the separate entry
 * `@wandb-pulumi/wandb/preflight` (components/preflight/index.ts).
 */
export * from "./requirements";
export * from "./platform";
export * from "./release";
export { WandbArgumentError } from "./util/errors";
export { WandbOperator, WandbOperatorArgs, WandbOperatorAirgapArgs } from "./operator";
export type { OperatorPodSettings, OperatorPodResources } from "./operator/values";
export type { ChartValues } from "./chart-values";
export { WandbInfra } from "./infra";
export * from "./infra/args";
export type { AwsInfraArgs, AwsExistingNetwork, AwsEksAddonVersions, AwsKmsKeyArns } from "./infra/aws/args";
export type { GcpInfraArgs, GcpExistingNetwork } from "./infra/gcp/args";
export type { AzureInfraArgs, AzureExistingNetwork } from "./infra/azure/args";
export { AzureKubeloginMode, AzurePrincipalType } from "./infra/azure/args";
export { WandbInstance, WANDB_CR, CR_READY_WHEN } from "./instance";
export * from "./instance/args";
export { renderWandbSpec, WandbCrSpec, WandbSpecInput, WandbChartRef } from "./instance/spec";
export { findPlaintextSecrets } from "./instance/secret-scan";
export * from "./labels";
export {
    deployWandb,
    previewWandb,
    refreshWandb,
    destroyWandb,
    resolveWandbStackSettings,
    resolvePulumiCommand,
    wandbConfigMap,
    wandbInlineProgram,
    PulumiCliNotFoundError,
    WandbStackOptions,
    WandbStackOutputs,
    WandbOperationResult,
    WandbPreviewResult,
    WandbConfigInput,
    WandbProgramName,
    ResolvedWandbStackSettings,
    WANDB_PROGRAM_NAMES,
    WANDB_PROJECT_NAME,
    DEFAULT_POLICY_PACK_DIR,
} from "./automation";
