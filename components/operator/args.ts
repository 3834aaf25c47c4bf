import * as pulumi from "@pulumi/pulumi";
import { ChartValues } from "../chart-values";
import { OperatorPodSettings } from "./values";

/** Where the operator chart and controller image come from when the cluster has no internet access. */
export interface WandbOperatorAirgapArgs {
    /** Internal Helm repository serving the `operator` chart, e.g. `https://charts.internal.example.com`. */
    chartRepository: string;
    /** Username for the internal chart repository. */
    chartRepositoryUsername?: pulumi.Input<string>;
    /** Password for the internal chart repository: a Pulumi secret. */
    chartRepositoryPassword?: pulumi.Input<string>;
    /** Controller image repository in the internal registry, e.g. `registry.example.com/wandb/controller`. */
    controllerImageRepository: string;
}

/** Arguments of {@link WandbOperator}. */
export interface WandbOperatorArgs {
    /** Namespace the operator runs in, created by this component. Default `wandb-cr` (as the W&B docs install it). */
    namespace?: string;
    /** Create the namespace. Default true; set false when it already exists. */
    createNamespace?: boolean;
    /** Version of the `operator` chart. Default: the version pinned by this package. */
    chartVersion?: string;
    /** Controller image tag (`wandb/controller`). Default: the tag pinned by this package. Never `latest`. */
    controllerImageTag?: string;
    /** Image pull secrets (names of existing `kubernetes.io/dockerconfigjson` Secrets in the namespace). */
    imagePullSecrets?: string[];
    /** Install from an internal chart repository and registry, with `airgapped: true` (no deploy.wandb.ai). */
    airgapped?: WandbOperatorAirgapArgs;
    /** PEM CA certificates the controller trusts (TLS-intercepting proxies, an internal chart repository). */
    customCACerts?: string[];
    /**
     * Unique name for this install: the Helm release name and the chart's `nameOverride`, which prefixes
     * its cluster-scoped ClusterRole/ClusterRoleBinding. Default: the component's name.
     */
    installName?: string;
    /** Controller resources, node selector and tolerations. */
    pod?: OperatorPodSettings;
    /** Extra chart values, deep-merged last (escape hatch). */
    values?: ChartValues;
}
