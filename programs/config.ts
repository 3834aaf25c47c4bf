import * as pulumi from "@pulumi/pulumi";

/** The config namespace of every program (the project name in `Pulumi.yaml`). */
export const CONFIG_NAMESPACE = "wandb";

/** The stack config of the W&B programs (`wandb:<key>` in `Pulumi.<stack>.yaml`). */
export function wandbConfig(): pulumi.Config {
    return new pulumi.Config(CONFIG_NAMESPACE);
}

/** Settings shared by every program, read from stack config. */
export interface CommonSettings {
    /** `test` or `production` (validated by the components). */
    environment: string;
    /** `models`, `weave` or `models-and-weave`. */
    products: string;
    /** The W&B license (secret). */
    license: pulumi.Output<string>;
    /** Operator settings (`wandb:operator`), passed to `WandbOperator`. */
    operator: Record<string, unknown>;
    /** Instance settings (`wandb:instance`): size, crName, namespace, images, values, ... */
    instance: Record<string, unknown>;
}

/** Reads the settings every program shares. */
export function commonSettings(config: pulumi.Config = wandbConfig()): CommonSettings {
    return {
        environment: config.require("environment"),
        products: config.get("products") ?? "models",
        license: config.requireSecret("license"),
        operator: config.getObject<Record<string, unknown>>("operator") ?? {},
        instance: config.getObject<Record<string, unknown>>("instance") ?? {},
    };
}
