/** Preflight: checks the existing services a W&B deployment will use, before `pulumi up`. */
export { runPreflight, formatPreflightReport, PreflightTargets, PreflightReport } from "./runner";
export { PreflightCheck, CheckStatus, PreflightService, PREFLIGHT_SERVICES } from "./types";
export { checkMysql, judgeMysqlVersion, missingPrivileges, MysqlTarget } from "./mysql";
export { checkRedis, RedisTarget } from "./redis";
export { checkObjectStore, corsRuleAllows, ObjectStoreTarget } from "./object-store";
export { checkKubernetes, KubernetesTarget } from "./kubernetes";
export { parseMysqlUrl, parseRedisUrl, parseBucketUrl, PreflightInputError } from "./connection-strings";
export { targetsFromStack, secretEnvVar, PREFLIGHT_SECRET_KEYS, StackTargets } from "./stack";
export { checkImages, parseImageReference, ImagesTarget, RegistryCredentials } from "./images";
export { deploymentImages } from "./deployment-images";
