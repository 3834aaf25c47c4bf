import * as pulumi from "@pulumi/pulumi";
import { PrivateDnsZoneGroup } from "@pulumi/azure-native/network/privateDnsZoneGroup";
import { PrivateEndpoint } from "@pulumi/azure-native/network/privateEndpoint";
import { Database } from "@pulumi/azure-native/redisenterprise/database";
import { listDatabaseKeysOutput } from "@pulumi/azure-native/redisenterprise/listDatabaseKeys";
import { RedisEnterprise } from "@pulumi/azure-native/redisenterprise/redisEnterprise";
import { WandbRedis } from "../../platform";
import { InfraScope, childName, physicalName, statefulOptions } from "../scope";
import { AzureInfraArgs } from "./args";
import { AzureNetwork, linkedPrivateZone } from "./network";
import { ValidatedAzureArgs } from "./validate";
import { AZURE_DEFAULTS } from "./versions";

/** Azure Managed Redis speaks TLS on port 10000. */
const MANAGED_REDIS_PORT = 10000;

/**
 * Azure Managed Redis (Redis 7.4; classic Azure Cache for Redis stops at 6): TLS only, a
 * non-clustered (EnterpriseCluster policy: plain Redis protocol) database, reachable through a
 * private endpoint only; HA in production. The access key goes to the custom resource's Secret.
 */
export function createAzureCache(scope: InfraScope, args: AzureInfraArgs, azure: ValidatedAzureArgs, network: AzureNetwork): WandbRedis {
    const opts = { parent: scope.parent };
    const cluster = new RedisEnterprise(
        childName(scope, "redis"),
        {
            resourceGroupName: network.resourceGroupName,
            clusterName: physicalName(scope, "redis"),
            location: args.location,
            sku: { name: args.redisSku ?? (scope.environment === "production" ? AZURE_DEFAULTS.redisSku.production : AZURE_DEFAULTS.redisSku.test) },
            highAvailability: azure.highAvailability ? "Enabled" : "Disabled",
            minimumTlsVersion: "1.2",
            publicNetworkAccess: "Disabled",
            tags: scope.tags,
        },
        statefulOptions(scope),
    );
    const database = new Database(
        childName(scope, "redis-database"),
        { resourceGroupName: network.resourceGroupName, clusterName: cluster.name, databaseName: "default", clientProtocol: "Encrypted", clusteringPolicy: "EnterpriseCluster", evictionPolicy: "NoEviction", port: MANAGED_REDIS_PORT, accessKeysAuthentication: "Enabled" },
        statefulOptions(scope),
    );
    const zone = linkedPrivateZone(scope, "redis", "privatelink.redis.azure.net", network);
    const endpoint = new PrivateEndpoint(
        childName(scope, "redis-endpoint"),
        {
            resourceGroupName: network.resourceGroupName,
            privateEndpointName: physicalName(scope, "redis"),
            location: args.location,
            subnet: { id: network.privateEndpointSubnetId },
            privateLinkServiceConnections: [{ name: "redis", privateLinkServiceId: cluster.id, groupIds: ["redisEnterprise"] }],
            tags: scope.tags,
        },
        opts,
    );
    new PrivateDnsZoneGroup(childName(scope, "redis-endpoint-dns"), { resourceGroupName: network.resourceGroupName, privateEndpointName: endpoint.name, privateDnsZoneGroupName: "default", privateDnsZoneConfigs: [{ name: "redis", privateDnsZoneId: zone.id }] }, opts);
    const keys = listDatabaseKeysOutput({ resourceGroupName: network.resourceGroupName, clusterName: cluster.name, databaseName: database.name }, opts);
    return { host: cluster.hostName, port: MANAGED_REDIS_PORT, tls: true, password: pulumi.secret(keys.primaryKey) };
}
