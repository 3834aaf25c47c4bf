import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { MIN_VERSIONS } from "../../components/requirements";
import { parseVersion, versionAtLeast } from "../../components/util/versions";
import { ENVIRONMENT_SCHEMA, stackEnvironment } from "../lib/environment";
import { bool, str } from "../lib/props";
import { ofType } from "../lib/stack";
import { T, isType } from "../lib/types";

const MAJOR = MIN_VERSIONS.redisMajor;

/** The redis-version rule's config. */
interface RedisVersionConfig {
    /** Pass Valkey 7.2+ (ElastiCache engine valkey, Memorystore for Valkey without cluster mode). */
    acceptValkey?: boolean;
}

/** Problem of a Valkey engine at `version`, or undefined when it passes. */
function valkeyProblem(version: string | undefined, config: RedisVersionConfig): string | undefined {
    if (!config.acceptValkey) {
        return `Valkey ${version ?? ""}`.trim() + ` is Redis 7.2-compatible but not Redis ${MAJOR}.x, which is what W&B's reference architecture names (set acceptValkey to allow it)`;
    }
    // ElastiCache says "7.2"/"8.0"; Memorystore says "VALKEY_7_2"/"VALKEY_8_0".
    const dotted = version?.replace(/^VALKEY_/i, "").replace(/_/g, ".");
    return dotted && versionAtLeast(dotted, "7.2") ? undefined : `Valkey ${version ?? "(unset)"} is not a Valkey 7.2+ version`;
}

/** Why a cache resource is not Redis 7.x, or undefined when it is. */
function redisProblem(type: string, props: unknown, config: RedisVersionConfig): string | undefined {
    if (type === T.elasticacheReplicationGroup || type === T.elasticacheCluster) {
        const engine = (str(props, "engine") ?? "redis").toLowerCase();
        const version = str(props, "engineVersion");
        if (engine === "valkey") {
            return valkeyProblem(version, config);
        }
        if (engine !== "redis") {
            return `engine ${engine} is not Redis ${MAJOR}.x`;
        }
        const major = version ? parseVersion(version)?.[0] : undefined;
        return major === MAJOR ? undefined : `engineVersion ${version ?? "(unset: ElastiCache's default)"} is not Redis ${MAJOR}.x`;
    }
    if (type === T.memorystore) {
        const version = str(props, "redisVersion");
        return version && new RegExp(`^REDIS_${MAJOR}_`, "i").test(version) ? undefined : `redisVersion ${version ?? "(unset: Memorystore's default)"} is not Redis ${MAJOR}.x`;
    }
    if (type === T.memorystoreValkey) {
        // Memorystore for Valkey defaults to cluster mode; W&B needs a single-node (non-cluster) Redis.
        const mode = str(props, "mode") ?? "CLUSTER";
        return valkeyProblem(str(props, "engineVersion"), config) ?? (mode.toUpperCase() === "CLUSTER_DISABLED" ? undefined : `Memorystore for Valkey in mode ${mode}: W&B needs a single-node Redis, not cluster mode`);
    }
    if (isType(type, T.azureCacheRedis)) {
        // Azure Cache for Redis (classic) offers Redis 4 and 6 only; Redis 7 is Azure Managed Redis.
        return `Azure Cache for Redis runs Redis ${str(props, "redisVersion") ?? "6"}; W&B needs Redis ${MAJOR}.x (Azure Managed Redis, redisenterprise)`;
    }
    return undefined;
}

/** External caches run Redis 7.x. */
export const redisVersion: ResourceValidationPolicy = {
    name: "redis-version",
    description: `Redis ${MAJOR}.x on ElastiCache, Memorystore and Azure (Azure Managed Redis); Valkey only when configured.`,
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: `Use Redis ${MAJOR}.x: ElastiCache engine redis ${MAJOR}.x, Memorystore REDIS_${MAJOR}_x, Azure Managed Redis (redisenterprise).`,
    configSchema: { properties: { acceptValkey: { type: "boolean", default: false, description: "Pass Valkey 7.2+ (Redis 7.2-compatible) where W&B has agreed to it." } } },
    validateResource: (args, reportViolation) => {
        const problem = redisProblem(args.type, args.props, args.getConfig<RedisVersionConfig>());
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
