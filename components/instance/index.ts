import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { DeploymentPatch } from "@pulumi/kubernetes/apps/v1";
import { Namespace, Secret, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { ENVIRONMENT_LABEL, PRODUCTS_LABEL } from "../labels";
import { PLATFORM_CHART, WANDB_RELEASE } from "../release";
import { includesWeave } from "../requirements";
import { WandbInstanceArgs } from "./args";
import { PlannedSecret, planSecrets, secretNames, weaveWorkerAuthSecret } from "./secrets";
import { WandbChartRef, WandbCrSpec, WandbWeaveBrokerSettings, renderWandbSpec } from "./spec";
import { WandbWeaveBroker } from "../platform";
import { WandbOperator } from "../operator";
import { WandbArgumentError } from "../util/errors";
import { definedOnly } from "../util/merge";
import { ValidatedInstanceArgs, durationSeconds, validateInstanceArgs } from "./validate";
import { pinnedImage, rolloutWaitFor, specDigest } from "./readiness";

export * from "./args";

/** The custom resource's API version and kind (operator v1). */
export const WANDB_CR = { apiVersion: "apps.wandb.com/v1", kind: "WeightsAndBiases" } as const;

/**
 * The readiness annotation: the operator writes only `status.phase`, and `Completed` once its Helm
 * apply succeeded (pulumi-kubernetes >= 4.18 honours `pulumi.com/waitFor`).
 */
export const CR_READY_WHEN = "jsonpath={.status.phase}=Completed";

/** The annotation on each readiness patch that carries the digest of the CR spec it waits for. */
export const SPEC_DIGEST_ANNOTATION = "wandb.ai/spec-digest";

/**
 * One W&B Server instance: the `apps.wandb.com/v1` `WeightsAndBiases` custom resource, the Secrets
 * it references, and a readiness wait.
 *
 * - Secrets (license, database and Redis passwords, bucket keys, OIDC and SMTP secrets) are written to
 *   Kubernetes Secrets as Pulumi secrets; the custom resource only names them.
 * - `spec.chart` pins the `operator-wandb` chart and the values pin every W&B image tag, so the
 *   operator's deployer cannot upgrade the application behind Pulumi's back.
 * - Readiness: `Completed` only means the operator's Helm apply went through without waiting for pods
 *   (and it is also set on no-op reconciles, and still there right after a spec update), so the component
 *   also waits until the `<crName>-app-bc` and `<crName>-console-bc` Deployments run the pinned images
 *   and have completed their rollout (readiness.ts), again after every spec change.
 */
export class WandbInstance extends pulumi.ComponentResource {
    /** The Kubernetes Secrets the custom resource references. */
    public readonly secrets: Secret[];
    /** The W&B URL. */
    public readonly url: pulumi.Output<string>;
    /** The namespace of the instance. */
    public readonly namespace: pulumi.Output<string>;

    /** The `WeightsAndBiases` custom resource (TypeScript only: see {@link TYPESCRIPT_ONLY}). */
    public get customResource(): CustomResource {
        return typescriptOnly(this).customResource;
    }

    /** The rendered spec; its values reference Secrets only (TypeScript only: see {@link TYPESCRIPT_ONLY}). */
    public get spec(): WandbCrSpec {
        return typescriptOnly(this).spec;
    }

    /**
     * @param name The _unique_ name of this component.
     * @param args The platform, license and application settings; validated before anything is registered.
     * @param opts Options for the component. Its `dependsOn` also orders the custom resource (created after,
     *   deleted before): from other languages, `dependsOn: [operator]` is how the instance follows its operator.
     */
    constructor(name: string, args: WandbInstanceArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const validated = validateInstanceArgs(args);
        claimNamespace(validated, args);
        super("wandb:index:WandbInstance", name, {}, opts);
        // From here on the checked, normalised arguments.
        args = validated.args;
        const provider = args.platform.kubernetesProvider;
        const childOpts = { parent: this, provider };
        const labels = {
            "app.kubernetes.io/name": "weightsandbiases",
            "app.kubernetes.io/instance": validated.crName,
            "app.kubernetes.io/managed-by": "pulumi",
            ...args.labels,
        };

        let namespaceResource: Namespace | undefined;
        if (args.createNamespace ?? true) {
            namespaceResource = new Namespace(`${name}-namespace`, { metadata: { name: validated.namespace, labels } }, childOpts);
        }
        this.namespace = namespaceResource ? namespaceResource.metadata.name : pulumi.output(validated.namespace);

        const planned = planSecrets(validated.crName, {
            license: args.license,
            mysqlPassword: args.platform.database.password,
            redisPassword: args.platform.redis?.password,
            redisCaCert: args.platform.redis?.caCert,
            bucketAccessKey: args.platform.bucket.credentials?.accessKey,
            bucketSecretKey: args.platform.bucket.credentials?.secretKey,
            oidcSecret: args.oidc?.clientSecret,
            smtpPassword: args.smtp?.password,
            weaveKafkaPassword: args.platform.weaveBroker?.kafka?.password,
        });
        const chartCredentials = chartCredentialSecret(validated.crName, args);
        const weaveWorkerAuth = includesWeave(validated.products) ? [weaveWorkerAuthSecret(weaveWorkerToken(name, args, this))] : [];
        this.secrets = [...planned, ...(chartCredentials ? [chartCredentials] : []), ...weaveWorkerAuth].map(
            (secret) =>
                new Secret(
                    `${name}-${secret.purpose}`,
                    {
                        metadata: { name: secret.name, namespace: this.namespace, labels },
                        type: "Opaque",
                        stringData: secret.stringData,
                    },
                    { ...childOpts, additionalSecretOutputs: ["data", "stringData"] },
                ),
        );

        const extraResources: pulumi.Resource[] = [];
        const identity = args.platform.workloadIdentity;
        if (identity) {
            extraResources.push(
                new ServiceAccount(
                    `${name}-workload-identity`,
                    {
                        metadata: {
                            name: identity.serviceAccountName,
                            namespace: this.namespace,
                            labels: { ...labels, ...identity.podLabels },
                            annotations: identity.serviceAccountAnnotations,
                        },
                    },
                    childOpts,
                ),
            );
        }

        const { platform } = args;
        const spec = renderWandbSpec({
            host: platform.host,
            products: validated.products,
            environment: validated.environment,
            size: validated.size,
            cloudProvider: platform.cloudProvider,
            database: { host: platform.database.host, port: platform.database.port, name: platform.database.name, user: platform.database.user, caCert: platform.database.caCert },
            redis: platform.redis ? { host: platform.redis.host, port: platform.redis.port, tls: platform.redis.tls, caCert: platform.redis.caCert } : undefined,
            bucket: { ...platform.bucket, credentials: undefined } as WandbInstanceArgs["platform"]["bucket"],
            ingress: platform.ingress,
            bucketQueue: platform.bucketQueue,
            workloadIdentity: identity,
            weaveBroker: weaveBrokerSettings(platform.weaveBroker),
            oidc: args.oidc ? { clientId: args.oidc.clientId, issuer: args.oidc.issuer, authMethod: args.oidc.authMethod } : undefined,
            sessionLengthHours: args.sessionLengthHours,
            smtp: args.smtp ? { host: args.smtp.host, port: args.smtp.port ?? 587, user: args.smtp.user, mailFrom: args.smtp.mailFrom } : undefined,
            extraEnv: args.extraEnv,
            customCACerts: args.customCACerts,
            serviceAccounts: args.serviceAccounts,
            podSecurityContext: args.securityContext
                ? { runAsUser: args.securityContext.runAsUser, runAsGroup: args.securityContext.runAsGroup, fsGroup: args.securityContext.fsGroup }
                : undefined,
            chart: chartReference(args, chartCredentials?.name),
            images: { ...WANDB_RELEASE.images, ...definedOnly(args.images ?? {}) },
            imageRegistry: args.airgapped?.imageRegistry,
            secrets: secretNames(planned),
            values: args.values,
        });

        const timeout = args.readinessTimeout ?? "30m";
        const customResource = new CustomResource(
            kubernetesChildName(name, validated.namespace, validated.crName),
            {
                apiVersion: WANDB_CR.apiVersion,
                kind: WANDB_CR.kind,
                metadata: {
                    name: validated.crName,
                    namespace: this.namespace,
                    labels: {
                        ...labels,
                        "wandb.ai/console-default": "true",
                        [ENVIRONMENT_LABEL]: validated.environment,
                        [PRODUCTS_LABEL]: validated.products,
                    },
                    annotations: { "pulumi.com/waitFor": CR_READY_WHEN, "pulumi.com/timeoutSeconds": `${durationSeconds(timeout)}` },
                },
                spec,
            },
            {
                ...childOpts,
                dependsOn: [
                    ...this.secrets,
                    ...extraResources,
                    ...(args.operator ? [args.operator] : []),
                    ...(platform.dependsOn ?? []),
                    // The component's own dependsOn: how Python, Go and YAML programs order it after their operator.
                    ...dependencyList(opts.dependsOn),
                ],
                customTimeouts: { create: timeout, update: timeout },
                aliases: [{ name: `${name}-cr` }],
            },
        );

        const digest = pulumi.output(spec).apply(specDigest);
        for (const subsystem of args.waitForDeployments ?? ["app", "console"]) {
            // The name comes from the CR's output, so on a first preview (CR not yet created) the patch is
            // unknown and no dry-run is attempted against a Deployment that does not exist yet. The spec digest
            // makes every spec change (an upgrade) run the patch and its rollout wait again.
            new DeploymentPatch(
                kubernetesChildName(name, validated.namespace, wandbDeploymentName(validated.crName, subsystem)),
                {
                    metadata: {
                        name: customResource.metadata.name.apply((cr) => wandbDeploymentName(cr, subsystem)),
                        namespace: this.namespace,
                        annotations: {
                            "pulumi.com/waitFor": rolloutWaitFor(pinnedImage(spec.values, subsystem)),
                            "pulumi.com/timeoutSeconds": `${durationSeconds(timeout)}`,
                            [SPEC_DIGEST_ANNOTATION]: digest,
                        },
                    },
                },
                {
                    ...childOpts,
                    dependsOn: [customResource],
                    customTimeouts: { create: timeout, update: timeout },
                    aliases: [{ name: `${name}-${subsystem}-ready` }],
                },
            );
        }

        this.url = pulumi.output(platform.host);
        TYPESCRIPT_ONLY.set(this, { customResource, spec });
        this.registerOutputs({ url: this.url, namespace: this.namespace, customResource });
    }
}

/**
 * The Pulumi name of a child that stands for one Kubernetes object: `<component>:<namespace>/<object>`, the
 * convention of pulumi-kubernetes' Chart v4 and ConfigGroup. A failed wait then names the object itself (the CR,
 * or the Deployment that never became Available), where `kubectl` finds it. The names used before this scheme are
 * kept as aliases, so existing stacks update in place.
 */
function kubernetesChildName(component: string, namespace: string, object: string): string {
    return `${component}:${namespace}/${object}`;
}

/** The Deployment operator v1's chart creates for a subsystem of the CR `crName` (`<cr>-<subsystem>-bc`). */
export function wandbDeploymentName(crName: string, subsystem: string): string {
    return `${crName}-${subsystem}-bc`;
}

/**
 * Members of a `WandbInstance` that only TypeScript programs see, behind accessors. Pulumi's schema inference for
 * other languages publishes every class property as an output and cannot express these: a Kubernetes
 * `CustomResource` has no type token it can reference, and the rendered spec's chart reference is a union. Other
 * languages read the custom resource by its name in the instance's namespace.
 */
const TYPESCRIPT_ONLY = new WeakMap<WandbInstance, { customResource: CustomResource; spec: WandbCrSpec }>();

function typescriptOnly(instance: WandbInstance): { customResource: CustomResource; spec: WandbCrSpec } {
    const members = TYPESCRIPT_ONLY.get(instance);
    if (!members) throw new Error("WandbInstance: read before its constructor finished");
    return members;
}

/** The namespaces W&B instances occupy, per cluster (Kubernetes provider), within one program. */
const occupiedNamespaces = new WeakMap<pulumi.ProviderResource, Map<string, string>>();

/**
 * Refuses a namespace that the operator runs in or that another instance on the same cluster already
 * took (the chart's resources and the instance's Secrets would collide), then records it.
 */
function claimNamespace(validated: ValidatedInstanceArgs, input: WandbInstanceArgs): void {
    const operator = input.operator;
    if (operator instanceof WandbOperator && operator.namespaceName === validated.namespace) {
        throw new WandbArgumentError("namespace", validated.namespace, `a namespace other than the operator's (${operator.namespaceName}): the operator and the W&B instance must not share one`, { example: "wandb" });
    }
    const provider = input.platform.kubernetesProvider;
    const taken = occupiedNamespaces.get(provider) ?? new Map<string, string>();
    const holder = taken.get(validated.namespace);
    if (holder !== undefined) {
        throw new WandbArgumentError("namespace", validated.namespace, `a namespace of its own: the W&B instance ${holder} already runs there on this cluster`);
    }
    taken.set(validated.namespace, validated.crName);
    occupiedNamespaces.set(provider, taken);
}

/**
 * The Weave workers' internal service token: random, kept in the state as a secret, and replaced when
 * `weaveWorkerTokenRotation` changes (the keeper), which rotates it.
 */
function weaveWorkerToken(name: string, args: WandbInstanceArgs, parent: pulumi.Resource): pulumi.Output<string> {
    const token = new RandomPassword(
        `${name}-weave-worker-token`,
        { length: 48, special: false, keepers: { rotation: args.weaveWorkerTokenRotation ?? "" } },
        { parent, additionalSecretOutputs: ["result"] },
    );
    return token.result;
}

/** The broker without its password, for the renderer. */
function weaveBrokerSettings(broker: WandbWeaveBroker | undefined): WandbWeaveBrokerSettings | undefined {
    if (broker?.kafka) {
        return { kafka: { host: broker.kafka.host, port: broker.kafka.port, username: broker.kafka.username } };
    }
    return broker?.bufstream ? { bufstream: broker.bufstream } : undefined;
}

/** `spec.chart`: the pinned public chart, or the air-gapped repository. */
function chartReference(args: WandbInstanceArgs, credentialSecretName: string | undefined): WandbChartRef {
    const version = args.chartVersion ?? PLATFORM_CHART.version;
    const repository = args.airgapped?.chartRepository ?? PLATFORM_CHART.url;
    const credentialSecret = credentialSecretName
        ? { credentialSecret: { name: credentialSecretName, usernameKey: "HELM_USERNAME", passwordKey: "HELM_PASSWORD" } }
        : {};
    // For an `oci://` repository the operator (>= 1.22.0) reads the chart from the URL; `version` pins it.
    return { url: repository, name: PLATFORM_CHART.name, version, ...credentialSecret };
}

/** The Secret with the air-gapped chart repository credentials, read by the operator (`credentialSecret`). */
function chartCredentialSecret(crName: string, args: WandbInstanceArgs): PlannedSecret | undefined {
    const airgap = args.airgapped;
    if (!airgap?.chartRepositoryPassword) {
        return undefined;
    }
    return {
        purpose: "chartRepository",
        name: `${crName}-chart-repository`,
        stringData: {
            HELM_USERNAME: pulumi.secret(pulumi.output(airgap.chartRepositoryUsername ?? "")),
            HELM_PASSWORD: pulumi.secret(pulumi.output(airgap.chartRepositoryPassword)),
        },
    };
}

/**
 * The resources of a `dependsOn` option, to add to a child's own list. A single entry may be an Output or Promise of
 * one resource or of a list: the SDK flattens those when it gathers dependencies, so it is passed on as one entry.
 */
function dependencyList(dependsOn: pulumi.ResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] {
    if (dependsOn === undefined) return [];
    if (Array.isArray(dependsOn)) return dependsOn;
    return [dependsOn as pulumi.Input<pulumi.Resource>];
}
