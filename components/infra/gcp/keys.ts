import * as pulumi from "@pulumi/pulumi";
import { CryptoKey } from "@pulumi/gcp/kms/cryptoKey";
import { CryptoKeyIAMMember } from "@pulumi/gcp/kms/cryptoKeyIAMMember";
import { KeyRing } from "@pulumi/gcp/kms/keyRing";
import { getProjectOutput } from "@pulumi/gcp/organizations/getProject";
import { ServiceIdentity } from "@pulumi/gcp/projects/serviceIdentity";
import { getProjectServiceAccountOutput } from "@pulumi/gcp/storage/getProjectServiceAccount";
import { InfraScope, childName, physicalName, statefulOptions } from "../scope";
import { GcpInfraArgs } from "./args";
import { GcpKeyChoice, ValidatedGcpArgs, gcpLabels } from "./validate";

/** A service's customer-managed key and the grant its service agent needs before the service can use it. */
export interface GcpServiceKey {
    /** Key id (`projects/…/cryptoKeys/…`). */
    id: pulumi.Output<string>;
    /** The service agent's encrypter/decrypter grant on this key: the service waits for it. */
    agentGrant: CryptoKeyIAMMember;
}

/** The keys per service (absent: Google-managed encryption) and the GCS service agent. */
export interface GcpKeys {
    bucket?: GcpServiceKey;
    database?: GcpServiceKey;
    cache?: GcpServiceKey;
    queue?: GcpServiceKey;
    /** The project's Cloud Storage service agent (bucket encryption, bucket notifications). */
    gcsAgentEmail: pulumi.Output<string>;
}

/** 90 days, in the `<seconds>s` form Cloud KMS takes. */
export const KEY_ROTATION = "7776000s";

/**
 * One key ring in the region and, per service that uses CMEK, a key that rotates every 90 days (or the
 * caller's key). Each service agent gets `roles/cloudkms.cryptoKeyEncrypterDecrypter` on its own key
 * only: GCS (project storage service account), Cloud SQL and Pub/Sub (their service identities) and
 * Memorystore (`service-<project number>@cloud-redis.iam.gserviceaccount.com`, Memorystore CMEK docs).
 */
export function createGcpKeys(scope: InfraScope, args: GcpInfraArgs, gcp: ValidatedGcpArgs): GcpKeys {
    const opts = { parent: scope.parent };
    const labels = gcpLabels(scope.tags);
    const keyRing = new KeyRing(childName(scope, "keyring"), { project: args.project, name: physicalName(scope, "wandb"), location: args.region }, statefulOptions(scope));
    const key = (service: string, choice: GcpKeyChoice | undefined, logicalKey: string, physicalKey: string, agentEmail: () => pulumi.Output<string>): GcpServiceKey | undefined => {
        if (!choice) {
            return undefined;
        }
        const id = choice.kmsKeyId
            ? pulumi.output(choice.kmsKeyId)
            : new CryptoKey(childName(scope, logicalKey), { name: physicalName(scope, physicalKey), keyRing: keyRing.id, rotationPeriod: KEY_ROTATION, purpose: "ENCRYPT_DECRYPT", labels }, statefulOptions(scope)).id;
        const agentGrant = new CryptoKeyIAMMember(
            childName(scope, `${logicalKey}-${service}-agent`),
            { cryptoKeyId: id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: pulumi.interpolate`serviceAccount:${agentEmail()}` },
            opts,
        );
        return { id, agentGrant };
    };
    const gcsAgentEmail = getProjectServiceAccountOutput({ project: args.project }, opts).emailAddress;
    return {
        bucket: key("gcs", gcp.keys.bucket, "bucket-key", "bucket", () => gcsAgentEmail),
        database: key("cloudsql", gcp.keys.database, "database-key", "database", () => new ServiceIdentity(childName(scope, "cloudsql-agent"), { project: args.project, service: "sqladmin.googleapis.com" }, opts).email),
        cache: key("redis", gcp.keys.cache, "cache-key", "cache", () => pulumi.interpolate`service-${getProjectOutput({ projectId: args.project }, opts).number}@cloud-redis.iam.gserviceaccount.com`),
        queue: key("pubsub", gcp.keys.queue, "queue-key", "queue", () => new ServiceIdentity(childName(scope, "pubsub-agent"), { project: args.project, service: "pubsub.googleapis.com" }, opts).email),
        gcsAgentEmail,
    };
}
