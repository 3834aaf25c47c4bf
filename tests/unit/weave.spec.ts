/**
 * Weave complete: the trace workers the chart ships run whenever the products include Weave, with the
 * broker they need (the chart's Bufstream on the W&B bucket on AWS and GCP, an existing Kafka broker on
 * Azure and on-prem), the Kafka password only in a Secret, and WandbInfra handing out the broker per cloud.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { WandbInstance, WandbInstanceArgs } from "../../components/instance";
import { WEAVE_WORKER_SUBSYSTEMS } from "../../components/instance/spec";
import { BUFSTREAM_PREFIX, weaveBroker } from "../../components/infra/weave";
import { InfraSettings } from "../../components/infra/scope";
import { WandbPlatform } from "../../components/platform";
import { OfflinePlan, RecordedResource, runOffline } from "../harness/engine";
import { FIXTURE_SECRETS, fixturePlatform, fixtureWeaveKafka } from "../harness/fixtures";
import { WANDB_CR_TYPE, crSecretLeaks, planStack, resourcesOfType } from "../harness/plan";
import { resolveDeep } from "../harness/resolve";

type Values = Record<string, Record<string, unknown>>;

async function planInstance(platform: WandbPlatform, overrides: Partial<WandbInstanceArgs> = {}): Promise<OfflinePlan> {
    return runOffline(() => {
        new WandbInstance("wandb", { platform, license: pulumi.secret(FIXTURE_SECRETS.license), environment: "test", products: "models-and-weave", ...overrides });
    });
}

function valuesOf(plan: OfflinePlan): Values {
    const [cr] = resourcesOfType(plan, WANDB_CR_TYPE);
    return (cr.inputs.spec as { values: Values }).values;
}

function secretNamed(plan: OfflinePlan, name: string): RecordedResource | undefined {
    return resourcesOfType(plan, "kubernetes:core/v1:Secret").find((s) => (s.inputs.metadata as { name: string }).name === name);
}

/** A platform whose bucket Bufstream can use: S3 or GCS through workload identity. */
function bufstreamPlatform(bucket: WandbPlatform["bucket"]): WandbPlatform {
    return fixturePlatform({
        bucket,
        workloadIdentity: { serviceAccountName: "wandb-pods", namespace: "wandb", serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/wandb-pods" } },
        weaveBroker: { bufstream: { prefix: `wandb/prod/${BUFSTREAM_PREFIX}` } },
    });
}

describe("Weave: trace workers and their broker", () => {
    describe("an existing Kafka broker (Azure, on-prem)", () => {
        let plan: OfflinePlan;
        before(async () => {
            plan = await planInstance(fixturePlatform({ weaveBroker: fixtureWeaveKafka() }));
        });

        it("installs weave-trace and the three workers the chart ships, pointed at the broker", () => {
            const values = valuesOf(plan);
            expect(values["weave-trace"].install).to.equal(true);
            for (const worker of WEAVE_WORKER_SUBSYSTEMS) {
                expect(values[worker].install, worker).to.equal(true);
            }
            expect(values.global.kafka).to.deep.equal({ brokerHost: "kafka.example.com", brokerPort: 9092 });
            expect(values.bufstream).to.equal(undefined);
        });

        it("gives weave-trace and every worker the SASL user and a reference to the password's Secret, never the password", () => {
            const values = valuesOf(plan);
            for (const subsystem of ["weave-trace", ...WEAVE_WORKER_SUBSYSTEMS]) {
                expect(values[subsystem].env, subsystem).to.deep.equal({
                    KAFKA_CLIENT_USER: "wandb-weave",
                    KAFKA_CLIENT_PASSWORD: { valueFrom: { secretKeyRef: { name: "wandb-weave-kafka", key: "KAFKA_CLIENT_PASSWORD" } } },
                });
            }
            const secret = secretNamed(plan, "wandb-weave-kafka");
            expect((secret!.inputs.stringData as Record<string, string>).KAFKA_CLIENT_PASSWORD).to.equal(FIXTURE_SECRETS.weaveKafkaPassword);
            expect(secret!.secretPaths.some((p) => p.startsWith("stringData"))).to.equal(true);
            expect(JSON.stringify(valuesOf(plan))).to.not.include(FIXTURE_SECRETS.weaveKafkaPassword);
            expect(crSecretLeaks(plan)).to.deep.equal([]);
        });

        it("without SASL: no credentials, no Secret", async () => {
            const open = await planInstance(fixturePlatform({ weaveBroker: { kafka: { host: "kafka.example.com", port: 9093 } } }));
            const values = valuesOf(open);
            expect(values.global.kafka).to.deep.equal({ brokerHost: "kafka.example.com", brokerPort: 9093 });
            expect(values["weave-trace-worker"].env).to.equal(undefined);
            expect(secretNamed(open, "wandb-weave-kafka")).to.equal(undefined);
        });
    });

    describe("the chart's Bufstream on the W&B bucket (AWS, GCP)", () => {
        it("on S3: Bufstream and its etcd under the prefix, as the workload identity's service account, on the region's S3 endpoint with the pod's credentials", async () => {
            const values = valuesOf(await planInstance(bufstreamPlatform({ provider: "s3", name: "wandb-files", path: "wandb/prod", region: "us-east-1" })));
            expect(values.bufstream).to.deep.equal({
                install: true,
                storage: { s3: { prefix: "wandb/prod/weave-bufstream/", endpoint: "", accessKeyId: "" } },
                bufstream: { serviceAccount: { create: false, name: "wandb-pods" } },
            });
            expect(values.global.bufstream).to.deep.equal({ enabled: true });
            expect(values.global.kafka).to.equal(undefined);
            for (const worker of WEAVE_WORKER_SUBSYSTEMS) {
                expect(values[worker].install, worker).to.equal(true);
                // The workers take the identity's account like every other W&B pod.
                expect(values[worker].serviceAccount, worker).to.deep.equal({ name: "wandb-pods", create: false });
            }
        });

        it("on GCS: the gcs prefix only (the chart reads bucket and credentials from global.bucket and the pod)", async () => {
            const values = valuesOf(await planInstance(bufstreamPlatform({ provider: "gcs", name: "wandb-files" })));
            expect((values.bufstream as { storage: unknown }).storage).to.deep.equal({ gcs: { prefix: "wandb/prod/weave-bufstream/" } });
        });
    });

    it("Models only: no workers, no broker", async () => {
        const values = valuesOf(await planInstance(fixturePlatform(), { products: "models" }));
        for (const worker of WEAVE_WORKER_SUBSYSTEMS) {
            expect(values[worker].install, worker).to.equal(undefined);
        }
        expect(values.bufstream).to.equal(undefined);
        expect(values.global.kafka).to.equal(undefined);
    });
});

describe("WandbInfra's Weave broker per cloud", () => {
    const settings = (overrides: Partial<InfraSettings>): InfraSettings => ({
        name: "wandb",
        namePrefix: "wandb",
        fqdn: "wandb.example.com",
        host: "https://wandb.example.com",
        environment: "production",
        products: "models-and-weave",
        sizes: { nodeInstanceType: "r6i.4xlarge", nodeCount: 3, nodeMinCount: 3, nodeMaxCount: 6, nodeDiskGb: 100, databaseInstanceType: "db.r6g.2xlarge", databaseStorageGb: 500 },
        tags: {},
        ...overrides,
    });

    it("Bufstream under the bucket path where the cloud's bucket takes it, at the bucket root without a path", async () => {
        expect(await resolveDeep(weaveBroker(settings({}), { path: "teams/ml" }))).to.deep.equal({ bufstream: { prefix: "teams/ml/weave-bufstream/" } });
        expect(weaveBroker(settings({}), {})).to.deep.equal({ bufstream: { prefix: "weave-bufstream/" } });
    });

    it("the user's Kafka broker wins; none without Weave or on a cloud without Bufstream and no broker", () => {
        const kafka = { host: "kafka.example.com", port: 9092 };
        expect(weaveBroker(settings({ weaveKafka: kafka }), {})).to.deep.equal({ kafka });
        expect(weaveBroker(settings({ weaveKafka: kafka }))).to.deep.equal({ kafka });
        expect(weaveBroker(settings({ products: "models" }), {})).to.equal(undefined);
        expect(weaveBroker(settings({}))).to.equal(undefined);
    });

    describe("the stacks", () => {
        it("aws-prod and gcp-prod run the workers on Bufstream in their bucket, as the W&B identity's service account", async () => {
            for (const stack of ["aws-prod", "gcp-prod"]) {
                const values = valuesOf(await planStack(stack));
                const bufstream = values.bufstream as { storage: Record<string, { prefix: string }>; bufstream: { serviceAccount: { name: string } } };
                expect(Object.values(bufstream.storage)[0].prefix, stack).to.equal(BUFSTREAM_PREFIX);
                expect(bufstream.bufstream.serviceAccount.name, stack).to.equal("wandb");
                expect(values["weave-trace-worker"].install, stack).to.equal(true);
            }
        });

        it("azure-prod runs the workers on the stack's Kafka broker, its password in a Secret", async () => {
            const plan = await planStack("azure-prod");
            const values = valuesOf(plan);
            expect(values.global.kafka).to.deep.equal({ brokerHost: "wandb-kafka-bootstrap.kafka.svc.cluster.local", brokerPort: 9092 });
            expect(values.bufstream).to.equal(undefined);
            expect(secretNamed(plan, "wandb-weave-kafka")!.secretPaths.some((p) => p.startsWith("stringData"))).to.equal(true);
            expect(crSecretLeaks(plan)).to.deep.equal([]);
        });
    });
});
