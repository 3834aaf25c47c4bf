import * as pulumi from "@pulumi/pulumi";
import { WandbInfra, WandbInfraArgs } from "../components/infra";
import { WandbInstance, WandbInstanceArgs } from "../components/instance";
import { WandbOperator, WandbOperatorArgs } from "../components/operator";
import { commonSettings, wandbConfig } from "./config";

/**
 * The program every cloud stack runs: `WandbInfra` from `wandb:infra` (plus the common settings),
 * then the operator and the W&B instance on the platform it provides.
 *
 * @param cloudKey The option bag `wandb:infra` must carry (`aws`, `gcp` or `azure`).
 */
export function cloudProgram(cloudKey: "aws" | "gcp" | "azure"): Record<string, pulumi.Output<unknown>> {
    const config = wandbConfig();
    const common = commonSettings(config);
    const infraConfig = config.requireObject<Omit<WandbInfraArgs, "environment" | "products">>("infra");
    if (infraConfig[cloudKey] === undefined) {
        throw new Error(`wandb:infra must set "${cloudKey}" for the ${cloudKey} program`);
    }
    const infra = new WandbInfra("wandb", { ...infraConfig, environment: common.environment, products: common.products });
    const providers = { kubernetes: infra.platform.kubernetesProvider };
    const operator = new WandbOperator("wandb-operator", common.operator as WandbOperatorArgs, { providers, dependsOn: infra.platform.dependsOn });
    const instance = new WandbInstance("wandb-instance", {
        ...(common.instance as Partial<WandbInstanceArgs>),
        platform: infra.platform,
        license: common.license,
        operator,
        environment: common.environment,
        products: common.products,
    });
    return {
        url: pulumi.output(instance.url),
        clusterName: infra.clusterName,
        networkId: infra.networkId,
        bucketName: infra.bucketName,
        kubeconfig: infra.kubeconfig,
        namespace: instance.namespace,
    };
}
