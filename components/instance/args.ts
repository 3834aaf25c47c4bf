import * as pulumi from "@pulumi/pulumi";
import { WandbPlatform } from "../platform";
import { ChartValues } from "../chart-values";
import { WandbImageVersions } from "../release";
import { Environment, ProductMix } from "../requirements";
import { WandbServiceAccount } from "./spec";

/** How W&B's OIDC login talks to the identity provider. */
export const OidcAuthMethod = {
    /** The implicit flow (no client secret). */
    Implicit: "implicit",
    /** Authorization code with PKCE. */
    Pkce: "pkce",
} as const;
/** `implicit` or `pkce`. */
export type OidcAuthMethod = (typeof OidcAuthMethod)[keyof typeof OidcAuthMethod];

/** The `operator-wandb` chart's `global.size` values (its `sizing` tables). */
export const ChartSize = {
    /** The chart's default. */
    Small: "small",
    /** The chart's `medium` sizing table. */
    Medium: "medium",
    /** The chart's `large` sizing table. */
    Large: "large",
    /** The chart's `xlarge` sizing table. */
    Xlarge: "xlarge",
    /** The chart's `xxlarge` sizing table. */
    Xxlarge: "xxlarge",
} as const;
/** Chart `global.size`: `small`, `medium`, `large`, `xlarge` or `xxlarge`. */
export type ChartSize = (typeof ChartSize)[keyof typeof ChartSize];

/** OIDC single sign-on. */
export interface WandbOidcArgs {
    /** OIDC client id. */
    clientId: pulumi.Input<string>;
    /** OIDC client secret: a Pulumi secret. Omit for public clients (PKCE). */
    clientSecret?: pulumi.Input<string>;
    /** Issuer URL, e.g. `https://login.example.com/realms/wandb`. */
    issuer: pulumi.Input<string>;
    /** `implicit` or `pkce`. */
    authMethod: OidcAuthMethod;
}

/** SMTP for W&B's e-mail. */
export interface WandbSmtpArgs {
    /** SMTP host. */
    host: pulumi.Input<string>;
    /** SMTP port. Default 587. */
    port?: pulumi.Input<number>;
    /** SMTP user. */
    user: pulumi.Input<string>;
    /** SMTP password: a Pulumi secret. */
    password: pulumi.Input<string>;
    /** Sender address. */
    mailFrom?: pulumi.Input<string>;
}

/** Where the W&B chart and images come from in an air-gapped installation. */
export interface WandbInstanceAirgapArgs {
    /**
     * Internal Helm repository (`http(s)://`) or OCI reference (`oci://host/path/operator-wandb`, needs
     * controller 1.22.0 or newer) serving the `operator-wandb` chart.
     */
    chartRepository: string;
    /** Username for the chart repository. */
    chartRepositoryUsername?: pulumi.Input<string>;
    /** Password for the chart repository: a Pulumi secret (goes to a Secret the CR references). */
    chartRepositoryPassword?: pulumi.Input<string>;
    /**
     * Where the W&B images are mirrored: replaces the `wandb/` namespace of every W&B image, so
     * `registry.example.com/wandb` serves `wandb/local` as `registry.example.com/wandb/local` (W&B's
     * air-gapped guide mirrors it as `registry.yourdomain.com/local`: `imageRegistry: registry.yourdomain.com`).
     */
    imageRegistry: string;
}

/** Pod security context for every W&B subsystem. */
export interface WandbSecurityContextArgs {
    /** UID the containers run as. OpenShift: inside the namespace's range, >= 100000. */
    runAsUser?: number;
    /** GID the containers run as. OpenShift: 0. */
    runAsGroup?: number;
    /** fsGroup of mounted volumes. */
    fsGroup?: number;
    /** Validate against OpenShift's restricted SCC (runAsUser >= 100000, runAsGroup 0). */
    openshift?: boolean;
}

/** Arguments of {@link WandbInstance}. */
export interface WandbInstanceArgs {
    /** The infrastructure: from `WandbInfra.platform`, or built by hand for an existing cluster. */
    platform: WandbPlatform;
    /** The W&B license: a Pulumi secret. It goes to a Kubernetes Secret, never into the custom resource. */
    license: pulumi.Input<string>;
    /** The operator this instance depends on (created first, deleted last). */
    operator?: pulumi.Resource;
    /** `test` or `production`. Production refuses the in-cluster Redis. */
    environment: Environment;
    /** `models`, `weave` or `models-and-weave`: drives the routes and the Weave services. Default `models`. */
    products?: ProductMix;
    /** Name of the `WeightsAndBiases` resource (and of the W&B Helm release). Default `wandb`. */
    crName?: string;
    /** Namespace of the custom resource, its Secrets and the W&B workloads. Default `wandb`. */
    namespace?: string;
    /** Create the namespace. Default true. */
    createNamespace?: boolean;
    /** Chart `global.size`: `small`, `medium`, `large`, `xlarge` or `xxlarge`. Default: the chart's (`small`). */
    size?: ChartSize;
    /** Version of the `operator-wandb` chart. Default: the version pinned by this package. */
    chartVersion?: string;
    /** Image tags per W&B image; unset entries use this package's pinned W&B release. */
    images?: Partial<WandbImageVersions>;
    /** Air-gapped chart repository and image registry. */
    airgapped?: WandbInstanceAirgapArgs;
    /** OIDC single sign-on. */
    oidc?: WandbOidcArgs;
    /** Session length in hours (`global.auth.sessionLengthHours`). */
    sessionLengthHours?: number;
    /** SMTP. */
    smtp?: WandbSmtpArgs;
    /**
     * Extra environment for every W&B container (`global.extraEnv`), e.g. the documented IAM variables.
     * Secret values are refused: use a Secret and `values` with `envFrom`.
     */
    extraEnv?: Record<string, pulumi.Input<string>>;
    /** PEM CA certificates the application trusts (`global.customCACerts`). */
    customCACerts?: string[];
    /** Service accounts per subsystem (`app`, `parquet`, `console`, ...). */
    serviceAccounts?: Record<string, WandbServiceAccount>;
    /** Pod security context for every subsystem. */
    securityContext?: WandbSecurityContextArgs;
    /** Subsystems whose `<crName>-<subsystem>-bc` Deployment must be available before `up` finishes. Default app, console. */
    waitForDeployments?: string[];
    /** How long to wait for the operator to apply and the Deployments to become available. Default `30m`. */
    readinessTimeout?: string;
    /**
     * Rotates the Weave workers' internal service token (Secret `weave-worker-auth`, created when the
     * products include Weave): any new value replaces the random token. Default: no rotation.
     */
    weaveWorkerTokenRotation?: string;
    /** Labels added to every Kubernetes object this component creates. */
    labels?: Record<string, string>;
    /** Chart values deep-merged last (escape hatch). Secrets in plain text are refused. */
    values?: ChartValues;
}
