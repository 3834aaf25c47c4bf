import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { MIN_VERSIONS } from "../../components/requirements";
import { parseVersion } from "../../components/util/versions";
import { ENVIRONMENT_SCHEMA, stackEnvironment } from "../lib/environment";
import { bool, str } from "../lib/props";
import { ofType } from "../lib/stack";
import { T } from "../lib/types";

const MAJOR = MIN_VERSIONS.redisMajor;

/** The Redis major a cache resource runs, or a message when it is not Redis 7. */
function redisProblem(type: string, props: unknown): string | undefined {
    if (type === T.elasticacheReplicationGroup || type === T.elasticacheCluster) {
        const engine = str(props, "engine") ?? "redis";
        const version = str(props, "engineVersion");
        if (engine !== "redis") {
            return `engine ${engine} is not Redis ${MAJOR}.x`;
        }
        const major = version ? parseVersion(version)?.[0] : undefined;
        return major === MAJOR ? undefined : `engineVersion ${version ?? "(unset: ElastiCache's default)"} is not Redis ${MAJOR}.x`;
    }
    if (type === T.memorystore) {
        const version = str(props, "redisVersion");
        return version && new RegExp(`^REDIS_${MAJOR}_`).test(version) ? undefined : `redisVersion ${version ?? "(unset: Memorystore's default)"} is not Redis ${MAJOR}.x`;
    }
    if (type === T.azureCacheRedis) {
        // Azure Cache for Redis (classic) offers Redis 4 and 6 only; Redis 7 is Azure Managed Redis.
        return `Azure Cache for Redis runs Redis ${str(props, "redisVersion") ?? "6"}; W&B needs Redis ${MAJOR}.x (Azure Managed Redis, redisenterprise)`;
    }
    return undefined;
}

/** External caches run Redis 7.x. */
export const redisVersion: ResourceValidationPolicy = {
    name: "redis-version",
    description: `Redis ${MAJOR}.x on ElastiCache, Memorystore and Azure (Azure Managed Redis).`,
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: `Use Redis ${MAJOR}.x: ElastiCache engine redis ${MAJOR}.x, Memorystore REDIS_${MAJOR}_x, Azure Managed Redis (redisenterprise).`,
    validateResource: (args, reportViolation) => {
        const problem = redisProblem(args.type, args.props);
        if (problem) {
            reportViolation(`${problem}.`);
        }
    },
};

/** Production never runs the in-cluster Redis of the W&B chart. */
export const productionExternalRedis: StackValidationPolicy = {
    name: "redis-external-in-production",
    description: "In production the W&B custom resource uses an external Redis (redis.install false): the in-cluster Redis is for test environments only.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Give the platform an external Redis 7 (WandbInfra creates one unless told not to).",
    configSchema: { properties: { ...ENVIRONMENT_SCHEMA } },
    validateStack: (args, reportViolation) => {
        if (stackEnvironment(args.getConfig<{ environment?: string }>(), args.stackTags, args.resources) !== "production") {
            return;
        }
        for (const cr of ofType(args.resources, T.wandbCr)) {
            if (bool(cr.props, "spec.values.redis.install") !== false) {
                reportViolation("Production W&B runs the chart's in-cluster Redis (spec.values.redis.install is not false).", cr.urn);
            }
        }
    },
};
