import * as pulumi from "@pulumi/pulumi";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization/getClientConfig";
import { CloudInfra, InfraScope } from "../scope";
import { AzureInfraArgs } from "./args";
import { createAzureCache } from "./cache";
import { createAzureCluster } from "./cluster";
import { createAzureDatabase } from "./database";
import { createAzureDns } from "./dns";
import { createAzureWandbIdentity } from "./identity";
import { createAzureServiceKeys } from "./keys";
import { createAzureDatabaseAlerts } from "./monitoring";
import { createAzureNetwork } from "./network";
import { createAzureNotificationQueue } from "./queue";
import { createAzureStorage } from "./storage";
import { AZURE_SCHEMA } from "./schema";
import { validateAzureArgs } from "./validate";
import { weaveBroker } from "../weave";

export * from "./args";

/** azure: the option bag's schema, validator and builder, for `WandbInfra`. */
export const AZURE_CLOUD = { schema: AZURE_SCHEMA, validate: validateAzureArgs, build: createAzureInfra };

/**
 * W&B's infrastructure on Azure: resource group and VNet, AKS with workload identity, MySQL flexible
 * server, Azure Managed Redis, a storage account, ingress-nginx with cert-manager and Azure DNS, and a
 * managed identity for the W&B pods.
 */
export function createAzureInfra(scope: InfraScope, args: AzureInfraArgs): CloudInfra {
    const azure = validateAzureArgs(scope, args);
    const network = createAzureNetwork(scope, args);
    const deployer = getClientConfigOutput({ parent: scope.parent });
    const keys = azure.keys ? createAzureServiceKeys(scope, args, azure.keys, network, deployer.tenantId) : undefined;
    const cluster = createAzureCluster(scope, args, azure, network, deployer, keys?.cluster);
    const database = createAzureDatabase(scope, args, azure, network, keys);
    createAzureDatabaseAlerts(scope, args, network, database.server);
    const redis = azure.redis ? createAzureCache(scope, args, azure, network) : undefined;
    const storage = createAzureStorage(scope, args, network, deployer.subscriptionId, keys?.storage);
    const queue = args.queue ? createAzureNotificationQueue(scope, args, network, storage, args.bucketPath) : undefined;
    const identity = createAzureWandbIdentity(scope, args, azure, network, cluster, storage, queue);
    const dns = createAzureDns(scope, args, azure, network, cluster, [cluster.userPool]);
    return {
        platform: {
            kubernetesProvider: cluster.provider,
            host: scope.host,
            database: database.connection,
            redis,
            // The chart's `az` bucket: name = the storage account, path = `<container>[/<prefix>]`; AZURE_STORAGE_KEY comes from the bucket Secret.
            bucket: {
                provider: "az",
                name: storage.accountName,
                path: args.bucketPath ? pulumi.interpolate`${storage.containerName}/${args.bucketPath}` : storage.containerName,
                credentials: { accessKey: storage.accountKey },
            },
            bucketQueue: queue?.bucketQueue,
            ingress: dns.ingress,
            workloadIdentity: {
                serviceAccountName: azure.serviceAccountName,
                namespace: azure.namespace,
                serviceAccountAnnotations: { "azure.workload.identity/client-id": identity.clientId },
                podLabels: { "azure.workload.identity/use": "true" },
            },
            cloudProvider: "azure",
            // No Bufstream here (it stores in S3 or GCS only): the validated `weaveKafka` whenever Weave runs.
            weaveBroker: weaveBroker(scope),
            dependsOn: [cluster.userPool, ...dns.ready],
        },
        clusterName: cluster.cluster.name,
        networkId: network.vnetId,
        bucketName: storage.accountName,
        kubeconfig: cluster.kubeconfig,
    };
}
