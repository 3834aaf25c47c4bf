import * as pulumi from "@pulumi/pulumi";
import { WandbInfra, WandbInfraArgs, validateInfraArgs } from "../components/infra";
import { INFRA_SCHEMA } from "../components/infra/schema";
import { WandbInstance } from "../components/instance";
import { INSTANCE_DEFAULTS, validateInstanceSettings } from "../components/instance/validate";
import { WandbOperator } from "../components/operator";
import { validateOperatorArgs } from "../components/operator/validate";
import { Cloud } from "../components/requirements";
import { WandbArgumentError, withArgumentNames } from "../components/util/errors";
import { object, required } from "../components/util/schema";
import { COMMON_STACK_KEYS, CommonSettings, StackSchema, WEAVE_KAFKA_KEYS, commonSettings, readStackConfig, stackKeyNamer } from "./config";
import { requireDistinctNamespaces } from "./namespaces";

/** The stack keys of a cloud program: the common ones and `wandb:infra` (WandbInfra's arguments less environment and products). */
export const CLOUD_STACK_KEYS = {
    ...COMMON_STACK_KEYS,
    infra: required(object(Object.fromEntries(Object.entries(INFRA_SCHEMA).filter(([key]) => key !== "environment" && key !== "products")))),
} satisfies StackSchema;

/** Where each cloud's provider keeps its region, and the `wandb:infra` argument that must agree with it. */
const PROVIDER_REGION_KEYS: Readonly<Record<Cloud, readonly [providerKey: string, argument: string][]>> = {
    aws: [["aws:region", "region"]],
    gcp: [["gcp:region", "region"], ["gcp:project", "project"]],
    azure: [["azure-native:location", "location"]],
};

/** A validated cloud stack: everything its components need, checked before anything is registered. */
interface CloudStack {
    common: CommonSettings;
    infra: WandbInfraArgs;
}

/**
 * Reads and validates the whole stack configuration of a cloud program and the arguments of its three
 * components, including how they fit together (the workload-identity namespace, the namespaces of the
 * operator and the instance, the provider's region). Registers nothing.
 */
export function validateCloudStack(cloudKey: Cloud): CloudStack {
    const values = readStackConfig(CLOUD_STACK_KEYS);
    const common = commonSettings(values);
    const infraConfig = values.infra as Omit<WandbInfraArgs, "environment" | "products">;
    const cloudArgs = infraConfig[cloudKey] as (Record<string, unknown> & { instanceNamespace?: string; serviceAccountName?: string }) | undefined;
    if (cloudArgs === undefined) {
        throw new WandbArgumentError(`wandb:infra.${cloudKey}`, undefined, `the ${cloudKey} program needs the ${cloudKey} settings under wandb:infra`);
    }
    withArgumentNames(stackKeyNamer({}, "wandb:operator"), () => validateOperatorArgs("wandb-operator", common.operator));
    const instance = withArgumentNames(stackKeyNamer({}, "wandb:instance"), () => validateInstanceSettings(common.instance));
    requireDistinctNamespaces(common.operator, instance);

    // The cloud identity must trust the namespace the instance runs in: derive it, and refuse a contradiction.
    const namespace = instance.namespace ?? INSTANCE_DEFAULTS.namespace;
    if (cloudArgs.instanceNamespace !== undefined && cloudArgs.instanceNamespace !== namespace) {
        throw new WandbArgumentError(
            `wandb:infra.${cloudKey}.instanceNamespace`,
            cloudArgs.instanceNamespace,
            `the namespace of the W&B instance (wandb:instance.namespace, ${JSON.stringify(namespace)}); the cloud identity would trust a namespace W&B does not run in. Set only wandb:instance.namespace`,
        );
    }
    for (const [providerKey, argument] of PROVIDER_REGION_KEYS[cloudKey]) {
        const providerValue = pulumi.runtime.getConfig(providerKey);
        if (providerValue !== undefined && cloudArgs[argument] !== undefined && providerValue !== cloudArgs[argument]) {
            throw new WandbArgumentError(`wandb:infra.${cloudKey}.${argument}`, cloudArgs[argument], `the provider's ${providerKey} (${JSON.stringify(providerValue)}): resources would be created in one place and looked up in another`);
        }
    }
    const infra: WandbInfraArgs = {
        ...infraConfig,
        [cloudKey]: { ...cloudArgs, instanceNamespace: namespace },
        environment: common.environment,
        products: common.products,
        ...(common.weaveKafka !== undefined ? { weaveKafka: common.weaveKafka } : {}),
    };
    withArgumentNames(stackKeyNamer({ environment: "wandb:environment", products: "wandb:products", ...WEAVE_KAFKA_KEYS }, "wandb:infra"), () => validateInfraArgs("wandb", infra));
    return { common: { ...common, instance }, infra };
}

/**
 * The program every cloud stack runs: `WandbInfra` from `wandb:infra` (plus the common settings),
 * then the operator and the W&B instance on the platform it provides. The whole configuration is
 * validated first; nothing is registered when any of it is wrong.
 *
 * @param cloudKey The option bag `wandb:infra` must carry (`aws`, `gcp` or `azure`).
 */
export function cloudProgram(cloudKey: Cloud): Record<string, pulumi.Output<unknown>> {
    const { common, infra: infraArgs } = validateCloudStack(cloudKey);
    const infra = new WandbInfra("wandb", infraArgs);
    const providers = { kubernetes: infra.platform.kubernetesProvider };
    const operator = new WandbOperator("wandb-operator", common.operator, { providers, dependsOn: infra.platform.dependsOn });
    const instance = new WandbInstance("wandb-instance", {
        ...common.instance,
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
