import * as pulumi from "@pulumi/pulumi";
import { Instance } from "@pulumi/gcp/redis/instance";
import { WandbRedis } from "../../platform";
import { InfraScope, childName, physicalName, statefulOptions } from "../scope";
import { GcpInfraArgs } from "./args";
import { GcpServiceKey } from "./keys";
import { GcpNetwork, privateServiceDependencies } from "./network";
import { ValidatedGcpArgs, gcpLabels } from "./validate";
import { GCP_DEFAULTS } from "./versions";

/**
 * Memorystore for Redis 7 over private services access: AUTH on, TLS (server authentication; the
 * instance's CA goes to the custom resource, which mounts it), STANDARD_HA (a replica with automatic
 * failover) when highly available, optionally encrypted with a customer-managed key.
 */
export function createGcpCache(scope: InfraScope, args: GcpInfraArgs, gcp: ValidatedGcpArgs, network: GcpNetwork, key: GcpServiceKey | undefined): WandbRedis {
    const dependsOn = privateServiceDependencies(network, key);
    const instance = new Instance(
        childName(scope, "memorystore"),
        {
            project: args.project,
            name: physicalName(scope, "redis"),
            region: args.region,
            tier: gcp.highAvailability ? "STANDARD_HA" : "BASIC",
            memorySizeGb: gcp.highAvailability ? 5 : 2,
            redisVersion: GCP_DEFAULTS.redisVersion,
            authorizedNetwork: network.networkId,
            connectMode: "PRIVATE_SERVICE_ACCESS",
            authEnabled: true,
            transitEncryptionMode: "SERVER_AUTHENTICATION",
            labels: gcpLabels(scope.tags),
            ...(key ? { customerManagedKey: key.id } : {}),
        },
        statefulOptions(scope, { additionalSecretOutputs: ["authString"], dependsOn }),
    );
    return {
        host: instance.host,
        // With TLS, Memorystore serves on port 6378.
        port: instance.port,
        tls: true,
        password: pulumi.secret(instance.authString),
        caCert: instance.serverCaCerts.apply((certs) => certs[0]?.cert ?? ""),
    };
}
