/**
 * The stack configuration of the W&B programs, read and validated as a whole before any resource is
 * registered: every `wandb:<key>` in `Pulumi.<stack>.yaml` has a field in the program's schema, unknown
 * keys are errors, and component arguments that fail later are reported under the stack key the user
 * wrote (`wandb:instance.namespace`, not `namespace`).
 */
import * as pulumi from "@pulumi/pulumi";
import { WandbOperatorArgs } from "../components/operator/args";
import { OPERATOR_SCHEMA } from "../components/operator/validate";
import { INSTANCE_SETTINGS_SCHEMA, WandbInstanceSettings } from "../components/instance/schema";
import { WandbKafkaBroker } from "../components/platform";
import { ENVIRONMENTS, Environment, PRODUCT_MIXES, ProductMix } from "../components/requirements";
import { WandbArgumentError, closest } from "../components/util/errors";
import { Field, Schema, integer, object, oneOf, required, secret, text, validateValue } from "../components/util/schema";
import { RULES } from "../components/util/validate";

/** The config namespace of every program (the project name in `Pulumi.yaml`). */
export const CONFIG_NAMESPACE = "wandb";

/** The programs a stack can run, by the name in `wandb:program`. */
export const PROGRAM_NAMES = ["onprem", "aws", "gcp", "azure"] as const;

/** A program's stack keys (without the `wandb:` namespace) and what each takes. */
export type StackSchema = Readonly<Record<string, Field>>;

/** `wandb:weaveKafka`: an existing Kafka broker for Weave's trace workers (its SASL password in `wandb:weaveKafkaPassword`). */
export interface WeaveKafkaConfig {
    /** Bootstrap host. */
    host: string;
    /** Bootstrap port. Default 9092. */
    port?: number;
    /** SASL PLAIN user name. */
    username?: string;
}

const WEAVE_KAFKA_CONFIG: Schema<WeaveKafkaConfig> = {
    host: required(text(RULES.hostName)),
    port: integer(1, 65535),
    username: text(RULES.nonEmpty),
};

/** The keys every program reads. */
export const COMMON_STACK_KEYS = {
    program: required(oneOf(PROGRAM_NAMES)),
    environment: required(oneOf(ENVIRONMENTS)),
    products: oneOf(PRODUCT_MIXES),
    license: required(secret(text({ ...RULES.nonEmpty, allowed: "the W&B license (set it with pulumi config set --secret wandb:license ...)" }))),
    operator: object(OPERATOR_SCHEMA),
    instance: object(INSTANCE_SETTINGS_SCHEMA),
    weaveKafka: object(WEAVE_KAFKA_CONFIG),
    weaveKafkaPassword: secret(text(RULES.nonEmpty)),
} satisfies StackSchema;

/** Settings shared by every program, read from stack config. */
export interface CommonSettings {
    /** `test` or `production`. */
    environment: Environment;
    /** `models`, `weave` or `models-and-weave`. */
    products: ProductMix;
    /** The W&B license (secret). */
    license: pulumi.Output<string>;
    /** Operator settings (`wandb:operator`), passed to `WandbOperator`. */
    operator: WandbOperatorArgs;
    /** Instance settings (`wandb:instance`): size, crName, namespace, images, values, ... */
    instance: WandbInstanceSettings;
    /** The Weave workers' existing Kafka broker (`wandb:weaveKafka`, `wandb:weaveKafkaPassword`). */
    weaveKafka?: WandbKafkaBroker;
}

/** The whole `wandb:` configuration of a stack, validated against `schema`: plain values, secrets included. */
export type StackValues = Readonly<Record<string, unknown>>;

/** A stack key's full name, `wandb:<key>`. */
export function stackKey(key: string): string {
    return `${CONFIG_NAMESPACE}:${key}`;
}

/**
 * Reads every `wandb:` key of the stack and validates it against `schema`: unknown keys (with a "did you
 * mean"), missing required keys and bad values fail here, before the program registers anything.
 * Objects arrive JSON-encoded and booleans as strings, as the CLI passes them.
 */
export function readStackConfig(schema: StackSchema): StackValues {
    const raw = pulumi.runtime.allConfig();
    const values: Record<string, unknown> = {};
    for (const [fullKey, text] of Object.entries(raw)) {
        if (!fullKey.startsWith(`${CONFIG_NAMESPACE}:`)) {
            continue;
        }
        const key = fullKey.slice(CONFIG_NAMESPACE.length + 1);
        const field = schema[key];
        if (!field) {
            const hint = closest(key, Object.keys(schema));
            throw new WandbArgumentError(fullKey, undefined, `unknown stack key${hint ? `; did you mean ${stackKey(hint)}?` : ""} This program reads: ${Object.keys(schema).map(stackKey).join(", ")}`);
        }
        values[key] = parseConfigValue(fullKey, field, text);
    }
    for (const [key, field] of Object.entries(schema)) {
        values[key] = validateValue(field, values[key], stackKey(key));
    }
    return values;
}

function parseConfigValue(fullKey: string, field: Field, text: string): unknown {
    switch (field.kind) {
        case "object":
        case "array":
        case "record":
            try {
                return JSON.parse(text);
            } catch {
                throw new WandbArgumentError(fullKey, text, `a ${field.kind === "array" ? "list" : "map"} in the stack file's YAML`, { secret: field.secret });
            }
        case "boolean":
            return text === "true" ? true : text === "false" ? false : text;
        case "integer":
        case "number":
            return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
        default:
            return text;
    }
}

/** The shared settings of a validated stack configuration. */
export function commonSettings(values: StackValues): CommonSettings {
    return {
        environment: values.environment as Environment,
        products: (values.products as ProductMix | undefined) ?? "models",
        license: pulumi.secret(values.license as string),
        operator: (values.operator as WandbOperatorArgs | undefined) ?? {},
        instance: (values.instance as WandbInstanceSettings | undefined) ?? {},
        ...weaveKafkaSettings(values),
    };
}

/** Where the Weave broker's arguments come from in the stack file (component argument → stack key). */
export const WEAVE_KAFKA_KEYS: Readonly<Record<string, string>> = {
    "weaveKafka.password": "wandb:weaveKafkaPassword",
    weaveKafka: "wandb:weaveKafka",
};

/** `wandb:weaveKafka` and its password as a `WandbKafkaBroker`; the password alone is refused by the components (SASL needs both). */
function weaveKafkaSettings(values: StackValues): Pick<CommonSettings, "weaveKafka"> {
    const config = values.weaveKafka as WeaveKafkaConfig | undefined;
    const password = secretValue(values, "weaveKafkaPassword");
    if (config === undefined) {
        if (password !== undefined) {
            throw new WandbArgumentError(stackKey("weaveKafkaPassword"), undefined, "only with wandb:weaveKafka (the broker it authenticates to)", { secret: true });
        }
        return {};
    }
    return { weaveKafka: { host: config.host, port: config.port ?? 9092, ...(config.username !== undefined ? { username: config.username } : {}), ...(password !== undefined ? { password } : {}) } };
}

/** A secret stack value as a Pulumi secret, or undefined. */
export function secretValue(values: StackValues, key: string): pulumi.Output<string> | undefined {
    const value = values[key];
    return typeof value === "string" ? pulumi.secret(value) : undefined;
}

/**
 * Names a component argument by the stack key it came from: the longest matching prefix in `keys`
 * (component argument path → stack key) is replaced; anything else sits under `fallback`.
 */
export function stackKeyNamer(keys: Readonly<Record<string, string>>, fallback: string): (argument: string) => string {
    const prefixes = Object.keys(keys).sort((a, b) => b.length - a.length);
    return (argument) => {
        const prefix = prefixes.find((p) => argument === p || argument.startsWith(`${p}.`) || argument.startsWith(`${p}[`));
        return prefix !== undefined ? `${keys[prefix]}${argument.slice(prefix.length)}` : `${fallback}.${argument}`;
    };
}
