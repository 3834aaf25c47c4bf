/**
 * The pure CR renderer against the W&B docs' own examples: the "Complete example" (GKE, GCE ingress,
 * GCS) and the air-gapped example, each reproduced from equivalent arguments, with every secret the
 * docs inline replaced by a reference to a Kubernetes Secret.
 */
import { expect } from "chai";
import * as yaml from "js-yaml";
import { PLATFORM_CHART, WANDB_RELEASE } from "../../components/release";
import { WandbSpecInput, renderWandbSpec } from "../../components/instance/spec";
import { resolveDeep } from "../harness/resolve";

/** W&B docs, "Configuration Reference for W&B Server", "Complete example" (spec only). */
const GCP_COMPLETE_EXAMPLE = `
spec:
  values:
    global:
      host: https://abc-wandb.sandbox-gcp.wandb.ml
      bucket:
        name: abc-wandb-moving-pipefish
        provider: gcs
      mysql:
        database: wandb_local
        host: 10.218.0.2
        name: wandb_local
        password: 8wtX6cJHizAZvYScjDzZcUarK4zZGjpV
        port: 3306
        user: wandb
      license: eyJhbGnUzaHgyQjQyQWhEU3...ZieKQ2x5GGfw
    ingress:
      annotations:
        ingress.gcp.kubernetes.io/pre-shared-cert: abc-wandb-cert-creative-puma
        kubernetes.io/ingress.class: gce
        kubernetes.io/ingress.global-static-ip-name: abc-wandb-operator-address
`;

/** W&B docs, "Kubernetes operator for air-gapped instances", step 6 (spec only). */
const AIRGAPPED_EXAMPLE = `
spec:
  chart:
    url: http://charts.yourdomain.com
    name: operator-wandb
    version: 0.18.0
  values:
    global:
      host: https://wandb.yourdomain.com
      license: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
      bucket:
        accessKey: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
        secretKey: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
        name: s3.yourdomain.com:port
        path: bucket_name
        provider: s3
        region: us-east-1
      mysql:
        database: wandb
        host: mysql.home.lab
        password: password
        port: 3306
        user: wandb
    mysql:
      install: false
    app:
      image:
        repository: registry.yourdomain.com/local
        tag: 0.59.2
    console:
      image:
        repository: registry.yourdomain.com/console
        tag: 2.12.2
    ingress:
      annotations:
        nginx.ingress.kubernetes.io/proxy-body-size: 64m
      class: nginx
`;

/** Inline secrets in the docs' examples, and the reference that replaces each. */
const SECRET_FIELDS: Record<string, string> = {
    "global.license": "global.licenseSecret",
    "global.mysql.password": "global.mysql.passwordSecret",
    "global.bucket.accessKey": "global.bucket.secret",
    "global.bucket.secretKey": "global.bucket.secret",
};

/** Keys in the docs' examples that the operator-wandb chart does not read (no `global.mysql.name` in values.yaml). */
const NOT_CHART_KEYS = new Set(["global.mysql.name"]);

/** Leaves as [path, value]; path segments are kept whole (annotation keys contain dots). */
function leaves(value: unknown, path: string[] = []): [string[], unknown][] {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
    }
    return [[path, value]];
}

function at(root: unknown, path: string[]): unknown {
    return path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}

const SECRETS = { license: "wandb-license", mysql: "wandb-mysql", bucket: "wandb-bucket" };

function baseInput(overrides: Partial<WandbSpecInput>): WandbSpecInput {
    return {
        host: "https://example.com",
        products: "models",
        environment: "test",
        database: { host: "db", port: 3306, name: "wandb_local", user: "wandb" },
        bucket: { provider: "s3", name: "bucket" },
        ingress: {},
        chart: { url: PLATFORM_CHART.url, name: PLATFORM_CHART.name, version: PLATFORM_CHART.version },
        images: { ...WANDB_RELEASE.images },
        secrets: SECRETS,
        ...overrides,
    };
}

/** Every non-secret leaf of the docs' example is rendered identically; every secret became a reference. */
async function expectReproduces(exampleYaml: string, input: WandbSpecInput): Promise<Record<string, unknown>> {
    const example = (yaml.load(exampleYaml) as { spec: Record<string, unknown> }).spec;
    const rendered = (await resolveDeep(renderWandbSpec(input))) as Record<string, unknown>;
    for (const [path, value] of leaves(example.values)) {
        const dotted = path.join(".");
        if (NOT_CHART_KEYS.has(dotted)) {
            continue;
        }
        const reference = SECRET_FIELDS[dotted];
        if (reference) {
            expect(at(rendered.values, path), `${dotted} must not be inline`).to.equal(undefined);
            expect(at(rendered.values, reference.split(".")), `${reference} references a Secret`).to.be.an("object");
            continue;
        }
        expect(at(rendered.values, path), dotted).to.deep.equal(value);
    }
    if (example.chart) {
        expect(rendered.chart).to.deep.equal(example.chart);
    }
    return rendered;
}

describe("renderWandbSpec reproduces the W&B docs' examples", () => {
    it("the complete GCP example (GKE, GCE ingress, GCS)", async () => {
        await expectReproduces(
            GCP_COMPLETE_EXAMPLE,
            baseInput({
                host: "https://abc-wandb.sandbox-gcp.wandb.ml",
                cloudProvider: "gcp",
                bucket: { provider: "gcs", name: "abc-wandb-moving-pipefish" },
                database: { host: "10.218.0.2", port: 3306, name: "wandb_local", user: "wandb" },
                ingress: {
                    annotations: {
                        "ingress.gcp.kubernetes.io/pre-shared-cert": "abc-wandb-cert-creative-puma",
                        "kubernetes.io/ingress.class": "gce",
                        "kubernetes.io/ingress.global-static-ip-name": "abc-wandb-operator-address",
                    },
                },
            }),
        );
    });

    it("the air-gapped example (internal chart repository, mirrored images, S3-compatible store)", async () => {
        const rendered = await expectReproduces(
            AIRGAPPED_EXAMPLE,
            baseInput({
                host: "https://wandb.yourdomain.com",
                chart: { url: "http://charts.yourdomain.com", name: "operator-wandb", version: "0.18.0" },
                images: { ...WANDB_RELEASE.images, local: "0.59.2", console: "2.12.2" },
                imageRegistry: "registry.yourdomain.com",
                bucket: { provider: "s3", name: "bucket_name", endpoint: "s3.yourdomain.com:port", region: "us-east-1" },
                database: { host: "mysql.home.lab", port: 3306, name: "wandb", user: "wandb" },
                ingress: { class: "nginx" },
            }),
        );
        // Air-gapped: every W&B image comes from the mirror, none from Docker Hub.
        for (const [path, value] of leaves(rendered.values)) {
            if (path.slice(-2).join(".") === "image.repository") {
                expect(value, path.join(".")).to.match(/^registry\.yourdomain\.com\//);
            }
        }
    });
});

describe("renderWandbSpec: products drive the routes", () => {
    it("Models only: the API routes on, no weave-trace", async () => {
        const values = ((await resolveDeep(renderWandbSpec(baseInput({ products: "models" })))) as { values: Record<string, Record<string, unknown>> }).values;
        expect(values.global.api).to.deep.equal({ enabled: true });
        expect(values.global["weave-trace"]).to.equal(undefined);
        expect(values["weave-trace"]).to.deep.equal({ image: { repository: "wandb/weave-trace", tag: WANDB_RELEASE.images.weaveTrace } });
    });

    it("Weave: weave-trace enabled and installed, with its ClickHouse", async () => {
        for (const products of ["weave", "models-and-weave"] as const) {
            const values = ((await resolveDeep(renderWandbSpec(baseInput({ products })))) as { values: Record<string, Record<string, unknown>> }).values;
            expect(values.global["weave-trace"], products).to.deep.equal({ enabled: true });
            expect(values["weave-trace"].install, products).to.equal(true);
            expect(values.clickhouse, products).to.deep.equal({ install: true });
        }
    });

    it("external Redis turns the in-cluster Redis off; none keeps it", async () => {
        const external = ((await resolveDeep(renderWandbSpec(baseInput({ redis: { host: "r", port: 6380, tls: true }, secrets: { ...SECRETS, redis: "wandb-redis" } })))) as {
            values: Record<string, Record<string, unknown>>;
        }).values;
        expect(external.redis).to.deep.equal({ install: false });
        expect(external.global.redis).to.deep.equal({ host: "r", port: 6380, params: { tls: "true" }, secret: { secretName: "wandb-redis", secretKey: "REDIS_PASSWORD" } });
        const internal = ((await resolveDeep(renderWandbSpec(baseInput({})))) as { values: Record<string, Record<string, unknown>> }).values;
        expect(internal.redis).to.deep.equal({ install: true });
        expect(internal.global.redis).to.equal(undefined);
    });

    it("the values escape hatch is merged last", async () => {
        const rendered = (await resolveDeep(renderWandbSpec(baseInput({ values: { app: { replicaCount: 3 }, global: { size: "large" } } })))) as {
            values: Record<string, Record<string, unknown>>;
        };
        expect(rendered.values.app).to.deep.include({ replicaCount: 3 });
        expect((rendered.values.app.image as { tag: string }).tag).to.equal(WANDB_RELEASE.images.local);
        expect(rendered.values.global.size).to.equal("large");
    });
});

describe("renderWandbSpec: only values the operator-wandb chart reads (checked against the real chart by npm run chart-contract)", () => {
    const render = async (overrides: Partial<WandbSpecInput>) =>
        ((await resolveDeep(renderWandbSpec(baseInput(overrides)))) as { values: Record<string, Record<string, unknown>> }).values;

    it("global.cloudProvider only for aws and gcp: the chart's templates compare it with nothing else", async () => {
        expect((await render({ cloudProvider: "gcp" })).global.cloudProvider).to.equal("gcp");
        expect((await render({ cloudProvider: "aws" })).global.cloudProvider).to.equal("aws");
        expect((await render({ cloudProvider: "azure" })).global).to.not.have.property("cloudProvider");
        expect((await render({ cloudProvider: undefined })).global).to.not.have.property("cloudProvider");
    });

    it("no history-reader block: the chart has no history-reader workload", async () => {
        expect(await render({})).to.not.have.property("history-reader");
    });

    it("settingsMigrationJob's image goes where its job reads it (jobs.smj.containers.smj.image), with no unread top-level image", async () => {
        const smj = (await render({ imageRegistry: "registry.example.com/wandb" })).settingsMigrationJob;
        expect(smj).to.not.have.property("image");
        expect(smj.jobs).to.deep.equal({ smj: { containers: { smj: { image: { repository: "registry.example.com/wandb/megabinary", tag: WANDB_RELEASE.images.megabinary } } } } });
    });

    it("workload identity reaches every subsystem W&B's GCP module annotates, settingsMigrationJob and flat-run-fields-updater included", async () => {
        const values = await render({ workloadIdentity: { serviceAccountName: "wandb", namespace: "wandb", serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": "gsa@p.iam.gserviceaccount.com" } } });
        const gcpModule = ["app", "console", "executor", "parquet", "flat-run-fields-updater", "filestream", "weave", "weave-trace", "settingsMigrationJob", "api", "glue"];
        for (const subsystem of gcpModule) {
            expect(values[subsystem].serviceAccount, subsystem).to.deep.equal({ name: "wandb", create: false });
        }
    });
});
