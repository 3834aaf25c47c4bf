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
import { serviceKeyArn } from "./kms";
import { InfraScope, childName, physicalName, statefulOptions } from "../scope";
import { AwsInfraArgs } from "./args";
import { policyDocument } from "./iam";
import { ValidatedAwsArgs } from "./validate";

/** The object store and its key. */
export interface AwsStorage {
    /** Bucket name. */
    bucketName: pulumi.Output<string>;
    /** Bucket ARN. */
    bucketArn: pulumi.Output<string>;
    /** KMS key ARN the bucket encrypts with (undefined for a bring-your-own bucket without one). */
    kmsKeyArn?: pulumi.Output<string>;
    /** Prefix inside the bucket W&B keeps its objects under, when given. */
    path?: string;
    /** The SQS queue receiving object-created events, when enabled. */
    queue?: Queue;
    /** The caller's KMS key of the queue, when given (else SQS-managed encryption). */
    queueKmsKeyArn?: string;
}

/**
 * S3 bucket with KMS encryption (rotating key), versioning, all public access blocked, a TLS-only
 * policy and the CORS W&B's browser uploads need (origin: the W&B host); optionally an SQS queue (SQS-managed
 * encryption, which S3 notifications can write to without a key policy) of object-created events. Or an existing bucket.
 */
export function createAwsStorage(scope: InfraScope, args: AwsInfraArgs, aws: ValidatedAwsArgs): AwsStorage {
    if (args.existingBucketName) {
        return {
            bucketName: pulumi.output(args.existingBucketName),
            bucketArn: pulumi.output(`arn:aws:s3:::${args.existingBucketName}`),
            kmsKeyArn: args.existingBucketKmsKeyArn ? pulumi.output(args.existingBucketKmsKeyArn) : undefined,
            path: aws.bucketPath,
        };
    }
    const opts = { parent: scope.parent };
    const keyArn = serviceKeyArn(scope, "bucket", "W&B bucket encryption", aws.kmsKeyArns.bucket);
    const bucket = new Bucket(childName(scope, "bucket"), { bucketPrefix: physicalName(scope, "wandb-"), forceDestroy: false, tags: scope.tags }, statefulOptions(scope));
    new BucketServerSideEncryptionConfiguration(
        childName(scope, "bucket-encryption"),
        { bucket: bucket.bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true }] },
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
        // SQS-managed encryption unless the caller gives a key (whose policy must then admit S3: args.ts).
        const encryption = aws.kmsKeyArns.queue === undefined ? { sqsManagedSseEnabled: true } : { kmsMasterKeyId: aws.kmsKeyArns.queue };
        queue = new Queue(childName(scope, "queue"), { name: physicalName(scope, "wandb-files"), ...encryption, messageRetentionSeconds: 345600, tags: scope.tags }, opts);
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
    return { bucketName: bucket.bucket, bucketArn: bucket.arn, kmsKeyArn: keyArn, path: aws.bucketPath, queue, queueKmsKeyArn: aws.kmsKeyArns.queue };
}
