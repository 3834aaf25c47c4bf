import * as pulumi from "@pulumi/pulumi";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { OPERATOR_CHART } from "../release";
import { deepMerge } from "../util/merge";
import { validateOperatorArgs } from "./validate";
import { WandbOperatorArgs } from "./args";
import { renderOperatorValues } from "./values";

export * from "./args";
export { validateOperatorArgs } from "./validate";

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
    /** The namespace's name, known at construction (instances must not share it). */
    public readonly namespaceName: string;

    /**
     * @param name The _unique_ name of this component.
     * @param args The operator's settings.
     * @param opts Options; pass the cluster's provider as `providers: { kubernetes: provider }`.
     */
    constructor(name: string, args: WandbOperatorArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        const { namespaceName, installName, chartVersion, imageTag } = validateOperatorArgs(name, args);
        super("wandb:index:WandbOperator", name, {}, opts);
        this.namespaceName = namespaceName;

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
