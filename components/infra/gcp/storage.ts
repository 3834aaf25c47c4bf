import * as pulumi from "@pulumi/pulumi";
import { Subscription } from "@pulumi/gcp/pubsub/subscription";
import { Topic } from "@pulumi/gcp/pubsub/topic";
import { TopicIAMMember } from "@pulumi/gcp/pubsub/topicIAMMember";
import { Bucket } from "@pulumi/gcp/storage/bucket";
import { Notification } from "@pulumi/gcp/storage/notification";
import { BUCKET_CORS } from "../../requirements";
import { InfraScope, childName, physicalName, statefulOptions } from "../scope";
import { GcpInfraArgs } from "./args";
import { GcpKeys } from "./keys";
import { ValidatedGcpArgs, gcpLabels } from "./validate";

/** The bucket W&B uses, its key and the optional queue. */
export interface GcpStorage {
    /** Bucket name (created here or the caller's). */
    bucketName: pulumi.Output<string>;
    /** Prefix inside the bucket, when W&B is confined to one. */
    path?: string;
    /** The bucket's customer-managed key id, when W&B must be granted on one. */
    cryptoKeyId?: pulumi.Output<string>;
    topic?: Topic;
    subscription?: Subscription;
}

/**
 * GCS bucket with uniform access, public access prevention, versioning, soft delete, CMEK through a
 * Cloud KMS key that rotates (the GCS service agent may use it), and W&B's CORS for the host; or the
 * caller's existing bucket. Optionally a Pub/Sub topic (CMEK by default) and pull subscription fed by
 * object-finalize notifications (only under `bucketPath` when one is set).
 */
export function createGcpStorage(scope: InfraScope, args: GcpInfraArgs, gcp: ValidatedGcpArgs, keys: GcpKeys): GcpStorage {
    const opts = { parent: scope.parent };
    const labels = gcpLabels(scope.tags);
    const bucketName = gcp.existingBucketName !== undefined ? pulumi.output(gcp.existingBucketName) : createBucket(scope, args, keys).name;
    const storage: GcpStorage = { bucketName, path: gcp.bucketPath, cryptoKeyId: keys.bucket?.id };
    if (!args.queue) {
        return storage;
    }
    const topic = new Topic(
        childName(scope, "queue-topic"),
        { project: args.project, name: physicalName(scope, "files"), labels, ...(keys.queue ? { kmsKeyName: keys.queue.id } : {}) },
        { ...opts, dependsOn: keys.queue ? [keys.queue.agentGrant] : [] },
    );
    const agentPublishes = new TopicIAMMember(childName(scope, "queue-topic-gcs-agent"), { project: args.project, topic: topic.name, role: "roles/pubsub.publisher", member: pulumi.interpolate`serviceAccount:${keys.gcsAgentEmail}` }, opts);
    const subscription = new Subscription(childName(scope, "queue-subscription"), { project: args.project, name: physicalName(scope, "files"), topic: topic.name, ackDeadlineSeconds: 60, labels }, opts);
    new Notification(
        childName(scope, "bucket-notification"),
        { bucket: bucketName, topic: topic.id, payloadFormat: "JSON_API_V1", eventTypes: ["OBJECT_FINALIZE"], ...(gcp.bucketPath !== undefined ? { objectNamePrefix: `${gcp.bucketPath}/` } : {}) },
        { ...opts, dependsOn: [agentPublishes] },
    );
    return { ...storage, topic, subscription };
}

function createBucket(scope: InfraScope, args: GcpInfraArgs, keys: GcpKeys): Bucket {
    // Validation guarantees a bucket key when this component creates the bucket.
    const key = keys.bucket!;
    return new Bucket(
        childName(scope, "bucket"),
        {
            project: args.project,
            name: physicalName(scope, `${args.project}-files`).slice(0, 63),
            location: args.region,
            uniformBucketLevelAccess: true,
            publicAccessPrevention: "enforced",
            versioning: { enabled: true },
            softDeletePolicy: { retentionDurationSeconds: 7 * 24 * 3600 },
            encryption: { defaultKmsKeyName: key.id },
            cors: [{ origins: [scope.host], methods: [...BUCKET_CORS.allowedMethods], responseHeaders: ["Content-Type", "ETag"], maxAgeSeconds: 3600 }],
            forceDestroy: false,
            labels: gcpLabels(scope.tags),
        },
        statefulOptions(scope, { dependsOn: [key.agentGrant] }),
    );
}
