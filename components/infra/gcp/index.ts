import * as pulumi from "@pulumi/pulumi";
import { CloudInfra, InfraScope } from "../scope";
import { createGcpDatabaseAlert } from "./alerts";
import { GcpInfraArgs } from "./args";
import { createGcpCache } from "./cache";
import { createGcpCluster } from "./cluster";
import { createGcpDatabase } from "./database";
import { createGcpDns } from "./dns";
import { createGcpWandbIdentity } from "./identity";
import { createGcpKeys } from "./keys";
import { createGcpNetwork } from "./network";
import { createGcpSecurityPolicy } from "./security-policy";
import { createGcpStorage } from "./storage";
import { GCP_SCHEMA } from "./schema";
import { validateGcpArgs } from "./validate";
import { weaveBroker } from "../weave";

export * from "./args";

/** gcp: the option bag's schema, validator and builder, for `WandbInfra`. */
export const GCP_CLOUD = { schema: GCP_SCHEMA, validate: validateGcpArgs, build: createGcpInfra };

/**
 * W&B's infrastructure on Google Cloud: VPC with private services access, GKE, Cloud SQL for MySQL
 * (with its CPU alert), Memorystore Redis, GCS with CMEK (+ Pub/Sub), customer-managed keys, an
 * external load balancer (static IP, Google-managed certificate, optional Cloud Armor allow-list) or an
 * internal one, Cloud DNS, and a Workload Identity service account for the W&B pods.
 */
export function createGcpInfra(scope: InfraScope, args: GcpInfraArgs): CloudInfra {
    const gcp = validateGcpArgs(scope, args);
    const network = createGcpNetwork(scope, args, gcp);
    const cluster = createGcpCluster(scope, args, gcp, network);
    const keys = createGcpKeys(scope, args, gcp);
    const database = createGcpDatabase(scope, args, gcp, network, keys.database);
    createGcpDatabaseAlert(scope, args, gcp, database.instance);
    const redis = gcp.redis ? createGcpCache(scope, args, gcp, network, keys.cache) : undefined;
    const storage = createGcpStorage(scope, args, gcp, keys);
    const identity = createGcpWandbIdentity(scope, args, gcp, storage);
    const ingress = createGcpDns(scope, args, gcp, network);
    const securityPolicy = gcp.allowedInboundCidrs ? createGcpSecurityPolicy(scope, args, gcp.allowedInboundCidrs) : undefined;
    return {
        platform: {
            kubernetesProvider: cluster.provider,
            host: scope.host,
            database: database.platform,
            redis,
            bucket: { provider: "gcs", name: storage.bucketName, ...(storage.path !== undefined ? { path: storage.path } : {}) },
            bucketQueue: storage.topic && storage.subscription ? pulumi.interpolate`pubsub:/${args.project}/${storage.topic.name}/${storage.subscription.name}` : undefined,
            ingress: securityPolicy ? { ...ingress, gcpSecurityPolicy: securityPolicy.name } : ingress,
            workloadIdentity: { serviceAccountName: gcp.serviceAccountName, namespace: gcp.namespace, serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": identity.email } },
            cloudProvider: "gcp",
            weaveBroker: weaveBroker(scope, { path: storage.path }),
            dependsOn: [cluster.nodePool, ...network.internalLoadBalancerPrerequisites],
        },
        clusterName: cluster.cluster.name,
        networkId: network.networkId,
        bucketName: storage.bucketName,
        kubeconfig: cluster.kubeconfig,
    };
}
