import * as pulumi from "@pulumi/pulumi";
import { CLOUDS, Cloud, ENVIRONMENTS, PRODUCT_MIXES } from "../requirements";
import { WandbPlatform } from "../platform";
import { WandbArgumentError, requireOneOf } from "../util/errors";
import { requireKubernetesVersion } from "../util/validate";
import { WandbInfraArgs } from "./args";
import { CloudInfra, InfraScope } from "./scope";
import { resolveSizes } from "./sizes";

export * from "./args";

/** A cloud's builder: creates its resources under `scope.parent` and returns the platform. */
type CloudBuilder = (scope: InfraScope, cloudArgs: never) => CloudInfra;

/**
 * The cloud builders, each `require`d on first use so a program loads only the provider SDK it needs
 * (the SDKs are large; see docs/performance.md).
 */
const BUILDERS: Partial<Record<Cloud, () => CloudBuilder>> = {
    aws: () => (require("./aws") as typeof import("./aws")).createAwsInfra as CloudBuilder,
    gcp: () => (require("./gcp") as typeof import("./gcp")).createGcpInfra as CloudBuilder,
    azure: () => (require("./azure") as typeof import("./azure")).createAzureInfra as CloudBuilder,
};

/**
 * The infrastructure W&B runs on, in one cloud, per W&B's reference architecture: network,
 * Kubernetes cluster with x86 nodes, MySQL 8, Redis 7, object storage, DNS and TLS, and workload
 * identity. Produces a {@link WandbPlatform} for `WandbInstance`.
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
        super("wandb:index:WandbInfra", name, {}, opts);
        const cloud = selectCloud(args);
        const environment = requireOneOf("environment", args.environment, ENVIRONMENTS);
        const products = requireOneOf("products", args.products, PRODUCT_MIXES);
        if (!/^[a-z][a-z0-9-]{1,19}$/.test(args.namePrefix ?? "")) {
            throw new WandbArgumentError("namePrefix", args.namePrefix, "2-20 characters: a lower-case letter, then lower-case letters, digits or '-'");
        }
        if (!/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(args.fqdn ?? "")) {
            throw new WandbArgumentError("fqdn", args.fqdn, "a lower-case fully qualified host name such as wandb.example.com (no scheme, no path)");
        }
        const scope: InfraScope = {
            parent: this,
            name,
            namePrefix: args.namePrefix,
            fqdn: args.fqdn,
            host: `https://${args.fqdn}`,
            environment,
            products,
            kubernetesVersion: args.kubernetesVersion === undefined ? undefined : requireKubernetesVersion("kubernetesVersion", args.kubernetesVersion),
            sizes: resolveSizes(cloud, environment, products, args.sizes),
            tags: { ...args.tags },
        };
        const load = BUILDERS[cloud];
        if (!load) {
            throw new WandbArgumentError(cloud, "{...}", `WandbInfra does not support ${cloud} in this version of the package`);
        }
        const built = load()(scope, args[cloud] as never);
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
export function selectCloud(args: WandbInfraArgs): Cloud {
    const set = CLOUDS.filter((cloud) => args[cloud] !== undefined);
    if (set.length !== 1) {
        throw new WandbArgumentError(
            set.length ? set.join(" and ") : "aws | gcp | azure",
            set.length ? `${set.length} cloud option bags` : "none",
            "exactly one of the option bags aws, gcp, azure must be set: it picks the cloud",
        );
    }
    return set[0];
}
