/**
 * Production must autoscale on every cloud (reference architecture: cluster autoscaling in
 * production). GKE and AKS scale their node pools natively when the pool's autoscaling inputs are
 * set; EKS scales a managed node group only when a Cluster Autoscaler runs with rights to it.
 */
import { expect } from "chai";
import { RecordedResource } from "../harness/engine";
import { OfflinePlan } from "../harness/engine";
import { planStack, resourcesOfType } from "../harness/plan";

type Props = Record<string, unknown>;
type Statement = { Effect: string; Action: string | string[]; Resource?: string | string[]; Condition?: Record<string, Record<string, string>> };

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Why `plan` (an EKS stack) does not autoscale, or [] when a Cluster Autoscaler can act on its node group. */
function eksAutoscalingGaps(plan: OfflinePlan): string[] {
    const gaps: string[] = [];
    const clusters = resourcesOfType(plan, "aws:eks/cluster:Cluster");
    const groups = resourcesOfType(plan, "aws:eks/nodeGroup:NodeGroup");
    if (!groups.some((g) => (g.inputs.scalingConfig as Props).maxSize! > (g.inputs.scalingConfig as Props).minSize!)) {
        gaps.push("no EKS node group has maxSize above minSize");
    }
    const autoscaler = resourcesOfType(plan, "kubernetes:helm.sh/v3:Release").find((r) => r.inputs.chart === "cluster-autoscaler");
    if (!autoscaler) {
        return [...gaps, "no cluster-autoscaler release"];
    }
    const values = autoscaler.inputs.values as { autoDiscovery?: { clusterName?: string }; rbac?: { serviceAccount?: { name?: string; annotations?: Record<string, string> } } };
    const clusterName = clusters[0]?.inputs.name as string;
    if (values.autoDiscovery?.clusterName !== clusterName) {
        gaps.push(`the autoscaler does not discover node groups of cluster ${clusterName}`);
    }
    if (!/^\d+\.\d+\.\d+$/.test(String(autoscaler.inputs.version))) {
        gaps.push("the autoscaler chart is not pinned");
    }
    const roleArn = values.rbac?.serviceAccount?.annotations?.["eks.amazonaws.com/role-arn"] ?? "";
    const role = resourcesOfType(plan, "aws:iam/role:Role").find((r) => roleArn.endsWith(`role/${String(r.inputs.name)}`));
    const policy = role && resourcesOfType(plan, "aws:iam/rolePolicy:RolePolicy").find((p) => p.inputs.role === role.inputs.name);
    if (!role || !policy) {
        return [...gaps, "the autoscaler has no IRSA role with a policy"];
    }
    const trust = JSON.stringify(JSON.parse(String(role.inputs.assumeRolePolicy)));
    if (!trust.includes(`system:serviceaccount:kube-system:${values.rbac?.serviceAccount?.name}`)) {
        gaps.push("the autoscaler's role does not trust its service account");
    }
    const statements = (JSON.parse(String(policy.inputs.policy)) as { Statement: Statement[] }).Statement;
    const scaling = statements.filter((s) => asList(s.Action).some((a) => a === "autoscaling:SetDesiredCapacity"));
    if (scaling.length === 0) {
        gaps.push("the autoscaler may not set the desired capacity");
    }
    for (const statement of scaling) {
        const tags = statement.Condition?.StringEquals ?? {};
        if (tags[`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`] !== "owned") {
            gaps.push("the autoscaler may scale Auto Scaling groups that are not this cluster's");
        }
    }
    for (const statement of statements) {
        const writes = asList(statement.Action).filter((a) => !/:(Describe|Get|List)/.test(a));
        if (writes.length > 0 && !statement.Condition && asList(statement.Resource).includes("*")) {
            gaps.push(`unscoped writes ${writes.join(", ")}`);
        }
    }
    return gaps;
}

/** Why `plan` (a GKE stack) does not autoscale, or []. */
function gkeAutoscalingGaps(plan: OfflinePlan): string[] {
    const pools = resourcesOfType(plan, "gcp:container/nodePool:NodePool").map((p) => p.inputs.autoscaling as Props | undefined);
    const scales = (a: Props | undefined) => a !== undefined && Number(a.totalMaxNodeCount ?? a.maxNodeCount) > Number(a.totalMinNodeCount ?? a.minNodeCount);
    return pools.some(scales) ? [] : ["no GKE node pool has autoscaling with max above min"];
}

/** Why `plan` (an AKS stack) does not autoscale, or []. */
function aksAutoscalingGaps(plan: OfflinePlan): string[] {
    const pools: Props[] = [
        ...resourcesOfType(plan, "azure-native:containerservice:AgentPool").map((p: RecordedResource) => p.inputs),
        ...resourcesOfType(plan, "azure-native:containerservice:ManagedCluster").flatMap((c) => (c.inputs.agentPoolProfiles as Props[] | undefined) ?? []),
    ];
    return pools.some((p) => p.enableAutoScaling === true && Number(p.maxCount) > Number(p.minCount)) ? [] : ["no AKS agent pool autoscales with maxCount above minCount"];
}

describe("production autoscaling on every cloud", () => {
    const cases: [string, (plan: OfflinePlan) => string[]][] = [
        ["aws-prod", eksAutoscalingGaps],
        ["gcp-prod", gkeAutoscalingGaps],
        ["azure-prod", aksAutoscalingGaps],
    ];
    for (const [stack, gaps] of cases) {
        it(`${stack} autoscales its nodes`, async () => {
            expect(gaps(await planStack(stack))).to.deep.equal([]);
        });
    }

    it("the EKS check fails a production plan without an autoscaler", async () => {
        const plan = await planStack("aws-prod");
        const withoutAutoscaler = { ...plan, resources: plan.resources.filter((r) => r.inputs.chart !== "cluster-autoscaler") };
        expect(eksAutoscalingGaps(withoutAutoscaler)).to.include("no cluster-autoscaler release");
    });
});
