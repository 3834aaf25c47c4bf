import { AUTOSCALING_REQUIRED, CLOUD_INSTANCE_TYPES, Cloud, Environment, KUBERNETES_NODE_SIZING, MIN_WORKER_NODES, MYSQL_NODE_SIZING, ProductMix } from "../requirements";
import { WandbArgumentError, requireIntegerAtLeast } from "../util/errors";
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
    return {
        nodeInstanceType: overrides.nodeInstanceType ?? row.kubernetes[products],
        nodeCount,
        nodeMinCount: nodeCount,
        nodeMaxCount,
        nodeDiskGb,
        databaseInstanceType: overrides.databaseInstanceType ?? row.mysql,
        databaseStorageGb,
    };
}
