import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { SPEC_DIGEST_ANNOTATION, WandbInstance, WandbInstanceArgs } from "../../components/instance";
import { WandbOperator } from "../../components/operator";
import { WANDB_SUBSYSTEM_IMAGES, WANDB_RELEASE, PLATFORM_CHART } from "../../components/release";
import { OfflinePlan, RecordedResource, runOffline } from "../harness/engine";
import { FIXTURE_SECRETS, fixturePlatform, fixtureWeaveKafka } from "../harness/fixtures";
import { WANDB_CR_TYPE, crSecretLeaks, resourcesOfType } from "../harness/plan";

type Values = Record<string, Record<string, unknown>>;

function fullArgs(overrides: Partial<WandbInstanceArgs> = {}): WandbInstanceArgs {
    const weave = (overrides.products ?? "models-and-weave") !== "models";
    return {
        platform: fixturePlatform(weave ? { weaveBroker: fixtureWeaveKafka() } : {}),
        license: pulumi.secret(FIXTURE_SECRETS.license),
        environment: "production",
        products: "models-and-weave",
        oidc: { clientId: "wandb-client", clientSecret: pulumi.secret(FIXTURE_SECRETS.oidcSecret), issuer: "https://sso.example.com", authMethod: "pkce" },
        smtp: { host: "smtp.example.com", user: "wandb", password: pulumi.secret(FIXTURE_SECRETS.smtpPassword), mailFrom: "wandb@example.com" },
        ...overrides,
    };
}

async function planInstance(overrides: Partial<WandbInstanceArgs> = {}, withOperator = true): Promise<OfflinePlan> {
    return runOffline(() => {
        const args = fullArgs(overrides);
        const operator = withOperator ? new WandbOperator("op", {}, { providers: { kubernetes: args.platform.kubernetesProvider } }) : undefined;
        new WandbInstance("wandb", { ...args, operator });
    });
}

function crOf(plan: OfflinePlan): RecordedResource {
    const [cr] = resourcesOfType(plan, WANDB_CR_TYPE);
    expect(cr, "the plan has a WeightsAndBiases resource").to.not.equal(undefined);
    return cr;
}

function valuesOf(plan: OfflinePlan): Values {
    return (crOf(plan).inputs.spec as { values: Values }).values;
}

describe("WandbInstance", () => {
    let plan: OfflinePlan;
    before(async () => {
        plan = await planInstance();
    });

    describe("secrets", () => {
        it("never puts a secret value into the custom resource", () => {
            const text = JSON.stringify(crOf(plan).inputs);
            for (const [name, value] of Object.entries(FIXTURE_SECRETS)) {
                expect(text, name).to.not.include(value);
            }
            expect(crSecretLeaks(plan)).to.deep.equal([]);
            expect(crOf(plan).secretPaths).to.deep.equal([]);
        });

        it("writes each secret to a Kubernetes Secret as a Pulumi secret", () => {
            const secrets = resourcesOfType(plan, "kubernetes:core/v1:Secret");
            const byName = new Map(secrets.map((s) => [(s.inputs.metadata as { name: string }).name, s]));
            const expected: Record<string, [string, string]> = {
                "wandb-license": ["license", FIXTURE_SECRETS.license],
                "wandb-mysql": ["MYSQL_PASSWORD", FIXTURE_SECRETS.mysqlPassword],
                "wandb-redis": ["REDIS_PASSWORD", FIXTURE_SECRETS.redisPassword],
                "wandb-bucket": ["SECRET_KEY", FIXTURE_SECRETS.bucketSecretKey],
                "wandb-oidc": ["OIDC_SECRET", FIXTURE_SECRETS.oidcSecret],
                "wandb-smtp": ["SMTP_PASSWORD", FIXTURE_SECRETS.smtpPassword],
                "wandb-weave-kafka": ["KAFKA_CLIENT_PASSWORD", FIXTURE_SECRETS.weaveKafkaPassword],
            };
            for (const [name, [key, value]] of Object.entries(expected)) {
                const secret = byName.get(name);
                expect(secret, name).to.not.equal(undefined);
                expect((secret!.inputs.stringData as Record<string, string>)[key], name).to.equal(value);
                expect(secret!.secretPaths.some((p) => p.startsWith("stringData")), `${name} stringData is secret`).to.equal(true);
                expect((secret!.inputs.metadata as { namespace: string }).namespace).to.equal("wandb");
            }
        });

        it("puts the Redis server CA into the Redis Secret the pods mount it from (REDIS_CA_CERT), not only into the CR", async () => {
            const ca = "-----BEGIN CERTIFICATE-----\nMIIBredisServerCA\n-----END CERTIFICATE-----\n";
            const platform = fixturePlatform({ weaveBroker: fixtureWeaveKafka() });
            const withCa = await planInstance({ platform: { ...platform, redis: { ...platform.redis!, caCert: ca } } }, false);
            const redis = resourcesOfType(withCa, "kubernetes:core/v1:Secret").find((s) => (s.inputs.metadata as { name: string }).name === "wandb-redis");
            // operator-wandb mounts key REDIS_CA_CERT of global.redis.secret.secretName as /etc/ssl/certs/redis_ca.pem.
            expect((redis!.inputs.stringData as Record<string, string>).REDIS_CA_CERT).to.equal(ca);
            expect((valuesOf(withCa).global.redis as { secret: { secretName: string } }).secret.secretName).to.equal("wandb-redis");
            // A public CA is not a credential: it may appear in the CR (the chart switches to TLS on it) without a leak.
            expect(crSecretLeaks(withCa)).to.deep.equal([]);
        });

        it("with Weave, creates the weave-worker-auth Secret the trace workers read (key `key`) from a random token, as a Pulumi secret", () => {
            const secret = resourcesOfType(plan, "kubernetes:core/v1:Secret").find((s) => (s.inputs.metadata as { name: string }).name === "weave-worker-auth");
            expect(secret, "weave-worker-auth").to.not.equal(undefined);
            expect((secret!.inputs.metadata as { namespace: string }).namespace).to.equal("wandb");
            expect(Object.keys(secret!.inputs.stringData as object)).to.deep.equal(["key"]);
            expect(secret!.secretPaths.some((p) => p.startsWith("stringData"))).to.equal(true);
            const [token] = resourcesOfType(plan, "random:index/randomPassword:RandomPassword");
            expect(token.inputs).to.deep.include({ length: 48, special: false });
            expect((secret!.inputs.stringData as { key: string }).key).to.equal(token.outputs.result);
            expect(crSecretLeaks(plan)).to.deep.equal([]);
        });

        it("rotates the Weave worker token through its keeper; Models only creates no such Secret", async () => {
            const rotated = await planInstance({ weaveWorkerTokenRotation: "2026-12" }, false);
            expect(resourcesOfType(rotated, "random:index/randomPassword:RandomPassword")[0].inputs.keepers).to.deep.equal({ rotation: "2026-12" });
            const models = await planInstance({ products: "models" }, false);
            expect(resourcesOfType(models, "kubernetes:core/v1:Secret").map((s) => (s.inputs.metadata as { name: string }).name)).to.not.include("weave-worker-auth");
        });

        it("references the Secrets from the values with the chart's key names", () => {
            const global = valuesOf(plan).global;
            expect(global.licenseSecret).to.deep.equal({ name: "wandb-license", key: "license" });
            expect((global.mysql as Record<string, unknown>).passwordSecret).to.deep.equal({ name: "wandb-mysql", passwordKey: "MYSQL_PASSWORD" });
            expect((global.redis as Record<string, unknown>).secret).to.deep.equal({ secretName: "wandb-redis", secretKey: "REDIS_PASSWORD" });
            expect((global.bucket as Record<string, unknown>).secret).to.deep.equal({ secretName: "wandb-bucket", accessKeyName: "ACCESS_KEY", secretKeyName: "SECRET_KEY" });
            const auth = global.auth as { oidc: Record<string, unknown> };
            expect(auth.oidc).to.deep.equal({ clientId: "wandb-client", issuer: "https://sso.example.com", authMethod: "pkce", oidcSecret: { name: "wandb-oidc", secretKey: "OIDC_SECRET" } });
            const smtp = (global.email as { smtp: Record<string, unknown> }).smtp;
            expect(smtp.password).to.deep.equal({ valueFrom: { secretKeyRef: { name: "wandb-smtp", key: "SMTP_PASSWORD" } } });
        });
    });

    describe("versions", () => {
        it("pins the operator-wandb chart", () => {
            const spec = crOf(plan).inputs.spec as { chart: Record<string, unknown> };
            expect(spec.chart).to.deep.equal({ url: PLATFORM_CHART.url, name: PLATFORM_CHART.name, version: PLATFORM_CHART.version });
        });

        it("pins the tag of every W&B image, never latest", () => {
            const values = valuesOf(plan);
            for (const [subsystem, image] of Object.entries(WANDB_SUBSYSTEM_IMAGES)) {
                const settings = values[subsystem] as { image?: { repository: string; tag: string }; jobs?: { smj: { containers: { smj: { image: { repository: string; tag: string } } } } } };
                const rendered = subsystem === "settingsMigrationJob" ? settings.jobs!.smj.containers.smj.image : settings.image!;
                expect(rendered.repository, subsystem).to.equal(image.repository);
                expect(rendered.tag, subsystem).to.equal(WANDB_RELEASE.images[image.version]);
                expect(rendered.tag, subsystem).to.not.match(/^(latest|)$/);
            }
        });

        it("takes per-image overrides", async () => {
            const overridden = await planInstance({ images: { local: "0.84.1" }, chartVersion: "0.44.0" }, false);
            expect((valuesOf(overridden).app.image as { tag: string }).tag).to.equal("0.84.1");
            expect((valuesOf(overridden).console.image as { tag: string }).tag).to.equal(WANDB_RELEASE.images.console);
            expect((crOf(overridden).inputs.spec as { chart: { version: string } }).chart.version).to.equal("0.44.0");
        });
    });

    describe("readiness and ordering", () => {
        it("waits for status.phase Completed on the custom resource", () => {
            const metadata = crOf(plan).inputs.metadata as { annotations: Record<string, string>; name: string; namespace: string; labels: Record<string, string> };
            expect(metadata.annotations["pulumi.com/waitFor"]).to.equal("jsonpath={.status.phase}=Completed");
            expect(metadata.name).to.equal("wandb");
            expect(metadata.labels).to.include({ "app.kubernetes.io/name": "weightsandbiases", "app.kubernetes.io/instance": "wandb" });
            expect(crOf(plan).options.customTimeouts?.create).to.equal("30m");
        });

        it("waits for the app and console Deployments to run the pinned image and finish their rollout, after the custom resource", () => {
            const patches = resourcesOfType(plan, "kubernetes:apps/v1:DeploymentPatch");
            expect(patches.map((p) => (p.inputs.metadata as { name: string }).name).sort()).to.deep.equal(["wandb-app-bc", "wandb-console-bc"]);
            for (const patch of patches) {
                const name = (patch.inputs.metadata as { name: string }).name;
                const image = name === "wandb-app-bc" ? `wandb/local:${WANDB_RELEASE.images.local}` : `wandb/console:${WANDB_RELEASE.images.console}`;
                expect(JSON.parse((patch.inputs.metadata as { annotations: Record<string, string> }).annotations["pulumi.com/waitFor"]), name).to.deep.equal([
                    `jsonpath={.spec.template.spec.containers[?(@.image=="${image}")].image}`,
                    'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}=NewReplicaSetAvailable',
                    "condition=Available",
                ]);
                expect(patch.dependencies).to.include(crOf(plan).urn);
            }
        });

        it("names the CR and each readiness patch after the Kubernetes object, so a failed wait names it; the former names are aliases", () => {
            const patches = resourcesOfType(plan, "kubernetes:apps/v1:DeploymentPatch");
            const component = crOf(plan).parent!.split("::").pop()!;
            expect(crOf(plan).name).to.equal(`${component}:wandb/wandb`);
            expect(crOf(plan).options.aliases, "existing stacks keep their CR (no replacement)").to.deep.equal([`name=${component}-cr`]);
            expect(patches.map((p) => p.name).sort()).to.deep.equal([`${component}:wandb/wandb-app-bc`, `${component}:wandb/wandb-console-bc`]);
            expect(patches.map((p) => p.options.aliases.filter((a) => a.startsWith("name=")))).to.have.deep.members([[`name=${component}-app-ready`], [`name=${component}-console-ready`]]);
        });

        it("changes the readiness patches with every spec change, so an upgrade waits for its rollout again", async () => {
            const digests = (p: OfflinePlan) => resourcesOfType(p, "kubernetes:apps/v1:DeploymentPatch")
                .map((patch) => (patch.inputs.metadata as { annotations: Record<string, string> }).annotations[SPEC_DIGEST_ANNOTATION]);
            const same = digests(await planInstance());
            const upgraded = digests(await planInstance({ images: { local: "0.84.1" }, chartVersion: "0.44.0" }));
            expect(same[0]).to.match(/^[0-9a-f]{16}$/);
            expect(digests(plan), "stable for the same spec (no perpetual diff)").to.deep.equal(same);
            expect(upgraded[0], "a new digest after an upgrade").to.not.equal(same[0]);
        });

        it("depends on the operator release, so destroy deletes the CR first", () => {
            const release = resourcesOfType(plan, "kubernetes:helm.sh/v3:Release")[0];
            expect(crOf(plan).dependencies).to.include(release.urn);
        });

        it("orders the CR after the component's own dependsOn (how Python, Go and YAML programs name their operator)", async () => {
            const viaOptions = await runOffline(() => {
                const args = fullArgs();
                const operator = new WandbOperator("op", {}, { providers: { kubernetes: args.platform.kubernetesProvider } });
                new WandbInstance("wandb", args, { dependsOn: [operator] });
            });
            const release = resourcesOfType(viaOptions, "kubernetes:helm.sh/v3:Release")[0];
            expect(crOf(viaOptions).dependencies).to.include(release.urn);
        });

        it("depends on its Secrets, so they exist before the operator reads them", () => {
            const cr = crOf(plan);
            for (const secret of resourcesOfType(plan, "kubernetes:core/v1:Secret")) {
                expect(cr.dependencies, secret.name).to.include(secret.urn);
            }
        });
    });
});
