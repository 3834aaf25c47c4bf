import * as pulumi from "@pulumi/pulumi";
import { ReplicationGroup } from "@pulumi/aws/elasticache/replicationGroup";
import { SubnetGroup } from "@pulumi/aws/elasticache/subnetGroup";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { WandbRedis } from "../../platform";
import { serviceKeyArn } from "./kms";
import { InfraScope, childName, physicalName, statefulOptions } from "../scope";
import { AwsInfraArgs } from "./args";
import { AwsNetwork, dataServiceSecurityGroup } from "./network";
import { ValidatedAwsArgs } from "./validate";
import { AWS_DEFAULTS } from "./versions";

/**
 * ElastiCache Redis 7 (a replication group): TLS in transit, an AUTH token, encryption at rest with
 * its own KMS key (or the caller's), reachable from the EKS cluster only; in production a replica in another AZ with
 * automatic failover (Redis replicas are failover targets; W&B uses the primary endpoint).
 */
export function createAwsCache(scope: InfraScope, args: AwsInfraArgs, aws: ValidatedAwsArgs, network: AwsNetwork, clusterSecurityGroupId: pulumi.Input<string>): WandbRedis {
    const opts = { parent: scope.parent };
    const production = scope.environment === "production";
    const keyArn = serviceKeyArn(scope, "redis", "W&B Redis encryption", aws.kmsKeyArns.redis);
    const subnetGroup = new SubnetGroup(childName(scope, "redis-subnets"), { name: physicalName(scope, "redis"), subnetIds: network.databaseSubnetIds, tags: scope.tags }, opts);
    const securityGroup = dataServiceSecurityGroup(scope, "redis", "ElastiCache Redis", 6379, network, clusterSecurityGroupId);
    // ElastiCache AUTH tokens: 16-128 printable characters, no '@', '"' or '/'; alphanumerics are safe.
    const authToken = new RandomPassword(childName(scope, "redis-auth"), { length: 48, special: false }, opts);
    const group = new ReplicationGroup(
        childName(scope, "redis"),
        {
            replicationGroupId: physicalName(scope, "wandb"),
            description: `W&B Redis (${scope.fqdn})`,
            engine: "redis",
            engineVersion: AWS_DEFAULTS.redisEngineVersion,
            parameterGroupName: AWS_DEFAULTS.redisParameterGroup,
            nodeType: args.redisNodeType ?? "cache.r6g.large",
            numCacheClusters: production ? 2 : 1,
            automaticFailoverEnabled: production,
            multiAzEnabled: production,
            port: 6379,
            subnetGroupName: subnetGroup.name,
            securityGroupIds: [securityGroup.id],
            transitEncryptionEnabled: true,
            atRestEncryptionEnabled: true,
            kmsKeyId: keyArn,
            authToken: pulumi.secret(authToken.result),
            snapshotRetentionLimit: production ? 7 : 0,
            tags: scope.tags,
        },
        statefulOptions(scope, { additionalSecretOutputs: ["authToken"] }),
    );
    return { host: group.primaryEndpointAddress, port: 6379, tls: true, password: pulumi.secret(authToken.result) };
}
