import * as pulumi from "@pulumi/pulumi";
import { Cloud, Environment, ProductMix } from "../requirements";
import { WandbKafkaBroker, WandbPlatform } from "../platform";

/** The common arguments of `WandbInfra` after validation and defaults: what the cloud validators see. */
export interface InfraSettings {
    /** Logical name of the `WandbInfra` component; child logical names start with it. */
    name: string;
    /** Prefix for physical names. */
    namePrefix: string;
    /** The W&B host name. */
    fqdn: string;
    /** `https://<fqdn>`. */
    host: string;
    /** Validated environment. */
    environment: Environment;
    /** Validated product mix. */
    products: ProductMix;
    /** Validated Kubernetes version (>= 1.34), or undefined for the cloud's default. */
    kubernetesVersion?: string;
    /** Resolved sizes (table defaults with overrides applied). */
    sizes: ResolvedSizes;
    /** Tags / labels for every taggable resource. */
    tags: Record<string, string>;
    /** An existing Kafka broker for Weave's trace workers, in place of the chart's Bufstream. */
    weaveKafka?: WandbKafkaBroker;
}

/** What every cloud builder receives: validated common arguments and the parent of every resource. */
export interface InfraScope extends InfraSettings {
    /** The `WandbInfra` component: parent of every resource. */
    parent: pulumi.ComponentResource;
}

/** Sizes after defaults: what the cloud builders create. */
export interface ResolvedSizes {
    /** Worker node type. */
    nodeInstanceType: string;
    /** Worker nodes at start (>= 3). */
    nodeCount: number;
    /** Autoscaling lower bound. */
    nodeMinCount: number;
    /** Autoscaling upper bound (equals `nodeCount` in test). */
    nodeMaxCount: number;
    /** Worker root disk, GB. */
    nodeDiskGb: number;
    /** Managed MySQL instance type. */
    databaseInstanceType: string;
    /** MySQL storage, GB. */
    databaseStorageGb: number;
}

/** What a cloud builder returns to `WandbInfra`. */
export interface CloudInfra {
    /** The platform W&B runs on. */
    platform: WandbPlatform;
    /** Kubernetes cluster name. */
    clusterName: pulumi.Output<string>;
    /** VPC / network / VNet id. */
    networkId: pulumi.Output<string>;
    /** Bucket (GCS/S3) or storage account (Azure) name. */
    bucketName: pulumi.Output<string>;
    /** Kubeconfig for the cluster: a Pulumi secret. */
    kubeconfig: pulumi.Output<string>;
}

/** Options for a stateful resource (database, bucket, key): protected in production. */
export function statefulOptions(scope: InfraScope, opts: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
    return { parent: scope.parent, ...opts, protect: scope.environment === "production" };
}

/** A child's logical name: `<component name>-<suffix>`. */
export function childName(scope: InfraScope, suffix: string): string {
    return `${scope.name}-${suffix}`;
}

/** A physical name: `<namePrefix>-<suffix>`. */
export function physicalName(scope: InfraScope, suffix: string): string {
    return `${scope.namePrefix}-${suffix}`;
}

/** The cloud a `WandbInfra` targets, for builders keyed by cloud. */
export type { Cloud };
