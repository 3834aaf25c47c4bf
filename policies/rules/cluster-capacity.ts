import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { PRODUCTS_LABEL } from "../../components/labels";
import { KUBERNETES_NODE_SIZING, MIN_WORKER_NODES, PRODUCT_MIXES, ProductMix } from "../../components/requirements";
import { ENVIRONMENT_SCHEMA, stackEnvironment } from "../lib/environment";
import { machineSize } from "../../components/util/machines";
import { bool, get, list, num, str } from "../lib/props";
import { ofType } from "../lib/stack";
import { T } from "../lib/types";

/** A node pool's machine type and scaling bounds, whatever the cloud. */
interface Pool {
    resource: PolicyResource;
    machineType?: string;
    min: number;
    max: number;
    autoscaling: boolean;
}

function pools(resources: readonly PolicyResource[]): Pool[] {
    const found: Pool[] = [];
    for (const group of ofType(resources, T.eksNodeGroup)) {
        const min = num(group.props, "scalingConfig.minSize") ?? 0;
        const max = num(group.props, "scalingConfig.maxSize") ?? min;
        found.push({ resource: group, machineType: str(list(group.props, "instanceTypes"), "0"), min, max, autoscaling: max > min });
    }
    for (const pool of ofType(resources, T.gkeNodePool)) {
        const autoscaling = get(pool.props, "autoscaling") !== undefined;
        // Regional pools count nodes per zone; totals, when set, are the whole pool's.
        const zones = Math.max(1, list(pool.props, "nodeLocations").length || 1);
        const min = num(pool.props, "autoscaling.totalMinNodeCount") ?? (num(pool.props, "autoscaling.minNodeCount") ?? num(pool.props, "nodeCount") ?? num(pool.props, "initialNodeCount") ?? 0) * zones;
        const max = num(pool.props, "autoscaling.totalMaxNodeCount") ?? (num(pool.props, "autoscaling.maxNodeCount") ?? 0) * zones;
        found.push({ resource: pool, machineType: str(pool.props, "nodeConfig.machineType"), min, max: Math.max(max, min), autoscaling });
    }
    for (const pool of ofType(resources, T.aksAgentPool)) {
        const autoscaling = bool(pool.props, "enableAutoScaling") === true;
        found.push({ resource: pool, machineType: str(pool.props, "vmSize"), min: num(pool.props, autoscaling ? "minCount" : "count") ?? 0, max: num(pool.props, "maxCount") ?? 0, autoscaling });
    }
    for (const cluster of ofType(resources, T.aksCluster)) {
        for (const profile of list(cluster.props, "agentPoolProfiles").filter((p) => str(p, "mode") === "User")) {
            const autoscaling = bool(profile, "enableAutoScaling") === true;
            found.push({ resource: cluster, machineType: str(profile, "vmSize"), min: num(profile, autoscaling ? "minCount" : "count") ?? 0, max: num(profile, "maxCount") ?? 0, autoscaling });
        }
    }
    return found;
}

function productMix(configured: string | undefined, resources: readonly PolicyResource[]): ProductMix {
    const fromCr = ofType(resources, T.wandbCr).map((cr) => (get(cr.props, "metadata.labels") as Record<string, string> | undefined)?.[PRODUCTS_LABEL])[0];
    const mix = configured ?? fromCr;
    return (PRODUCT_MIXES as readonly string[]).includes(mix ?? "") ? (mix as ProductMix) : "models";
}

/** Production clusters: >= 3 x86 workers that autoscale, each at least the reference table's size. */
export const clusterCapacity: StackValidationPolicy = {
    name: "cluster-capacity",
    description: `Production: at least ${MIN_WORKER_NODES} worker nodes with autoscaling, each node at least the reference architecture's CPU and memory for the product mix.`,
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: "Give the W&B node pool a minimum of 3 nodes, autoscaling headroom, and the instance type of the reference table (WandbInfra's defaults).",
    configSchema: { properties: { ...ENVIRONMENT_SCHEMA, products: { type: "string", enum: [...PRODUCT_MIXES] }, minNodes: { type: "number", default: MIN_WORKER_NODES } } },
    validateStack: (args, reportViolation) => {
        const config = args.getConfig<{ environment?: string; products?: string; minNodes?: number }>();
        if (stackEnvironment(config, args.stackTags, args.resources) !== "production") {
            return;
        }
        const all = pools(args.resources);
        if (all.length === 0) {
            return;
        }
        const minNodes = config.minNodes ?? MIN_WORKER_NODES;
        const total = all.reduce((sum, pool) => sum + pool.min, 0);
        if (total < minNodes) {
            reportViolation(`The cluster starts with ${total} worker node(s); the reference architecture asks for at least ${minNodes}.`, all[0].resource.urn);
        }
        const wanted = KUBERNETES_NODE_SIZING[productMix(config.products, args.resources)].production;
        for (const pool of all) {
            if (!pool.autoscaling || pool.max <= pool.min) {
                reportViolation("Node pool does not autoscale (production needs cluster autoscaling).", pool.resource.urn);
            }
            const size = pool.machineType ? machineSize(pool.machineType) : undefined;
            if (size && (size.cpu < wanted.cpu || size.memoryGb < wanted.memoryGb)) {
                reportViolation(`${pool.machineType} has ${size.cpu} vCPU / ${size.memoryGb} GB; the reference architecture sizes production nodes at ${wanted.cpu} cores / ${wanted.memoryGb} GB.`, pool.resource.urn);
            }
        }
    },
};
