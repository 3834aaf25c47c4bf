import type { Environment, ProductMix } from "../requirements";
import type { AwsInfraArgs } from "./aws/args";
import type { AzureInfraArgs } from "./azure/args";
import type { GcpInfraArgs } from "./gcp/args";

/** Size overrides; anything unset comes from the reference architecture's table for (cloud, environment, products). */
export interface WandbInfraSizes {
    /** Kubernetes worker instance / machine / VM type (x86-64 only). */
    nodeInstanceType?: string;
    /** Worker nodes at start; at least 3. */
    nodeCount?: number;
    /** Autoscaling upper bound (production). Default: twice `nodeCount`. */
    nodeMaxCount?: number;
    /** Worker root disk, GB. Default: the sizing table's disk (100 GB). */
    nodeDiskGb?: number;
    /** Managed MySQL instance class / tier / SKU. */
    databaseInstanceType?: string;
    /** MySQL storage, GB (where the service takes a size). Default: the sizing table's disk. */
    databaseStorageGb?: number;
    /**
     * Accept node or database types smaller than the reference architecture's production row (an error
     * otherwise). The policy pack's `cluster-capacity` rule then reports the smaller nodes as advisory.
     */
    allowBelowReferenceSizing?: boolean;
}

/**
 * Arguments of `WandbInfra`. Exactly one of `aws`, `gcp`, `azure` is set; it picks the cloud. Choices are
 * `as const` objects (enums in other languages), never inline unions, which Pulumi's schema inference refuses.
 */
export interface WandbInfraArgs {
    /** Prefix of every physical name (lower-case letters, digits, '-'; 2-20 characters). */
    namePrefix: string;
    /** The W&B host name, e.g. `wandb.example.com`. W&B is served at `https://<fqdn>`. */
    fqdn: string;
    /** `test` or `production`: production adds HA, autoscaling, deletion protection and `protect`. */
    environment: Environment;
    /** `models`, `weave` or `models-and-weave`: picks the node size from the reference table. */
    products: ProductMix;
    /** Kubernetes version (>= 1.34). Default: the cloud's current default in this package. */
    kubernetesVersion?: string;
    /** Size overrides. */
    sizes?: WandbInfraSizes;
    /** Tags (AWS, Azure) or labels (GCP, normalized to its label rules) for every resource that takes them. */
    tags?: Record<string, string>;
    /** AWS settings; selects AWS. */
    aws?: AwsInfraArgs;
    /** Google Cloud settings; selects GCP. */
    gcp?: GcpInfraArgs;
    /** Azure settings; selects Azure. */
    azure?: AzureInfraArgs;
}
