import { WandbInstanceSettings } from "../components/instance/schema";
import { INSTANCE_DEFAULTS } from "../components/instance/validate";
import { WandbOperatorArgs } from "../components/operator/args";
import { OPERATOR_DEFAULT_NAMESPACE } from "../components/operator/validate";
import { WandbArgumentError } from "../components/util/errors";

/** The operator and the W&B instance run in namespaces of their own (`wandb:operator.namespace`, `wandb:instance.namespace`). */
export function requireDistinctNamespaces(operator: WandbOperatorArgs, instance: WandbInstanceSettings): void {
    const operatorNamespace = operator.namespace ?? OPERATOR_DEFAULT_NAMESPACE;
    const instanceNamespace = instance.namespace ?? INSTANCE_DEFAULTS.namespace;
    if (operatorNamespace === instanceNamespace) {
        throw new WandbArgumentError("wandb:instance.namespace", instanceNamespace, `a namespace other than the operator's (wandb:operator.namespace, ${JSON.stringify(operatorNamespace)})`, { example: "wandb" });
    }
}
