/** Stateful services provision in parallel with the cluster: no dependency chain from the cluster to them. */
import { expect } from "chai";
import { OfflinePlan } from "../harness/engine";
import { planStack } from "../harness/plan";
import { criticalPath, predecessors } from "../bench/critical-path";

/** URNs `urn` waits for, transitively. */
function ancestors(plan: OfflinePlan, urn: string): Set<string> {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const seen = new Set<string>();
    const visit = (current: string) => {
        for (const dependency of predecessors(byUrn.get(current)!)) {
            if (!seen.has(dependency) && byUrn.has(dependency)) {
                seen.add(dependency);
                visit(dependency);
            }
        }
    };
    visit(urn);
    return seen;
}

const CASES: [string, string, string[]][] = [
    ["aws-prod", "aws:eks/cluster:Cluster", ["aws:rds/clusterInstance:ClusterInstance", "aws:elasticache/replicationGroup:ReplicationGroup", "aws:s3/bucket:Bucket"]],
    ["gcp-prod", "gcp:container/cluster:Cluster", ["gcp:sql/databaseInstance:DatabaseInstance", "gcp:redis/instance:Instance", "gcp:storage/bucket:Bucket"]],
    ["azure-prod", "azure-native:containerservice:ManagedCluster", ["azure-native:dbformysql:Server", "azure-native:redisenterprise:RedisEnterprise", "azure-native:storage:StorageAccount"]],
];

describe("deploy graph", () => {
    for (const [stack, clusterType, stateful] of CASES) {
        it(`${stack}: database, cache and bucket do not wait for the Kubernetes cluster`, async () => {
            const plan = await planStack(stack);
            const cluster = plan.resources.find((r) => r.type === clusterType)!;
            for (const type of stateful) {
                for (const resource of plan.resources.filter((r) => r.type === type)) {
                    expect(ancestors(plan, resource.urn).has(cluster.urn), `${resource.name} waits for ${cluster.name}`).to.equal(false);
                }
            }
        });
    }

    it("the critical path is a real chain through the graph, ending at the W&B readiness wait", async () => {
        const plan = await planStack("aws-prod");
        const path = criticalPath(plan, { "aws:eks/cluster:Cluster": { minutes: 10, source: "test" } }, 1);
        expect(path.steps.map((s) => s.type)).to.include("aws:eks/cluster:Cluster");
        expect(path.steps[path.steps.length - 1].type).to.equal("kubernetes:apps/v1:DeploymentPatch");
        expect(path.minutes).to.equal(path.steps.reduce((sum, s) => sum + s.minutes, 0));
    });
});
