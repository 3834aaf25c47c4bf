import { AUTOSCALING_REQUIRED, CLOUD_INSTANCE_TYPES, Cloud, Environment, KUBERNETES_NODE_SIZING, MIN_WORKER_NODES, MYSQL_NODE_SIZING, ProductMix } from "../requirements";
import { WandbArgumentError, requireIntegerAtLeast } from "../util/errors";
import { MachineSize, machineSize } from "../util/machines";
import { WandbInfraSizes } from "./args";
import { ResolvedSizes } from "./scope";

/**
 * Sizes for (cloud, environment, products): the reference architecture's table, with overrides.
 * Node counts start at the minimum of 3; production autoscales up to twice that unless told otherwise.
 */
export function resolveSizes(cloud: Cloud, environment: Environment, products: ProductMix, overrides: WandbInfraSizes = {}): ResolvedSizes {
    const row = CLOUD_INSTANCE_TYPES[cloud][environment];
    const nodeCount = requireIntegerAtLeast("sizes.nodeCount", overrides.nodeCount ?? MIN_WORKER_NODES, MIN_WORKER_NODES, "the reference architecture's minimum of worker nodes");
    const autoscale = AUTOSCALING_REQUIRED[environment];
    const nodeMaxCount = overrides.nodeMaxCount ?? (autoscale ? nodeCount * 2 : nodeCount);
    requireIntegerAtLeast("sizes.nodeMaxCount", nodeMaxCount, nodeCount, "at least sizes.nodeCount");
    if (autoscale && nodeMaxCount <= nodeCount) {
        throw new WandbArgumentError("sizes.nodeMaxCount", nodeMaxCount, `production autoscales: a value above sizes.nodeCount (${nodeCount}) is required`);
    }
    const nodeDiskGb = requireIntegerAtLeast("sizes.nodeDiskGb", overrides.nodeDiskGb ?? KUBERNETES_NODE_SIZING[products][environment].diskGb, KUBERNETES_NODE_SIZING[products][environment].diskGb, "the sizing table's disk per node");
    const databaseStorageGb = requireIntegerAtLeast("sizes.databaseStorageGb", overrides.databaseStorageGb ?? MYSQL_NODE_SIZING[environment].diskGb, 20);
    const nodeInstanceType = overrides.nodeInstanceType ?? row.kubernetes[products];
    const databaseInstanceType = overrides.databaseInstanceType ?? row.mysql;
    return {
        nodeInstanceType,
        nodeCount,
        nodeMinCount: nodeCount,
        nodeMaxCount,
        nodeDiskGb,
        databaseInstanceType,
        databaseStorageGb,
    };
}

/** The size of a node or database type, from its name without the service prefix (`db.`, `db-`, `MO_`). */
function typeSize(type: string): MachineSize | undefined {
    return machineSize(type.replace(/^(db|cache)[.-]/, "").replace(/^[A-Z]{1,2}_(?=Standard_)/, ""));
}

/**
 * Production: node and database types at least the reference architecture's row, unless
 * `sizes.allowBelowReferenceSizing` says otherwise. Runs after the cloud's own checks (x86 first).
 */
export function requireReferenceSizes(cloud: Cloud, environment: Environment, products: ProductMix, sizes: ResolvedSizes, overrides: WandbInfraSizes = {}): void {
    if (environment !== "production" || overrides.allowBelowReferenceSizing) {
        return;
    }
    const row = CLOUD_INSTANCE_TYPES[cloud][environment];
    requireReferenceSize("sizes.nodeInstanceType", sizes.nodeInstanceType, row.kubernetes[products]);
    requireReferenceSize("sizes.databaseInstanceType", sizes.databaseInstanceType, row.mysql);
}

/** Production: `type` has at least the CPU and memory of the reference architecture's `reference` type. */
function requireReferenceSize(argument: string, type: string, reference: string): void {
    const size = typeSize(type);
    const wanted = typeSize(reference);
    if (type === reference || !wanted) {
        return;
    }
    if (!size || size.cpu < wanted.cpu || size.memoryGb < wanted.memoryGb) {
        const measured = size ? `${size.cpu} vCPU / ${size.memoryGb} GB` : "a size this package cannot read from its name";
        throw new WandbArgumentError(
            argument,
            type,
            `production needs at least the reference architecture's ${reference} (${wanted.cpu} vCPU / ${wanted.memoryGb} GB); ${type} has ${measured}. Set sizes.allowBelowReferenceSizing: true to accept it (the policy pack then reports it as advisory)`,
        );
    }
}
