import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { Cloud } from "./requirements";

/**
 * The contract between infrastructure and a W&B instance: everything `WandbInstance` needs, with
 * nothing cloud-specific. `WandbInfra` produces one for AWS, GCP or Azure; on-prem and
 * bring-your-own users build one by hand from existing endpoints (see `programs/onprem`).
 *
 * Secret fields (`database.password`, `redis.password`, `bucket.credentials`) must be Pulumi
 * secrets; `WandbInstance` writes them to Kubernetes Secrets and only references those from the
 * W&B custom resource.
 */
export interface WandbPlatform {
    /** The Kubernetes provider of the cluster W&B runs on. */
    kubernetesProvider: Provider;
    /** The user-facing URL with scheme, `https://<fqdn>`. TLS terminates at the ingress, so it must be https. */
    host: pulumi.Input<string>;
    /** The MySQL 8 database W&B keeps its metadata in. */
    database: WandbDatabase;
    /** External Redis 7. Absent means the in-cluster Redis, which is for test environments only. */
    redis?: WandbRedis;
    /** The object store for artifacts, models and run files. */
    bucket: WandbBucket;
    /**
     * Object-created notification queue W&B reads (the app's `BUCKET_QUEUE`): `sqs://<queue name>`,
     * `pubsub:/<project>/<topic>/<subscription>` or `az://<storage account>/<queue>`. Absent: the chart's
     * `internal://` queue.
     */
    bucketQueue?: pulumi.Input<string>;
    /** How the operator's Ingress is exposed. */
    ingress: WandbIngress;
    /** Cloud workload identity for the W&B pods' service accounts (IRSA, GKE or Azure workload identity). */
    workloadIdentity?: WandbWorkloadIdentity;
    /**
     * The cloud: `aws`, `gcp` or `azure`; unset for anything else. The instance passes `aws` and `gcp` on as
     * the chart's `global.cloudProvider` (GKE BackendConfig, ALB health checks); the chart reads no other value.
     */
    cloudProvider?: Cloud;
    /** Resources the W&B instance must wait for (for example the ingress controller or StorageClass). */
    dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** Connection to the MySQL 8 metadata database. */
export interface WandbDatabase {
    /** Host name or IP the pods connect to (the writer endpoint, never a reader endpoint). */
    host: pulumi.Input<string>;
    /** TCP port, usually 3306. */
    port: pulumi.Input<number>;
    /** Database name, usually `wandb_local`. */
    name: pulumi.Input<string>;
    /** Database user. */
    user: pulumi.Input<string>;
    /** Password of `user`: a Pulumi secret. */
    password: pulumi.Input<string>;
    /** PEM CA certificate of the server, when it uses a private CA (not a secret). */
    caCert?: pulumi.Input<string>;
}

/** Connection to an external Redis 7. */
export interface WandbRedis {
    /** Host name or IP (the primary endpoint). */
    host: pulumi.Input<string>;
    /** TCP port, usually 6379. */
    port: pulumi.Input<number>;
    /** Whether the server requires TLS. */
    tls: boolean;
    /** AUTH password or token: a Pulumi secret. */
    password?: pulumi.Input<string>;
    /** PEM CA certificate for TLS with a private CA (not a secret). */
    caCert?: pulumi.Input<string>;
}

/** The object stores the `operator-wandb` chart supports for this package. */
export const BucketProvider = {
    /** Amazon S3, or an S3-compatible store such as MinIO or Ceph RGW (with `endpoint`). */
    S3: "s3",
    /** Google Cloud Storage. */
    Gcs: "gcs",
    /** Azure Blob Storage. */
    Az: "az",
} as const;
/** An object store kind: `s3`, `gcs` or `az`. */
export type BucketProvider = (typeof BucketProvider)[keyof typeof BucketProvider];

/** The object store. */
export interface WandbBucket {
    /** `s3` (Amazon S3 or an S3-compatible store such as MinIO or Ceph RGW), `gcs` or `az`. */
    provider: BucketProvider;
    /** Bucket name (for `az`: the storage account name). */
    name: pulumi.Input<string>;
    /** Optional prefix inside the bucket (for `az`: `<container>[/<prefix>]`). */
    path?: pulumi.Input<string>;
    /** Bucket region (`s3`). */
    region?: pulumi.Input<string>;
    /** KMS key ARN used for server-side encryption (`s3`). */
    kmsKey?: pulumi.Input<string>;
    /**
     * S3-compatible endpoint `host[:port]`, for stores other than Amazon S3 (the docs'
     * `s3://KEY:SECRET@HOST/BUCKET` form). Credentials are then required.
     */
    endpoint?: pulumi.Input<string>;
    /** With `endpoint`: connect to it over TLS only (`?tls=true`). */
    tls?: boolean;
    /** Static credentials, when workload identity is not used. Pulumi secrets. */
    credentials?: WandbBucketCredentials;
}

/** Static object-store credentials; both values are Pulumi secrets. */
export interface WandbBucketCredentials {
    /** S3 access key id; for `az`, the storage account key. */
    accessKey: pulumi.Input<string>;
    /** S3 secret access key; unused for `az`. */
    secretKey?: pulumi.Input<string>;
}

/** Ingress settings for the Ingress the operator creates. */
export interface WandbIngress {
    /**
     * IngressClass name (`alb`, `nginx`, ...). Omit when the controller is chosen by annotation (GKE's
     * `kubernetes.io/ingress.class: gce`) or by the cluster's default IngressClass.
     */
    class?: pulumi.Input<string>;
    /** Annotations for the ingress controller (certificate, static IP, TLS policy, ...). */
    annotations?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * The TLS secret served by the ingress, for controllers that terminate TLS from a Kubernetes Secret
     * (nginx, Traefik, Istio). Cloud load balancers that take a certificate by annotation leave it unset.
     */
    tlsSecretName?: pulumi.Input<string>;
    /**
     * GKE only: name of a Cloud Armor security policy for every W&B backend. The chart's
     * `global.gcpSecurityPolicy`: with `cloudProvider: "gcp"` it renders a BackendConfig per exposed
     * Service carrying the policy, and annotates the Services with it.
     */
    gcpSecurityPolicy?: pulumi.Input<string>;
}

/** Workload identity wiring for the W&B pods. */
export interface WandbWorkloadIdentity {
    /** Annotations for the service accounts (e.g. `eks.amazonaws.com/role-arn`, `iam.gke.io/gcp-service-account`). */
    serviceAccountAnnotations?: Record<string, pulumi.Input<string>>;
    /** Labels for the pods (e.g. `azure.workload.identity/use: "true"`). */
    podLabels?: Record<string, string>;
    /** Name of the Kubernetes service account the identity is bound to. */
    serviceAccountName: string;
    /**
     * Namespace whose service account the cloud identity trusts (the IRSA trust subject, the GKE
     * Workload Identity member, the Azure federated credential). `WandbInstance` refuses to run in any
     * other namespace, where its pods would silently lose bucket access.
     */
    namespace: string;
}
