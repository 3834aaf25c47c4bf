import * as pulumi from "@pulumi/pulumi";
import { OpenIdConnectProvider } from "@pulumi/aws/iam/openIdConnectProvider";
import { Role } from "@pulumi/aws/iam/role";
import { InfraScope } from "../scope";
import { Statement, serviceAccountRole } from "./iam";
import { AwsStorage } from "./storage";

/**
 * The least-privilege statements of the W&B pods' role: objects and listing of the bucket only, the
 * bucket's KMS key for data keys, and the notification queue. Not `s3:*`, not `*` resources, and not
 * the node role (which W&B's own module lets do this work).
 */
export function wandbPodStatements(storage: AwsStorage): Statement[] {
    const statements: Statement[] = [
        { Sid: "BucketObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], Resource: pulumi.interpolate`${storage.bucketArn}/*` },
        { Sid: "Bucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketCORS", "s3:ListBucketMultipartUploads"], Resource: storage.bucketArn },
    ];
    if (storage.kmsKeyArn) {
        statements.push({ Sid: "BucketKey", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource: storage.kmsKeyArn });
    }
    if (storage.queue) {
        statements.push({ Sid: "Queue", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ChangeMessageVisibility"], Resource: storage.queue.arn });
    }
    return statements;
}

/** The IRSA role of the W&B pods' service account. */
export function createWandbPodRole(scope: InfraScope, oidc: OpenIdConnectProvider, namespace: string, serviceAccount: string, storage: AwsStorage): Role {
    return serviceAccountRole(scope, "wandb-pods", oidc, namespace, serviceAccount, wandbPodStatements(storage));
}
