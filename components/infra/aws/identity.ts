import * as pulumi from "@pulumi/pulumi";
import { OpenIdConnectProvider } from "@pulumi/aws/iam/openIdConnectProvider";
import { Role } from "@pulumi/aws/iam/role";
import { InfraScope } from "../scope";
import { Statement, serviceAccountRole } from "./iam";
import { AwsStorage } from "./storage";

/** What a principal needs of a KMS key to read and write data encrypted with it: no key management, no re-encryption. */
export const KMS_DATA_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"] as const;

/**
 * The least-privilege statements of the W&B pods' role: objects of the bucket (under `path` when
 * given, and listing only there), the bucket's KMS key and the queue's for data only, and the
 * notification queue. Not `s3:*`, not `*` resources, and not the node role (which W&B's own module
 * lets do this work).
 */
export function wandbPodStatements(storage: AwsStorage): Statement[] {
    const objects = storage.path === undefined ? pulumi.interpolate`${storage.bucketArn}/*` : pulumi.interpolate`${storage.bucketArn}/${storage.path}/*`;
    const statements: Statement[] = [
        { Sid: "BucketObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], Resource: objects },
        { Sid: "Bucket", Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:GetBucketCORS"], Resource: storage.bucketArn },
        {
            Sid: "BucketListing",
            Effect: "Allow",
            Action: ["s3:ListBucket", "s3:ListBucketMultipartUploads"],
            Resource: storage.bucketArn,
            // s3:prefix is the listing's Prefix parameter (S3 condition keys): listings outside the path are denied.
            ...(storage.path === undefined ? {} : { Condition: { StringLike: { "s3:prefix": [storage.path, `${storage.path}/*`] } } }),
        },
    ];
    if (storage.kmsKeyArn) {
        statements.push({ Sid: "BucketKey", Effect: "Allow", Action: [...KMS_DATA_ACTIONS], Resource: storage.kmsKeyArn });
    }
    if (storage.queue) {
        statements.push({ Sid: "Queue", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ChangeMessageVisibility"], Resource: storage.queue.arn });
        if (storage.queueKmsKeyArn !== undefined) {
            // Receiving from a queue encrypted with a customer key needs kms:Decrypt on it (SQS, "Key management").
            statements.push({ Sid: "QueueKey", Effect: "Allow", Action: ["kms:Decrypt"], Resource: storage.queueKmsKeyArn });
        }
    }
    return statements;
}

/** The IRSA role of the W&B pods' service account. */
export function createWandbPodRole(scope: InfraScope, oidc: OpenIdConnectProvider, namespace: string, serviceAccount: string, storage: AwsStorage): Role {
    return serviceAccountRole(scope, "wandb-pods", oidc, namespace, serviceAccount, wandbPodStatements(storage));
}
