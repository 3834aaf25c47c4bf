import * as pulumi from "@pulumi/pulumi";
import { CryptoKey } from "@pulumi/gcp/kms/cryptoKey";
import { CryptoKeyIAMMember } from "@pulumi/gcp/kms/cryptoKeyIAMMember";
import { KeyRing } from "@pulumi/gcp/kms/keyRing";
import { Subscription } from "@pulumi/gcp/pubsub/subscription";
import { Topic } from "@pulumi/gcp/pubsub/topic";
import { TopicIAMMember } from "@pulumi/gcp/pubsub/topicIAMMember";
import { Bucket } from "@pulumi/gcp/storage/bucket";
import { getProjectServiceAccountOutput } from "@pulumi/gcp/storage/getProjectServiceAccount";
import { Notification } from "@pulumi/gcp/storage/notification";
import { BUCKET_CORS } from "../../requirements";
import { InfraScope, childName, physicalName, statefulOptions } from "../scope";
import { GcpInfraArgs } from "./args";
import { gcpLabels } from "./validate";

/** The bucket, its key and the optional queue. */
export interface GcpStorage {
    bucket: Bucket;
    cryptoKey: CryptoKey;
    topic?: Topic;
    subscription?: Subscription;
}

/** 90 days, in the `<seconds>s` form Cloud KMS takes. */
const KEY_ROTATION = "7776000s";

/**
 * GCS bucket with uniform access, public access prevention, versioning, soft delete, CMEK through a
 * Cloud KMS key that rotates (the GCS service agent may use it), and W&B's CORS for the host;
 * optionally a Pub/Sub topic and pull subscription fed by object-finalize notifications.
 */
export function createGcpStorage(scope: InfraScope, args: GcpInfraArgs): GcpStorage {
    const opts = { parent: scope.parent };
    const labels = gcpLabels(scope.tags);
    const keyRing = new KeyRing(childName(scope, "keyring"), { project: args.project, name: physicalName(scope, "wandb"), location: args.region }, statefulOptions(scope));
    const cryptoKey = new CryptoKey(childName(scope, "bucket-key"), { name: physicalName(scope, "bucket"), keyRing: keyRing.id, rotationPeriod: KEY_ROTATION, purpose: "ENCRYPT_DECRYPT", labels }, statefulOptions(scope));
    const gcsAgent = getProjectServiceAccountOutput({ project: args.project }, opts);
    const agentOnKey = new CryptoKeyIAMMember(
        childName(scope, "bucket-key-gcs-agent"),
        { cryptoKeyId: cryptoKey.id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: pulumi.interpolate`serviceAccount:${gcsAgent.emailAddress}` },
        opts,
    );
    const bucket = new Bucket(
        childName(scope, "bucket"),
        {
            project: args.project,
            name: physicalName(scope, `${args.project}-files`).slice(0, 63),
            location: args.region,
            uniformBucketLevelAccess: true,
            publicAccessPrevention: "enforced",
            versioning: { enabled: true },
            softDeletePolicy: { retentionDurationSeconds: 7 * 24 * 3600 },
            encryption: { defaultKmsKeyName: cryptoKey.id },
            cors: [{ origins: [scope.host], methods: [...BUCKET_CORS.allowedMethods], responseHeaders: ["Content-Type", "ETag"], maxAgeSeconds: 3600 }],
            forceDestroy: false,
            labels,
        },
        statefulOptions(scope, { dependsOn: [agentOnKey] }),
    );
    if (!args.queue) {
        return { bucket, cryptoKey };
    }
    const topic = new Topic(childName(scope, "queue-topic"), { project: args.project, name: physicalName(scope, "files"), labels }, opts);
    const agentPublishes = new TopicIAMMember(childName(scope, "queue-topic-gcs-agent"), { project: args.project, topic: topic.name, role: "roles/pubsub.publisher", member: pulumi.interpolate`serviceAccount:${gcsAgent.emailAddress}` }, opts);
    const subscription = new Subscription(childName(scope, "queue-subscription"), { project: args.project, name: physicalName(scope, "files"), topic: topic.name, ackDeadlineSeconds: 60, labels }, opts);
    new Notification(childName(scope, "bucket-notification"), { bucket: bucket.name, topic: topic.id, payloadFormat: "JSON_API_V1", eventTypes: ["OBJECT_FINALIZE"] }, { ...opts, dependsOn: [agentPublishes] });
    return { bucket, cryptoKey, topic, subscription };
}
