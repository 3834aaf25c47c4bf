import * as pulumi from "@pulumi/pulumi";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { OPERATOR_CHART } from "../release";
import { requireNonEmpty } from "../util/errors";
import { deepMerge } from "../util/merge";
import { requireKubernetesName, requirePinnedTag, requireUrl } from "../util/validate";
import { OperatorPodSettings, renderOperatorValues } from "./values";

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
    values?: Record<string, unknown>;
}

/**
 * The W&B Kubernetes operator (v1 line: `wandb/controller`, chart `operator` from charts.wandb.ai),
 * installed as a Helm release with the chart version and controller image pinned.
 *
 * `WandbInstance` takes this component as its `operator`, so the W&B custom resource depends on the
 * release: Pulumi creates it after the operator (and its CRD) and deletes it before the operator,
 * while the operator can still run the CR's finalizer.
 */
export class WandbOperator extends pulumi.ComponentResource {
    /** The namespace the operator runs in. */
    public readonly namespace: pulumi.Output<string>;
    /** The Helm release of the operator chart. */
    public readonly release: Release;
    /** The Helm release name. */
    public readonly releaseName: string;

    /**
     * @param name The _unique_ name of this component.
     * @param args The operator's settings.
     * @param opts Options; pass the cluster's provider as `providers: { kubernetes: provider }`.
     */
    constructor(name: string, args: WandbOperatorArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        super("wandb:index:WandbOperator", name, {}, opts);
        const namespaceName = requireKubernetesName("namespace", args.namespace ?? "wandb-cr");
        const installName = requireKubernetesName("installName", args.installName ?? name);
        const chartVersion = requireNonEmpty("chartVersion", args.chartVersion ?? OPERATOR_CHART.version);
        const imageTag = requirePinnedTag("controllerImageTag", args.controllerImageTag ?? OPERATOR_CHART.controllerImageTag);
        if (args.airgapped) {
            requireUrl("airgapped.chartRepository", args.airgapped.chartRepository, ["http", "https"], "an http(s):// Helm repository URL");
            requireNonEmpty("airgapped.controllerImageRepository", args.airgapped.controllerImageRepository);
        }

        let namespaceResource: Namespace | undefined;
        if (args.createNamespace ?? true) {
            namespaceResource = new Namespace(`${name}-namespace`, { metadata: { name: namespaceName } }, { parent: this });
        }
        this.namespace = namespaceResource ? namespaceResource.metadata.name : pulumi.output(namespaceName);
        this.releaseName = installName;

        const values = renderOperatorValues({
            imageRepository: args.airgapped?.controllerImageRepository ?? OPERATOR_CHART.controllerImageRepository,
            imageTag,
            imagePullSecrets: args.imagePullSecrets,
            airgapped: args.airgapped !== undefined,
            customCACerts: args.customCACerts,
            nameOverride: installName,
            ...args.pod,
        });

        this.release = new Release(
            `${name}-release`,
            {
                name: installName,
                chart: OPERATOR_CHART.chart,
                version: chartVersion,
                namespace: this.namespace,
                repositoryOpts: {
                    repo: args.airgapped?.chartRepository ?? OPERATOR_CHART.repository,
                    username: args.airgapped?.chartRepositoryUsername,
                    password: args.airgapped?.chartRepositoryPassword
                        ? pulumi.secret(args.airgapped.chartRepositoryPassword)
                        : undefined,
                },
                values: args.values ? deepMerge(values, args.values) : values,
                // Wait for the controller Deployment, so the CRD and the controller exist before any CR.
                skipAwait: false,
                atomic: true,
                cleanupOnFail: true,
                maxHistory: 10,
            },
            { parent: this, dependsOn: namespaceResource ? [namespaceResource] : [] },
        );

        this.registerOutputs({ namespace: this.namespace, release: this.release, releaseName: this.releaseName });
    }
}
