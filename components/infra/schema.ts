import { ENVIRONMENTS, PRODUCT_MIXES } from "../requirements";
import { Schema, flag, integer, object, oneOf, opaque, record, required, text } from "../util/schema";
import { RULES } from "../util/validate";
import { WandbInfraArgs, WandbInfraSizes } from "./args";
import { KAFKA_BROKER_SCHEMA } from "../instance/schema";

/** The infrastructure name prefix: physical names start with it. */
export const NAME_PREFIX_RULE = {
    allowed: "2-20 characters: a lower-case letter, then lower-case letters, digits or '-'",
    example: "wandb-prod",
    test: (v: string) => /^[a-z][a-z0-9-]{1,19}$/.test(v),
};

const machineType = text({ allowed: "an instance / machine / VM type name", example: "r6i.2xlarge", test: (v) => /^[A-Za-z0-9][\w.-]*$/.test(v) });

/** {@link WandbInfraSizes}. */
export const SIZES_SCHEMA: Schema<WandbInfraSizes> = {
    nodeInstanceType: machineType,
    nodeCount: integer(1, 1000),
    nodeMaxCount: integer(1, 1000),
    nodeDiskGb: integer(1, 65536),
    databaseInstanceType: machineType,
    databaseStorageGb: integer(1, 65536),
    allowBelowReferenceSizing: flag,
};

/**
 * {@link WandbInfraArgs}, the cloud option bags checked by each cloud's own schema (loaded with the
 * cloud, so an AWS user never loads the GCP SDK).
 */
export const INFRA_SCHEMA: Schema<WandbInfraArgs> = {
    namePrefix: required(text(NAME_PREFIX_RULE)),
    fqdn: required(text(RULES.fqdn)),
    environment: required(oneOf(ENVIRONMENTS)),
    products: required(oneOf(PRODUCT_MIXES)),
    kubernetesVersion: text(RULES.nonEmpty),
    sizes: object(SIZES_SCHEMA),
    tags: record(text()),
    weaveKafka: object(KAFKA_BROKER_SCHEMA),
    aws: opaque("any", "AWS settings (see the aws table)"),
    gcp: opaque("any", "Google Cloud settings (see the gcp table)"),
    azure: opaque("any", "Azure settings (see the azure table)"),
};
