import * as pulumi from "@pulumi/pulumi";
import { CloudInfra, InfraScope, physicalName } from "../scope";
import { AwsInfraArgs } from "./args";
import { createAwsAutoscaling } from "./autoscaling";
import { createAwsCache } from "./cache";
import { createAwsCluster } from "./cluster";
import { createAwsDatabase } from "./database";
import { createAwsDns } from "./dns";
import { createWandbPodRole } from "./identity";
import { createAwsNetwork } from "./network";
import { createAwsStorage } from "./storage";
import { AWS_SCHEMA } from "./schema";
import { validateAwsArgs } from "./validate";
import { weaveBroker } from "../weave";

export * from "./args";

/** aws: the option bag's schema, validator and builder, for `WandbInfra`. */
export const AWS_CLOUD = { schema: AWS_SCHEMA, validate: validateAwsArgs, build: createAwsInfra };

/**
 * W&B's infrastructure on AWS: network, EKS, Aurora MySQL, ElastiCache Redis, S3 (+ SQS), ACM +
 * ALB + Route53, and an IRSA role for the W&B pods. The database, cache and bucket depend only on the
 * network and the cluster's security group, so they provision in parallel with the node group.
 */
export function createAwsInfra(scope: InfraScope, args: AwsInfraArgs): CloudInfra {
    const aws = validateAwsArgs(scope, args);
    const clusterName = physicalName(scope, "eks");
    const network = createAwsNetwork(scope, args, aws, clusterName);
    const cluster = createAwsCluster(scope, args, aws, network, clusterName);
    createAwsAutoscaling(scope, aws, args.region, clusterName, cluster);
    const storage = createAwsStorage(scope, args, aws);
    const database = createAwsDatabase(scope, aws, network, cluster.clusterSecurityGroupId);
    const redis = aws.redis ? createAwsCache(scope, args, aws, network, cluster.clusterSecurityGroupId) : undefined;
    const podRole = createWandbPodRole(scope, cluster.oidcProvider, aws.namespace, aws.serviceAccountName, storage);
    // The controllers need nodes to run on, not the StorageClass or the EBS driver.
    const dns = createAwsDns(scope, args, aws, cluster.cluster.name, network.vpcId, cluster.oidcProvider, cluster.provider, [cluster.nodeGroup]);
    return {
        platform: {
            kubernetesProvider: cluster.provider,
            host: scope.host,
            database: database.connection,
            redis,
            bucket: { provider: "s3", name: storage.bucketName, path: storage.path, region: args.region, kmsKey: storage.kmsKeyArn },
            bucketQueue: storage.queue ? pulumi.interpolate`sqs://${storage.queue.name}` : undefined,
            ingress: dns.ingress,
            workloadIdentity: { serviceAccountName: aws.serviceAccountName, namespace: aws.namespace, serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": podRole.arn } },
            cloudProvider: "aws",
            weaveBroker: weaveBroker(scope, { path: storage.path }),
            dependsOn: [...cluster.ready, ...dns.ready],
        },
        clusterName: cluster.cluster.name,
        networkId: network.vpcId,
        bucketName: storage.bucketName,
        kubeconfig: cluster.kubeconfig,
    };
}
