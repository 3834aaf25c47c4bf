/** Every argument that can be wrong fails at construction with one message naming it, the value and what is allowed. */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { WandbInfra, WandbInfraArgs } from "../../components/infra";
import { WandbInstance, WandbInstanceArgs } from "../../components/instance";
import { WandbOperator, WandbOperatorArgs } from "../../components/operator";
import { WandbArgumentError } from "../../components/util/errors";
import { runOfflineFailure } from "../harness/engine";
import { FIXTURE_PROVIDER_NAME, FIXTURE_SECRETS, fixturePlatform } from "../harness/fixtures";

/** Runs `build` in the offline engine; returns the WandbArgumentError it throws, having checked nothing was registered first. */
async function argumentError(build: () => void, registersFirst: string[] = []): Promise<WandbArgumentError> {
    const { error, registered } = await runOfflineFailure(() => {
        build();
    });
    expect(error, String(error)).to.be.instanceOf(WandbArgumentError);
    // The fixture's Kubernetes provider is the test's own registration; the component must register nothing.
    // Components a case builds on purpose before the bad one (and their children) are expected too.
    const byComponent = registered.filter((r) => r.name !== FIXTURE_PROVIDER_NAME && !registersFirst.some((type) => r.urn.includes(`::${type}`) || r.urn.includes(`$${type}`)));
    expect(byComponent.map((r) => `${r.type}::${r.name}`), "registered before the error").to.deep.equal([]);
    return error as WandbArgumentError;
}

function instance(overrides: Partial<WandbInstanceArgs>, platform = fixturePlatform()): void {
    new WandbInstance("wandb", { platform, license: pulumi.secret(FIXTURE_SECRETS.license), environment: "test", ...overrides });
}

function infra(overrides: Partial<WandbInfraArgs>): void {
    new WandbInfra("infra", { namePrefix: "wandb", fqdn: "wandb.example.com", environment: "test", products: "models", aws: { region: "us-west-2", hostedZoneId: "Z0123456789ABCDEFGHIJ", hostedZoneName: "example.com", publicAccessCidrs: ["203.0.113.0/24"] }, ...overrides });
}

/**
 * A string outside a choice's type, which TypeScript refuses at compile time but a JavaScript program or another
 * language's (through the component provider) can still pass: the validation phase must refuse it.
 */
function untyped<T>(value: string): T {
    return value as unknown as T;
}

function operator(args: WandbOperatorArgs): void {
    new WandbOperator("op", args, { providers: { kubernetes: fixturePlatform().kubernetesProvider } });
}

/** One bad input; `registersFirst` names the component types a case builds on purpose before the bad one. */
const CASES: { what: string; build: () => void; argument: string; message: RegExp; registersFirst?: string[] }[] = [
    { what: "a host without https:// (TLS is required)", build: () => instance({}, fixturePlatform({ host: "http://wandb.example.com" })), argument: "platform.host", message: /"http:\/\/wandb\.example\.com".*https:\/\// },
    { what: "a host with a path", build: () => instance({}, fixturePlatform({ host: "https://wandb.example.com/app" })), argument: "platform.host", message: /https:\/\/<fqdn>/ },
    { what: "an empty license", build: () => instance({ license: "" }), argument: "license", message: /got \[secret\].*non-empty/ },
    { what: "an unknown environment", build: () => instance({ environment: untyped("staging") }), argument: "environment", message: /"staging".*"test", "production"/ },
    { what: "an unknown product mix", build: () => instance({ products: untyped("launch") }), argument: "products", message: /"launch".*"models", "weave", "models-and-weave"/ },
    { what: "an unknown size", build: () => instance({ size: untyped("huge") }), argument: "size", message: /"huge".*"small"/ },
    { what: "a bucket provider other than s3/gcs/az", build: () => instance({}, fixturePlatform({ bucket: { provider: untyped("minio"), name: "b" } })), argument: "platform.bucket.provider", message: /"minio".*"s3", "gcs", "az"/ },
    { what: "an endpoint on a non-s3 bucket", build: () => instance({}, fixturePlatform({ bucket: { provider: "gcs", name: "b", endpoint: "x:1" } })), argument: "platform.bucket.endpoint", message: /only allowed with provider "s3"/ },
    { what: "an S3-compatible endpoint without keys", build: () => instance({}, fixturePlatform({ bucket: { provider: "s3", name: "b", endpoint: "minio:9000" } })), argument: "platform.bucket.credentials", message: /accessKey and secretKey/ },
    { what: "an OIDC auth method other than implicit/pkce", build: () => instance({ oidc: { clientId: "c", issuer: "https://i", authMethod: untyped("password") } }), argument: "oidc.authMethod", message: /"password".*"implicit", "pkce"/ },
    { what: "a plaintext password in values", build: () => instance({ values: { global: { mysql: { password: "hunter2" } } } }), argument: "values.global.mysql.password", message: /secret field.*Kubernetes Secrets/ },
    { what: "a plaintext license in values", build: () => instance({ values: { global: { license: "eyJhbGci" } } }), argument: "values.global.license", message: /secret field/ },
    { what: "bucket keys inline in values", build: () => instance({ values: { global: { bucket: { name: "b", secretKey: "abc" } } } }), argument: "values.global.bucket.secretKey", message: /secret field/ },
    { what: "a connection string with credentials in values", build: () => instance({ values: { global: { extraEnv: { BUCKET: "s3://AK:SK@minio/wandb" } } } }), argument: "values.global.extraEnv.BUCKET", message: /inline credentials/ },
    { what: "a secret in extraEnv", build: () => instance({ extraEnv: { GORILLA_SMTP_PASSWORD: "pw" } }), argument: "extraEnv.GORILLA_SMTP_PASSWORD", message: /carries a secret/ },
    { what: "a plaintext password never echoed in the message", build: () => instance({ values: { global: { redis: { password: "do-not-print-me" } } } }), argument: "values.global.redis.password", message: /^(?!.*do-not-print-me)/ },
    { what: "production without external Redis", build: () => instance({ environment: "production" }, fixturePlatform({ redis: undefined })), argument: "platform.redis", message: /in-cluster Redis is for test/ },
    { what: "an invalid CR name", build: () => instance({ crName: "W&B" }), argument: "crName", message: /Kubernetes name/ },
    { what: "an image tag of latest", build: () => instance({ images: { local: "latest" } }), argument: "images.local", message: /never "latest"/ },
    { what: "an OpenShift UID below 100000", build: () => instance({ securityContext: { openshift: true, runAsUser: 1000, runAsGroup: 0 } }), argument: "securityContext.runAsUser", message: />= 100000/ },
    { what: "an OpenShift group other than 0", build: () => instance({ securityContext: { openshift: true, runAsUser: 1000700000, runAsGroup: 1000 } }), argument: "securityContext.runAsGroup", message: /runAsGroup 0/ },
    { what: "a malformed readiness timeout", build: () => instance({ readinessTimeout: "soon" }), argument: "readinessTimeout", message: /"30m"/ },
    { what: "an air-gapped chart repository that is not a URL", build: () => instance({ airgapped: { chartRepository: "charts.internal", imageRegistry: "registry.internal" } }), argument: "airgapped.chartRepository", message: /http\(s\):\/\/.*oci:\/\// },
    { what: "an operator controller tag of latest", build: () => operator({ controllerImageTag: "latest" }), argument: "controllerImageTag", message: /never "latest"/ },
    { what: "an operator namespace that is not a Kubernetes name", build: () => operator({ namespace: "Wandb_CR" }), argument: "namespace", message: /Kubernetes name/ },
    { what: "an air-gapped operator chart repository that is not a URL", build: () => operator({ airgapped: { chartRepository: "internal", controllerImageRepository: "r/controller" } }), argument: "airgapped.chartRepository", message: /http\(s\):\/\// },
    { what: "a Kubernetes version below 1.34", build: () => infra({ kubernetesVersion: "1.31" }), argument: "kubernetesVersion", message: /"1\.31".*1\.34 or newer/ },
    { what: "no cloud option bag", build: () => infra({ aws: undefined }), argument: "aws | gcp | azure", message: /exactly one of the option bags/ },
    { what: "two cloud option bags", build: () => infra({ gcp: { project: "ml-platform-test", region: "us-central1", managedZone: "example-com", managedZoneDnsName: "example.com." } }), argument: "aws and gcp", message: /exactly one of the option bags/ },
    { what: "fewer than 3 nodes", build: () => infra({ sizes: { nodeCount: 2 } }), argument: "sizes.nodeCount", message: /got 2.*>= 3/ },
    { what: "production without autoscaling headroom", build: () => infra({ environment: "production", sizes: { nodeCount: 3, nodeMaxCount: 3 } }), argument: "sizes.nodeMaxCount", message: /production autoscales/ },
    { what: "an fqdn with a scheme", build: () => infra({ fqdn: "https://wandb.example.com" }), argument: "fqdn", message: /no scheme/ },
    { what: "a name prefix with upper case", build: () => infra({ namePrefix: "WandB" }), argument: "namePrefix", message: /lower-case/ },
    { what: "a host with upper-case letters", build: () => instance({}, fixturePlatform({ host: "https://WandB.example.com" })), argument: "platform.host", message: /lower-case host.*e\.g\. https:\/\/wandb\.example\.com/ },
    { what: "an OIDC issuer over http://", build: () => instance({ oidc: { clientId: "c", issuer: "http://login.example.com", authMethod: "pkce" } }), argument: "oidc.issuer", message: /"http:\/\/login\.example\.com".*https:\/\// },
    { what: "a CA bundle that is not PEM", build: () => instance({ customCACerts: ["MIIBIjANBgkq"] }), argument: "customCACerts[0]", message: /PEM certificates/ },
    { what: "a bucket endpoint with a scheme", build: () => instance({}, fixturePlatform({ bucket: { provider: "s3", name: "b", endpoint: "https://minio.example.com:9000", credentials: { accessKey: "a", secretKey: "s" } } })), argument: "platform.bucket.endpoint", message: /host\[:port\] with no scheme/ },
    { what: "a database port out of range", build: () => instance({}, fixturePlatform({ database: { host: "mysql", port: 70000, name: "wandb_local", user: "wandb", password: pulumi.secret("pw") } })), argument: "platform.database.port", message: /got 70000.*from 1 to 65535/ },
    { what: "a misspelt instance argument (JavaScript callers)", build: () => instance({ namespce: "wandb" } as Partial<WandbInstanceArgs>), argument: "namespce", message: /unknown key; did you mean "namespace"\?/ },
    { what: "a misspelt size key", build: () => infra({ sizes: { nodeCont: 3 } as WandbInfraArgs["sizes"] }), argument: "sizes.nodeCont", message: /did you mean "nodeCount"/ },
    { what: "an EKS version with a patch", build: () => infra({ kubernetesVersion: "1.34.2" }), argument: "kubernetesVersion", message: /"1\.34\.2".*as EKS takes it/ },
    { what: "a Kubernetes version with a v", build: () => infra({ kubernetesVersion: "v1.34" }), argument: "kubernetesVersion", message: /"v1\.34"/ },
    { what: "an AWS region that does not exist", build: () => infra({ aws: { region: "us-west-9", hostedZoneId: "Z0123456789ABCDEFGHIJ", hostedZoneName: "example.com" } }), argument: "aws.region", message: /"us-west-9".*AWS region.*us-west-2/ },
    { what: "a production database below the reference row", build: () => infra({ environment: "production", sizes: { databaseInstanceType: "db.r6g.large" } }), argument: "sizes.databaseInstanceType", message: /db\.r6g\.2xlarge.*allowBelowReferenceSizing/ },
    { what: "a production node type below the reference row", build: () => infra({ environment: "production", sizes: { nodeInstanceType: "r6i.large" } }), argument: "sizes.nodeInstanceType", message: /r6i\.2xlarge \(8 vCPU \/ 64 GB\)/ },
    { what: "the instance in the operator's namespace", build: () => instance({ namespace: "wandb-cr", operator: new WandbOperator("op", {}, { providers: { kubernetes: fixturePlatform().kubernetesProvider } }) }), argument: "namespace", message: /other than the operator's/, registersFirst: ["wandb:index:WandbOperator"] },
    { what: "two instances in one namespace", build: () => { const platform = fixturePlatform(); instance({ crName: "first" }, platform); instance({ crName: "second" }, platform); }, argument: "namespace", message: /W&B instance first already runs there/, registersFirst: ["wandb:index:WandbInstance"] },
    { what: "a namespace the workload identity does not trust", build: () => instance({ namespace: "ml" }, fixturePlatform({ workloadIdentity: { serviceAccountName: "wandb", namespace: "wandb" } })), argument: "namespace", message: /trusts service account wandb in namespace "wandb" only/ },
];

describe("bad input fails at construction with one clear message", () => {
    for (const c of CASES) {
        it(c.what, async () => {
            const error = await argumentError(c.build, c.registersFirst);
            expect(error.argument).to.equal(c.argument);
            expect(error.message).to.match(new RegExp(`^Invalid argument ${c.argument.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: got `));
            expect(error.message).to.match(c.message);
        });
    }
});
