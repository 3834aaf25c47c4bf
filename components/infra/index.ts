import * as pulumi from "@pulumi/pulumi";
import { CLOUDS, Cloud } from "../requirements";
import { WandbPlatform } from "../platform";
import { WandbArgumentError, withArgumentNames } from "../util/errors";
import { Schema, validateSchema } from "../util/schema";
import { requireKubernetesVersion } from "../util/validate";
import { WandbInfraArgs } from "./args";
import { INFRA_SCHEMA } from "./schema";
import { CloudInfra, InfraScope, InfraSettings } from "./scope";
import { requireReferenceSizes, resolveSizes } from "./sizes";

export * from "./args";

/** What a cloud contributes: its option bag's schema, its validator and its builder. */
export interface CloudDefinition {
    /** Schema of the cloud's option bag (`aws`, `gcp`, `azure`). */
    schema: Schema<object>;
    /** Cross-field checks of the option bag against the common settings; pure. */
    validate(settings: InfraSettings, cloudArgs: never): unknown;
    /** Creates the cloud's resources under `scope.parent`. */
    build(scope: InfraScope, cloudArgs: never): CloudInfra;
}

/**
 * The clouds, each `require`d on first use so a program loads only the provider SDK it needs (the SDKs
 * are large; see docs/performance.md).
 */
const CLOUD_DEFINITIONS: Readonly<Record<Cloud, () => CloudDefinition>> = {
    aws: () => (require("./aws") as typeof import("./aws")).AWS_CLOUD as CloudDefinition,
    gcp: () => (require("./gcp") as typeof import("./gcp")).GCP_CLOUD as CloudDefinition,
    azure: () => (require("./azure") as typeof import("./azure")).AZURE_CLOUD as CloudDefinition,
};

/** `WandbInfra`'s arguments after validation: the cloud, the common settings and the checked option bag. */
export interface ValidatedInfraArgs {
    cloud: Cloud;
    settings: InfraSettings;
    cloudArgs: unknown;
}

/**
 * Checks every argument of a `WandbInfra` named `name` (common and the cloud's) before anything is
 * registered; throws one `WandbArgumentError` naming the first bad one under `path`.
 */
export function validateInfraArgs(name: string, input: WandbInfraArgs, path = ""): ValidatedInfraArgs {
    const args = validateSchema(INFRA_SCHEMA, input, path);
    const cloud = selectCloud(args, path);
    const definition = CLOUD_DEFINITIONS[cloud]();
    const cloudArgs = validateSchema(definition.schema, args[cloud], `${path ? `${path}.` : ""}${cloud}`);
    const at = (argument: string) => `${path ? `${path}.` : ""}${argument}`;
    const settings: InfraSettings = withArgumentNames(at, () => ({
        name,
        namePrefix: args.namePrefix,
        fqdn: args.fqdn,
        host: `https://${args.fqdn}`,
        environment: args.environment,
        products: args.products,
        kubernetesVersion: args.kubernetesVersion === undefined ? undefined : requireKubernetesVersion("kubernetesVersion", args.kubernetesVersion, KUBERNETES_FORMAT[cloud]),
        sizes: resolveSizes(cloud, args.environment, args.products, args.sizes),
        tags: { ...args.tags },
    }));
    withArgumentNames(at, () => {
        definition.validate(settings, cloudArgs as never);
        requireReferenceSizes(cloud, settings.environment, settings.products, settings.sizes, args.sizes);
    });
    return { cloud, settings, cloudArgs };
}

/** How each cloud's managed Kubernetes writes a version. */
const KUBERNETES_FORMAT: Readonly<Record<Cloud, "eks" | "gke" | "aks">> = { aws: "eks", gcp: "gke", azure: "aks" };

/**
 * The infrastructure W&B runs on, in one cloud, per W&B's reference architecture: network,
 * Kubernetes cluster with x86 nodes, MySQL 8, Redis 7, object storage, DNS and TLS, and workload
 * identity. Produces a `WandbPlatform` for `WandbInstance`.
 */
export class WandbInfra extends pulumi.ComponentResource {
    /** Everything `WandbInstance` needs. */
    public readonly platform: WandbPlatform;
    /** The cloud this infrastructure is in. */
    public readonly cloud: Cloud;
    /** Kubernetes cluster name. */
    public readonly clusterName: pulumi.Output<string>;
    /** VPC / network / VNet id. */
    public readonly networkId: pulumi.Output<string>;
    /** Bucket (or Azure storage account) name. */
    public readonly bucketName: pulumi.Output<string>;
    /** Kubeconfig of the cluster: a Pulumi secret. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** The W&B URL, `https://<fqdn>`. */
    public readonly url: string;

    /**
     * @param name The _unique_ name of this component.
     * @param args Common settings plus exactly one cloud's settings.
     * @param opts Options; a cloud provider given here (`providers`) is used by every child.
     */
    constructor(name: string, args: WandbInfraArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const { cloud, settings, cloudArgs } = validateInfraArgs(name, args);
        super("wandb:index:WandbInfra", name, {}, opts);
        const scope: InfraScope = { ...settings, parent: this };
        const built = CLOUD_DEFINITIONS[cloud]().build(scope, cloudArgs as never);
        this.cloud = cloud;
        this.platform = built.platform;
        this.clusterName = built.clusterName;
        this.networkId = built.networkId;
        this.bucketName = built.bucketName;
        this.kubeconfig = pulumi.secret(built.kubeconfig);
        this.url = scope.host;
        this.registerOutputs({
            cloud: this.cloud,
            clusterName: this.clusterName,
            networkId: this.networkId,
            bucketName: this.bucketName,
            kubeconfig: this.kubeconfig,
            url: this.url,
        });
    }
}

/** The one cloud whose option bag is set; throws when none or several are. */
export function selectCloud(args: WandbInfraArgs, path = ""): Cloud {
    const set = CLOUDS.filter((cloud) => args[cloud] !== undefined);
    if (set.length !== 1) {
        const prefix = path ? `${path}.` : "";
        throw new WandbArgumentError(
            set.length ? set.map((cloud) => `${prefix}${cloud}`).join(" and ") : `${prefix}aws | gcp | azure`,
            set.length ? `${set.length} cloud option bags` : "none",
            "exactly one of the option bags aws, gcp, azure must be set: it picks the cloud",
        );
    }
    return set[0];
}
