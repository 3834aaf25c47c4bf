/**
 * Shared pieces of the policy specs: one pack process per spec file (started in `before`), hand-built
 * resources as the CLI sends them, and compliant building blocks per cloud.
 */
import { Diagnostic, PolicyAnalyzer, PolicyConfigOverrides } from "../harness/analyzer";
import { SyntheticResource, syntheticPlan, syntheticUrn } from "../harness/synthetic";

/** The running pack of the current spec file; `usePolicyPack()` starts and stops it. */
export let analyzer: PolicyAnalyzer;

/** Starts the pack before the enclosing describe's tests and stops it after. */
export function usePolicyPack(): void {
    before(async () => {
        analyzer = await PolicyAnalyzer.start();
    });
    after(() => analyzer?.stop());
}

/** Analyzes `resources` with the given stack tags or `wandb:environment` tag and policy config. */
export async function analyze(resources: SyntheticResource[], options: { environment?: string; tags?: Record<string, string>; config?: PolicyConfigOverrides } = {}): Promise<Diagnostic[]> {
    await analyzer.configure(options.config ?? {});
    return analyzer.analyzePlan(syntheticPlan(resources), { stackTags: options.tags ?? (options.environment ? { "wandb:environment": options.environment } : {}) });
}

/** The diagnostics of one policy. */
export function of(diagnostics: Diagnostic[], policy: string): Diagnostic[] {
    return diagnostics.filter((d) => d.policyName === policy);
}

/** The resource names diagnostics point at, sorted. */
export function names(diagnostics: Diagnostic[]): string[] {
    return diagnostics.map((d) => d.urn.split("::").pop() ?? "").sort();
}

/** URN of a synthetic resource. */
export const urn = (type: string, name: string) => syntheticUrn("synthetic", type, name);

// Compliant building blocks, per cloud.
export const AURORA_OK: SyntheticResource[] = [
    {
        type: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
        name: "cpg",
        inputs: { name: "wandb-cluster", family: "aurora-mysql8.0", parameters: [{ name: "binlog_format", value: "ROW" }, { name: "binlog_row_image", value: "minimal" }, { name: "innodb_online_alter_log_max_size", value: "268435456" }] },
    },
    { type: "aws:rds/parameterGroup:ParameterGroup", name: "ipg", inputs: { name: "wandb-instance", family: "aurora-mysql8.0", parameters: [{ name: "sort_buffer_size", value: "67108864" }] } },
    {
        type: "aws:rds/cluster:Cluster",
        name: "aurora",
        inputs: { clusterIdentifier: "wandb", engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.10.1", dbClusterParameterGroupName: "wandb-cluster", backupRetentionPeriod: 14, deletionProtection: true, storageEncrypted: true },
        outputs: { readerEndpoint: "wandb.cluster-ro-abc.us-west-2.rds.amazonaws.com", endpoint: "wandb.cluster-abc.us-west-2.rds.amazonaws.com" },
        protect: true,
    },
    { type: "aws:rds/clusterInstance:ClusterInstance", name: "aurora-1", inputs: { clusterIdentifier: "wandb", instanceClass: "db.r6g.2xlarge", dbParameterGroupName: "wandb-instance", availabilityZone: "us-west-2a" } },
    { type: "aws:rds/clusterInstance:ClusterInstance", name: "aurora-2", inputs: { clusterIdentifier: "wandb", instanceClass: "db.r6g.2xlarge", dbParameterGroupName: "wandb-instance", availabilityZone: "us-west-2b" } },
];

/** `resources` with the inputs of `name` changed. */
export function withInputs(resources: SyntheticResource[], name: string, change: (inputs: Record<string, unknown>) => Record<string, unknown>): SyntheticResource[] {
    return resources.map((r) => (r.name === name ? { ...r, inputs: change(structuredClone(r.inputs)) } : r));
}

export const CR_OK: SyntheticResource = {
    type: "kubernetes:apps.wandb.com/v1:WeightsAndBiases",
    name: "wandb-cr",
    inputs: {
        metadata: { name: "wandb", labels: { "wandb.pulumi.com/environment": "production", "wandb.pulumi.com/products": "models" } },
        spec: {
            chart: { url: "https://charts.wandb.ai", name: "operator-wandb", version: "0.43.8" },
            values: {
                global: { host: "https://wandb.example.com", mysql: { host: "wandb.cluster-abc.us-west-2.rds.amazonaws.com" } },
                redis: { install: false },
                ingress: { class: "nginx", tls: [{ secretName: "wandb-tls", hosts: ["wandb.example.com"] }] },
            },
        },
    },
};

