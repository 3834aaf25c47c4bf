import * as pulumi from "@pulumi/pulumi";
import { CryptoKeyIAMMember } from "@pulumi/gcp/kms/cryptoKeyIAMMember";
import { SubscriptionIAMMember } from "@pulumi/gcp/pubsub/subscriptionIAMMember";
import { Account } from "@pulumi/gcp/serviceaccount/account";
import { IAMMember as ServiceAccountIamMember } from "@pulumi/gcp/serviceaccount/iammember";
import { BucketIAMMember } from "@pulumi/gcp/storage/bucketIAMMember";
import { InfraScope, childName, physicalName } from "../scope";
import { GcpInfraArgs } from "./args";
import { GcpStorage } from "./storage";
import { ValidatedGcpArgs } from "./validate";

/**
 * The Google service account of the W&B pods, bound through Workload Identity to their Kubernetes
 * service account, with exactly: object admin on the bucket (only under `bucketPath` when one is set),
 * encrypt/decrypt on its key, subscriber on the queue, and token creator on itself (signed URLs are
 * signed through signBlob). Nothing project-wide.
 */
export function createGcpWandbIdentity(scope: InfraScope, args: GcpInfraArgs, gcp: ValidatedGcpArgs, storage: GcpStorage): Account {
    const opts = { parent: scope.parent };
    const account = new Account(childName(scope, "wandb-gsa"), { project: args.project, accountId: physicalName(scope, "wandb").slice(0, 30), displayName: "W&B Server pods" }, opts);
    const member = pulumi.interpolate`serviceAccount:${account.email}`;
    new ServiceAccountIamMember(
        childName(scope, "wandb-gsa-workload-identity"),
        { serviceAccountId: account.name, role: "roles/iam.workloadIdentityUser", member: `serviceAccount:${args.project}.svc.id.goog[${gcp.namespace}/${gcp.serviceAccountName}]` },
        opts,
    );
    new ServiceAccountIamMember(childName(scope, "wandb-gsa-token-creator"), { serviceAccountId: account.name, role: "roles/iam.serviceAccountTokenCreator", member }, opts);
    const path = storage.path;
    new BucketIAMMember(
        childName(scope, "wandb-gsa-bucket"),
        { bucket: storage.bucketName, role: "roles/storage.objectAdmin", member, ...(path !== undefined ? { condition: storage.bucketName.apply((bucket) => prefixCondition(bucket, path)) } : {}) },
        opts,
    );
    if (storage.cryptoKeyId) {
        new CryptoKeyIAMMember(childName(scope, "wandb-gsa-key"), { cryptoKeyId: storage.cryptoKeyId, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member }, opts);
    }
    if (storage.subscription) {
        new SubscriptionIAMMember(childName(scope, "wandb-gsa-queue"), { project: args.project, subscription: storage.subscription.name, role: "roles/pubsub.subscriber", member }, opts);
    }
    return account;
}

/**
 * An IAM condition confining a bucket grant to `path`: objects whose name starts with `<path>/`, and
 * object listings whose prefix is inside it (the `storage.googleapis.com/objectListPrefix` request
 * attribute, Cloud Storage's IAM Conditions support). GCS evaluates conditions only on buckets with
 * uniform bucket-level access.
 */
export function prefixCondition(bucket: string, path: string): { title: string; description: string; expression: string } {
    const listPrefix = 'api.getAttribute("storage.googleapis.com/objectListPrefix", "")';
    return {
        title: "wandb-bucket-path",
        description: `W&B objects under ${path}/ only`,
        expression: [
            `resource.name.startsWith("projects/_/buckets/${bucket}/objects/${path}/")`,
            `(resource.type == "storage.googleapis.com/Bucket" && (${listPrefix} == "${path}" || ${listPrefix}.startsWith("${path}/")))`,
        ].join(" || "),
    };
}
