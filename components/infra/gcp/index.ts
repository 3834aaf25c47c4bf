import * as pulumi from "@pulumi/pulumi";
import { CloudInfra, InfraScope } from "../scope";
import { GcpInfraArgs } from "./args";
import { createGcpCache } from "./cache";
import { createGcpCluster } from "./cluster";
import { createGcpDatabase } from "./database";
import { createGcpDns } from "./dns";
import { createGcpWandbIdentity } from "./identity";
import { createGcpNetwork } from "./network";
import { createGcpStorage } from "./storage";
import { GCP_SCHEMA } from "./schema";
import { validateGcpArgs } from "./validate";

export * from "./args";

/** gcp: the option bag's schema, validator and builder, for `WandbInfra`. */
export const GCP_CLOUD = { schema: GCP_SCHEMA, validate: validateGcpArgs, build: createGcpInfra };

/**
 * W&B's infrastructure on Google Cloud: VPC with private services access, GKE, Cloud SQL for MySQL,
 * Memorystore Redis, GCS with CMEK (+ Pub/Sub), a static IP with a Google-managed certificate and
 * Cloud DNS, and a Workload Identity service account for the W&B pods.
 */
export function createGcpInfra(scope: InfraScope, args: GcpInfraArgs): CloudInfra {
    const gcp = validateGcpArgs(scope, args);
    const network = createGcpNetwork(scope, args);
    const cluster = createGcpCluster(scope, args, network);
    const database = createGcpDatabase(scope, args, gcp, network);
    const redis = gcp.redis ? createGcpCache(scope, args, gcp, network) : undefined;
    const storage = createGcpStorage(scope, args);
    const identity = createGcpWandbIdentity(scope, args, gcp, storage);
    const ingress = createGcpDns(scope, args);
    return {
        platform: {
            kubernetesProvider: cluster.provider,
            host: scope.host,
            database,
            redis,
            bucket: { provider: "gcs", name: storage.bucket.name },
            bucketQueue: storage.topic && storage.subscription ? pulumi.interpolate`pubsub:/${args.project}/${storage.topic.name}/${storage.subscription.name}` : undefined,
            ingress,
            workloadIdentity: { serviceAccountName: gcp.serviceAccountName, namespace: gcp.namespace, serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": identity.email } },
            cloudProvider: "gcp",
            dependsOn: [cluster.nodePool],
        },
        clusterName: cluster.cluster.name,
        networkId: network.networkId,
        bucketName: storage.bucket.name,
        kubeconfig: cluster.kubeconfig,
    };
}
