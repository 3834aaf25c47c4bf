/**
 * Stack-file mistakes, as a new user makes them: each fails before the program registers anything, with
 * one line naming the stack key, the value (redacted when secret) and what is allowed. `npm run plan`
 * on such a stack prints that line and exits 1, with no stack trace.
 */
import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { runStackProgram } from "../../programs/select";
import { WandbArgumentError } from "../../components/util/errors";
import { runOffline, runOfflineFailure } from "../harness/engine";
import { REPO_ROOT, loadStackConfig } from "../harness/stacks";

type StackEdit = (config: Record<string, unknown>) => void;

/** A copy of the committed stack file's `config:` block with `edit` applied. */
function editedStack(stack: string, edit: StackEdit): Record<string, unknown> {
    const document = yaml.load(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    const config = structuredClone(document.config);
    edit(config);
    return config;
}

/** Sets `value` at a dotted path inside one stack key's object (`wandb:infra` + `sizes.nodeCount`). */
function setIn(config: Record<string, unknown>, key: string, at: string, value: unknown): void {
    let target = (config[key] ??= {}) as Record<string, unknown>;
    const parts = at.split(".");
    for (const part of parts.slice(0, -1)) {
        target = (target[part] ??= {}) as Record<string, unknown>;
    }
    target[parts[parts.length - 1]] = value;
}

async function planEdited(stack: string, edit: StackEdit) {
    const { config, secretKeys } = toFlat(stack, editedStack(stack, edit));
    return runOfflineFailure(() => runStackProgram(), { stack, config, secretKeys });
}

function toFlat(stack: string, entries: Record<string, unknown>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wandb-stack-"));
    try {
        fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml.dump({ config: entries }));
        return loadStackConfig(stack, dir);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

interface StackCase {
    what: string;
    stack: string;
    edit: StackEdit;
    key: string;
    message: RegExp;
}

const SECRET_KUBECONFIG_TEXT = "this is: [not, a kubeconfig";

const CASES: StackCase[] = [
    { what: "a misspelt top-level key", stack: "onprem", edit: (c) => { c["wandb:hots"] = c["wandb:host"]; delete c["wandb:host"]; }, key: "wandb:hots", message: /unknown stack key; did you mean wandb:host\?/ },
    { what: "a misspelt wandb:instance key", stack: "onprem", edit: (c) => setIn(c, "wandb:instance", "namespce", "wandb"), key: "wandb:instance.namespce", message: /did you mean "namespace"/ },
    { what: "a misspelt wandb:infra key", stack: "aws-dev", edit: (c) => setIn(c, "wandb:infra", "sizes.nodeCont", 3), key: "wandb:infra.sizes.nodeCont", message: /did you mean "nodeCount"/ },
    { what: "a misspelt cloud key", stack: "gcp-dev", edit: (c) => setIn(c, "wandb:infra", "gcp.regoin", "us-central1"), key: "wandb:infra.gcp.regoin", message: /did you mean "region"/ },
    { what: "a misspelt operator key", stack: "onprem", edit: (c) => setIn(c, "wandb:operator", "namepsace", "wandb-cr"), key: "wandb:operator.namepsace", message: /did you mean "namespace"/ },
    { what: "a misspelt program", stack: "onprem", edit: (c) => { c["wandb:program"] = "onperm"; }, key: "wandb:program", message: /"onperm".*did you mean "onprem"/ },
    { what: "an unknown environment", stack: "azure-dev", edit: (c) => { c["wandb:environment"] = "staging"; }, key: "wandb:environment", message: /"staging".*"test", "production"/ },
    { what: "an unknown product mix", stack: "onprem", edit: (c) => { c["wandb:products"] = "launch"; }, key: "wandb:products", message: /"launch"/ },
    { what: "a host over http://", stack: "onprem", edit: (c) => { c["wandb:host"] = "http://wandb.example.com"; }, key: "wandb:host", message: /"http:\/\/wandb\.example\.com".*https:\/\// },
    { what: "a host with upper-case letters", stack: "onprem", edit: (c) => { c["wandb:host"] = "https://WandB.example.com"; }, key: "wandb:host", message: /lower-case host/ },
    { what: "a host with a path", stack: "onprem", edit: (c) => { c["wandb:host"] = "https://wandb.example.com/app"; }, key: "wandb:host", message: /no path/ },
    { what: "a kubeconfig that is not YAML", stack: "onprem", edit: (c) => { c["wandb:kubeconfig"] = SECRET_KUBECONFIG_TEXT; }, key: "wandb:kubeconfig", message: /got \[secret\]; a kubeconfig/ },
    { what: "an empty license", stack: "onprem", edit: (c) => { c["wandb:license"] = ""; }, key: "wandb:license", message: /got \[secret\]/ },
    { what: "a bucket endpoint with a scheme", stack: "onprem", edit: (c) => setIn(c, "wandb:bucket", "endpoint", "https://minio.example.internal:9000"), key: "wandb:bucket.endpoint", message: /host\[:port\] with no scheme/ },
    { what: "a database port that is not a port", stack: "onprem", edit: (c) => setIn(c, "wandb:database", "port", 70000), key: "wandb:database.port", message: /got 70000; an integer from 1 to 65535/ },
    { what: "a Redis port that is not a number", stack: "onprem", edit: (c) => setIn(c, "wandb:redis", "port", "six-three-seven-nine"), key: "wandb:redis.port", message: /"six-three-seven-nine"; an integer from 1 to 65535/ },
    { what: "an S3-compatible endpoint without keys", stack: "onprem", edit: (c) => { delete c["wandb:bucketAccessKey"]; delete c["wandb:bucketSecretKey"]; }, key: "wandb:bucketAccessKey", message: /needs accessKey and secretKey/ },
    { what: "an OIDC issuer over http://", stack: "onprem", edit: (c) => setIn(c, "wandb:instance", "oidc", { clientId: "wandb", issuer: "http://login.example.com", authMethod: "pkce" }), key: "wandb:instance.oidc.issuer", message: /https:\/\// },
    { what: "a CA bundle that is not PEM", stack: "onprem", edit: (c) => setIn(c, "wandb:instance", "customCACerts", ["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"]), key: "wandb:instance.customCACerts[0]", message: /PEM certificates/ },
    { what: "a malformed readiness timeout", stack: "onprem", edit: (c) => setIn(c, "wandb:instance", "readinessTimeout", "soon"), key: "wandb:instance.readinessTimeout", message: /"30m"/ },
    { what: "a plaintext password in wandb:instance.values", stack: "onprem", edit: (c) => setIn(c, "wandb:instance", "values", { global: { mysql: { password: "hunter2-do-not-print" } } }), key: "wandb:instance.values.global.mysql.password", message: /^(?!.*hunter2).*secret field/ },
    { what: "the operator and the instance in one namespace", stack: "onprem", edit: (c) => setIn(c, "wandb:instance", "namespace", "wandb-cr"), key: "wandb:instance.namespace", message: /other than the operator's \(wandb:operator\.namespace, "wandb-cr"\)/ },
    { what: "an instance namespace that is not a Kubernetes name", stack: "aws-dev", edit: (c) => setIn(c, "wandb:instance", "namespace", "Bad_NS"), key: "wandb:instance.namespace", message: /"Bad_NS".*Kubernetes name/ },
    { what: "an EKS version with a patch", stack: "aws-dev", edit: (c) => setIn(c, "wandb:infra", "kubernetesVersion", "1.34.2"), key: "wandb:infra.kubernetesVersion", message: /as EKS takes it/ },
    { what: "a Kubernetes version with a v", stack: "azure-dev", edit: (c) => setIn(c, "wandb:infra", "kubernetesVersion", "v1.34"), key: "wandb:infra.kubernetesVersion", message: /"v1\.34".*as AKS takes it/ },
    { what: "a Kubernetes version below 1.34", stack: "gcp-dev", edit: (c) => setIn(c, "wandb:infra", "kubernetesVersion", "1.31"), key: "wandb:infra.kubernetesVersion", message: /1\.34 or newer/ },
    { what: "an AWS region that does not exist", stack: "aws-dev", edit: (c) => { setIn(c, "wandb:infra", "aws.region", "us-west-9"); delete c["aws:region"]; }, key: "wandb:infra.aws.region", message: /"us-west-9".*AWS region/ },
    { what: "a region other than the provider's", stack: "aws-prod", edit: (c) => setIn(c, "wandb:infra", "aws.region", "us-west-2"), key: "wandb:infra.aws.region", message: /provider's aws:region \("us-east-1"\)/ },
    { what: "a project other than the provider's", stack: "gcp-dev", edit: (c) => setIn(c, "wandb:infra", "gcp.project", "ml-platform-other"), key: "wandb:infra.gcp.project", message: /provider's gcp:project/ },
    { what: "an Azure location written as a display name", stack: "azure-dev", edit: (c) => { setIn(c, "wandb:infra", "azure.location", "East US 2"); delete c["azure-native:location"]; }, key: "wandb:infra.azure.location", message: /lower case without spaces.*eastus2/ },
    { what: "a production database below the reference row", stack: "aws-prod", edit: (c) => setIn(c, "wandb:infra", "sizes.databaseInstanceType", "db.r6g.large"), key: "wandb:infra.sizes.databaseInstanceType", message: /"db\.r6g\.large".*db\.r6g\.2xlarge/ },
    { what: "a production node type below the reference row", stack: "gcp-prod", edit: (c) => setIn(c, "wandb:infra", "sizes.nodeInstanceType", "n2-highmem-4"), key: "wandb:infra.sizes.nodeInstanceType", message: /n2-highmem-16.*allowBelowReferenceSizing/ },
    { what: "an identity namespace that contradicts the instance's", stack: "aws-prod", edit: (c) => setIn(c, "wandb:infra", "aws.instanceNamespace", "ml"), key: "wandb:infra.aws.instanceNamespace", message: /"ml".*wandb:instance\.namespace, "wandb"/ },
    { what: "an fqdn with a scheme", stack: "azure-prod", edit: (c) => setIn(c, "wandb:infra", "fqdn", "https://wandb.example.com"), key: "wandb:infra.fqdn", message: /no scheme/ },
    { what: "Weave on-prem without a Kafka broker", stack: "onprem", edit: (c) => { c["wandb:products"] = "models-and-weave"; }, key: "wandb:weaveKafka", message: /Kafka-compatible broker for Weave's trace workers.*Bufstream and etcd/ },
    { what: "Weave on Azure without a Kafka broker", stack: "azure-prod", edit: (c) => { delete c["wandb:weaveKafka"]; delete c["wandb:weaveKafkaPassword"]; }, key: "wandb:weaveKafka", message: /existing Kafka broker.*on azure: the chart's Bufstream stores its data in S3 or GCS only/ },
    { what: "a Kafka broker for Models only", stack: "aws-dev", edit: (c) => { c["wandb:weaveKafka"] = { host: "kafka.example.internal" }; }, key: "wandb:weaveKafka", message: /only with products that include Weave/ },
    { what: "a Kafka user name without its password", stack: "azure-prod", edit: (c) => { delete c["wandb:weaveKafkaPassword"]; }, key: "wandb:weaveKafkaPassword", message: /SASL needs both username and password/ },
    { what: "a Kafka password without a broker", stack: "onprem", edit: (c) => { c["wandb:weaveKafkaPassword"] = { secure: "placeholder" }; }, key: "wandb:weaveKafkaPassword", message: /only with wandb:weaveKafka/ },
    { what: "a Kafka host with a port", stack: "onprem", edit: (c) => { c["wandb:products"] = "weave"; c["wandb:weaveKafka"] = { host: "kafka.example.internal:9092" }; }, key: "wandb:weaveKafka.host", message: /no port/ },
    { what: "fewer than 3 nodes", stack: "aws-dev", edit: (c) => setIn(c, "wandb:infra", "sizes.nodeCount", 2), key: "wandb:infra.sizes.nodeCount", message: /got 2.*>= 3/ },
];

describe("stack-file mistakes fail before anything is registered", () => {
    for (const c of CASES) {
        it(`${c.stack}: ${c.what}`, async () => {
            const { error, registered } = await planEdited(c.stack, c.edit);
            expect(error, String(error)).to.be.instanceOf(WandbArgumentError);
            const argumentError = error as WandbArgumentError;
            expect(argumentError.argument).to.equal(c.key);
            expect(argumentError.message).to.match(new RegExp(`^Invalid argument ${c.key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: got `));
            expect(argumentError.message).to.match(c.message);
            expect(argumentError.message).not.to.include("\n");
            expect(argumentError.message).not.to.include(SECRET_KUBECONFIG_TEXT);
            expect(registered.map((r) => `${r.type}::${r.name}`), "registered before the error").to.deep.equal([]);
        });
    }

    it("normalises a trailing slash on the host and plans as before", async () => {
        const { config, secretKeys } = toFlat("onprem", editedStack("onprem", (c) => { c["wandb:host"] = `${c["wandb:host"]}/`; }));
        const plan = await runOffline(() => runStackProgram(), { stack: "onprem", config, secretKeys });
        expect(plan.outputs.url).to.equal("https://wandb.apps.example.internal");
    });
});

/** Runs `npm run plan -- <stack>` on stack files in `dir`. */
function runPlanCli(dir: string, stack: string): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        execFile(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(REPO_ROOT, "tests/harness/plan-cli.ts"), stack], { cwd: REPO_ROOT, env: { ...process.env, WANDB_STACKS_DIR: dir } }, (error, stdout, stderr) => {
            resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
        });
    });
}

describe("npm run plan on a bad stack", function () {
    this.timeout(120000);
    it("prints one line naming the stack key and exits 1, with no stack trace", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wandb-bad-stack-"));
        try {
            const config = editedStack("onprem", (c) => setIn(c, "wandb:instance", "namespace", "Bad_NS"));
            fs.writeFileSync(path.join(dir, "Pulumi.onprem.yaml"), yaml.dump({ config }));
            const result = await runPlanCli(dir, "onprem");
            expect(result.code).to.equal(1);
            const lines = result.stderr.trim().split("\n");
            expect(lines, result.stderr).to.have.length(1);
            expect(lines[0]).to.match(/^plan failed: onprem: Invalid argument wandb:instance\.namespace: got "Bad_NS"; a Kubernetes name/);
            expect(result.stderr + result.stdout).not.to.match(/^\s+at /m);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
