import * as pulumi from "@pulumi/pulumi";
import { Bucket } from "@pulumi/aws/s3/bucket";
import { BucketCorsConfiguration } from "@pulumi/aws/s3/bucketCorsConfiguration";
import { BucketNotification } from "@pulumi/aws/s3/bucketNotification";
import { BucketPolicy } from "@pulumi/aws/s3/bucketPolicy";
import { BucketPublicAccessBlock } from "@pulumi/aws/s3/bucketPublicAccessBlock";
import { BucketServerSideEncryptionConfiguration } from "@pulumi/aws/s3/bucketServerSideEncryptionConfiguration";
import { BucketVersioning } from "@pulumi/aws/s3/bucketVersioning";
import { Queue } from "@pulumi/aws/sqs/queue";
import { QueuePolicy } from "@pulumi/aws/sqs/queuePolicy";
import { BUCKET_CORS } from "../../requirements";
import { encryptionKey } from "./kms";
import { InfraScope, childName, physicalName, statefulOptions } from "../scope";
import { AwsInfraArgs } from "./args";
import { policyDocument } from "./iam";

/** The object store and its key. */
export interface AwsStorage {
    /** Bucket name. */
    bucketName: pulumi.Output<string>;
    /** Bucket ARN. */
    bucketArn: pulumi.Output<string>;
    /** KMS key ARN the bucket encrypts with (undefined for a bring-your-own bucket without one). */
    kmsKeyArn?: pulumi.Output<string>;
    /** The SQS queue receiving object-created events, when enabled. */
    queue?: Queue;
}

/**
 * S3 bucket with KMS encryption (rotating key), versioning, all public access blocked, a TLS-only
 * policy and the CORS W&B's browser uploads need (origin: the W&B host); optionally an SQS queue (SQS-managed
 * encryption, which S3 notifications can write to without a key policy) of object-created events. Or an existing bucket.
 */
export function createAwsStorage(scope: InfraScope, args: AwsInfraArgs): AwsStorage {
    if (args.existingBucketName) {
        return {
            bucketName: pulumi.output(args.existingBucketName),
            bucketArn: pulumi.output(`arn:aws:s3:::${args.existingBucketName}`),
            kmsKeyArn: args.existingBucketKmsKeyArn ? pulumi.output(args.existingBucketKmsKeyArn) : undefined,
        };
    }
    const opts = { parent: scope.parent };
    const key = encryptionKey(scope, "bucket", "W&B bucket encryption");
    const bucket = new Bucket(childName(scope, "bucket"), { bucketPrefix: physicalName(scope, "wandb-"), forceDestroy: false, tags: scope.tags }, statefulOptions(scope));
    new BucketServerSideEncryptionConfiguration(
        childName(scope, "bucket-encryption"),
        { bucket: bucket.bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }] },
        opts,
    );
    new BucketVersioning(childName(scope, "bucket-versioning"), { bucket: bucket.bucket, versioningConfiguration: { status: "Enabled" } }, opts);
    new BucketPublicAccessBlock(childName(scope, "bucket-public-access"), { bucket: bucket.bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, opts);
    new BucketCorsConfiguration(
        childName(scope, "bucket-cors"),
        {
            bucket: bucket.bucket,
            corsRules: [{ allowedMethods: [...BUCKET_CORS.allowedMethods], allowedOrigins: [scope.host], allowedHeaders: [...BUCKET_CORS.allowedHeaders], exposeHeaders: ["ETag"], maxAgeSeconds: 3600 }],
        },
        opts,
    );
    new BucketPolicy(
        childName(scope, "bucket-tls-only"),
        {
            bucket: bucket.bucket,
            policy: policyDocument([
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ]),
        },
        opts,
    );
    let queue: Queue | undefined;
    if (args.queue) {
        queue = new Queue(childName(scope, "queue"), { name: physicalName(scope, "wandb-files"), sqsManagedSseEnabled: true, messageRetentionSeconds: 345600, tags: scope.tags }, opts);
        const queuePolicy = new QueuePolicy(
            childName(scope, "queue-policy"),
            {
                queueUrl: queue.url,
                policy: policyDocument([
                    { Sid: "BucketNotifications", Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sqs:SendMessage", Resource: queue.arn, Condition: { ArnEquals: { "aws:SourceArn": bucket.arn } } },
                ]),
            },
            opts,
        );
        new BucketNotification(childName(scope, "bucket-notification"), { bucket: bucket.bucket, queues: [{ queueArn: queue.arn, events: ["s3:ObjectCreated:*"] }] }, { ...opts, dependsOn: [queuePolicy] });
    }
    return { bucketName: bucket.bucket, bucketArn: bucket.arn, kmsKeyArn: key.arn, queue };
}
