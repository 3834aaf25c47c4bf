/**
 * What a platform engineer moving from terraform-aws-wandb expects on AWS (issue 18): allow-lists
 * with IPv6, caller-managed KMS keys, a bucket path prefix, the database CPU alarm and restore.
 */
import { expect } from "chai";
import { WandbInfra, WandbInfraArgs } from "../../components/infra";
import { AwsInfraArgs } from "../../components/infra/aws";
import { AURORA_PARAMETER_GROUPS } from "../../components/infra/aws/database";
import { DATABASE_CPU_ALERT, MYSQL_PARAMETERS } from "../../components/requirements";
import { badInfraInputCases, one } from "../harness/assertions";
import { OfflinePlan, RecordedResource, runOffline } from "../harness/engine";
import { WANDB_CR_TYPE, planStack, resourcesOfType } from "../harness/plan";

type Props = Record<string, unknown>;
type Statement = { Sid?: string; Action: string | string[]; Resource?: string | string[]; Condition?: Record<string, Record<string, string | string[]>> };
const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const AWS: AwsInfraArgs = { region: "us-west-2", hostedZoneId: "Z0123456789ABCDEFGHIJ", hostedZoneName: "example.com", publicAccessCidrs: ["203.0.113.0/24"] };
const BASE: WandbInfraArgs = { namePrefix: "wandb", fqdn: "wandb.example.com", environment: "production", products: "models", aws: { ...AWS, availabilityZones: ["us-west-2a", "us-west-2b", "us-west-2c"] } };
const build = (aws: Partial<AwsInfraArgs>, common: Partial<WandbInfraArgs> = {}) => runOffline(() => void new WandbInfra("wandb", { ...BASE, ...common, aws: { ...BASE.aws!, ...aws } }));
const EXISTING_NETWORK = { vpcId: "vpc-1", privateSubnetIds: ["subnet-a", "subnet-b", "subnet-c"], publicSubnetIds: ["subnet-d", "subnet-e", "subnet-f"] };
const KEY_IDS: Record<string, string> = { eks: "0e0e0e0e", aurora: "0a0a0a0a", redis: "0d0d0d0d", bucket: "0b0b0b0b", queue: "0c0c0c0c", corp: "0f0f0f0f", efs: "0e0f0e0f" };
const key = (service: string) => `arn:aws:kms:us-west-2:123456789012:key/${KEY_IDS[service]}-1111-4222-8333-444444444444`;

function podStatements(plan: OfflinePlan): Statement[] {
    const policy = resourcesOfType(plan, "aws:iam/rolePolicy:RolePolicy").find((p) => String(p.inputs.role).endsWith("-wandb-pods"))!;
    return (JSON.parse(String(policy.inputs.policy)) as { Statement: Statement[] }).Statement;
}

function ingressAnnotations(plan: OfflinePlan): Record<string, string> {
    return (one(plan, WANDB_CR_TYPE).inputs.spec as { values: { ingress: { annotations: Record<string, string> } } }).values.ingress.annotations;
}

describe("AWS beyond terraform-aws-wandb (issue 18)", () => {
    describe("#1 inbound allow-lists", () => {
        it("an IPv6 allow-list on a dual-stack network makes the ALB dual-stack", async () => {
            const plan = await runOffline(() => {
                const wandb = new WandbInfra("wandb", { ...BASE, aws: { ...BASE.aws!, availabilityZones: undefined, existingNetwork: EXISTING_NETWORK, allowedInboundCidrs: ["198.51.100.0/24", "2001:db8::/32"] } });
                return { annotations: wandb.platform.ingress.annotations };
            });
            const annotations = plan.outputs.annotations as Record<string, string>;
            expect(annotations["alb.ingress.kubernetes.io/inbound-cidrs"]).to.equal("198.51.100.0/24,2001:db8::/32");
            expect(annotations["alb.ingress.kubernetes.io/ip-address-type"]).to.equal("dualstack");
            expect(annotations["alb.ingress.kubernetes.io/subnets"]).to.equal("subnet-d,subnet-e,subnet-f");
        });

        it("an IPv4 allow-list keeps the ALB IPv4", async () => {
            const annotations = ingressAnnotations(await planStack("aws-dev"));
            expect(annotations["alb.ingress.kubernetes.io/inbound-cidrs"]).to.equal("10.0.0.0/8,203.0.113.0/24");
            expect(annotations).to.not.have.property("alb.ingress.kubernetes.io/ip-address-type");
        });

        badInfraInputCases(BASE, [
            ["IPv6 sources on the IPv4-only VPC we create", { aws: { ...BASE.aws!, allowedInboundCidrs: ["2001:db8::/32"] } }, "aws.allowedInboundCidrs", /dual-stack VPC/],
            ["IPv6 sources on an internal ALB", { aws: { ...AWS, existingNetwork: EXISTING_NETWORK, internalLoadBalancer: true, allowedInboundCidrs: ["2001:db8::/32"] } }, "aws.allowedInboundCidrs", /internal ALB cannot be dual-stack/],
            ["an allow-list entry that is no CIDR", { aws: { ...BASE.aws!, allowedInboundCidrs: ["10.0.0.0/8", "office"] } }, "aws.allowedInboundCidrs[1]", /CIDR block/],
        ]);
    });

    describe("#2 caller-managed KMS keys", () => {
        const keys = { eksSecrets: key("eks"), aurora: key("aurora"), redis: key("redis"), bucket: key("bucket"), queue: key("queue") };
        let plan: OfflinePlan;
        before(async () => {
            plan = await build({ kmsKeyArns: keys, queue: true });
        });

        it("creates no key of its own and encrypts each service with the caller's key", () => {
            expect(resourcesOfType(plan, "aws:kms/key:Key")).to.deep.equal([]);
            expect((one(plan, "aws:eks/cluster:Cluster").inputs.encryptionConfig as { provider: Props }).provider.keyArn).to.equal(keys.eksSecrets);
            expect(one(plan, "aws:rds/cluster:Cluster").inputs.kmsKeyId).to.equal(keys.aurora);
            for (const instance of resourcesOfType(plan, "aws:rds/clusterInstance:ClusterInstance")) {
                expect(instance.inputs.performanceInsightsKmsKeyId).to.equal(keys.aurora);
            }
            expect(one(plan, "aws:elasticache/replicationGroup:ReplicationGroup").inputs.kmsKeyId).to.equal(keys.redis);
            const [rule] = one(plan, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules as { applyServerSideEncryptionByDefault: Props }[];
            expect(rule.applyServerSideEncryptionByDefault.kmsMasterKeyId).to.equal(keys.bucket);
            const queue = one(plan, "aws:sqs/queue:Queue").inputs;
            expect(queue.kmsMasterKeyId).to.equal(keys.queue);
            expect(queue).to.not.have.property("sqsManagedSseEnabled");
        });

        it("the W&B pods may only use the bucket's and the queue's keys, for data only", () => {
            const kms = podStatements(plan).filter((s) => asList(s.Action).some((a) => a.startsWith("kms:")));
            expect(kms.flatMap((s) => asList(s.Resource)).sort()).to.deep.equal([keys.bucket, keys.queue]);
            const actions = kms.flatMap((s) => asList(s.Action));
            expect(actions.every((a) => ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"].includes(a)), actions.join(",")).to.equal(true);
        });

        it("the EKS cluster role may use the Secrets key and no other", () => {
            const policy = resourcesOfType(plan, "aws:iam/rolePolicy:RolePolicy").find((p) => p.inputs.role === "wandb-eks-cluster")!;
            const statements = (JSON.parse(String(policy.inputs.policy)) as { Statement: Statement[] }).Statement;
            expect(statements.flatMap((st) => asList(st.Resource))).to.deep.equal([keys.eksSecrets]);
            expect(statements.flatMap((st) => asList(st.Action)).every((a) => ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"].includes(a))).to.equal(true);
        });

        it("the keys it creates rotate, and keep their URNs (and the stores theirs) when no caller key is given", async () => {
            const own = await build({ queue: true });
            const created = resourcesOfType(own, "aws:kms/key:Key");
            expect(created.map((k) => k.name).sort()).to.deep.equal(["wandb-aurora-key", "wandb-bucket-key", "wandb-eks-secrets-key", "wandb-redis-key"]);
            expect(created.every((k) => k.inputs.enableKeyRotation === true && k.options.protect === true)).to.equal(true);
            const stateful = (p: OfflinePlan) => p.resources.filter((r) => /rds\/cluster:|replicationGroup|s3\/bucket:Bucket|eks\/cluster:/.test(r.type)).map((r) => r.urn).sort();
            expect(stateful(plan)).to.deep.equal(stateful(own));
        });

        badInfraInputCases(BASE, [
            ["a key in another region", { aws: { ...BASE.aws!, kmsKeyArns: { aurora: key("aurora").replace("us-west-2", "eu-west-1") } } }, "aws.kmsKeyArns.aurora", /aws\.region us-west-2/],
            ["a key alias instead of a key", { aws: { ...BASE.aws!, kmsKeyArns: { redis: "arn:aws:kms:us-west-2:123456789012:alias/wandb" } } }, "aws.kmsKeyArns.redis", /not an alias/],
            ["a key for an unknown service", { aws: { ...BASE.aws!, kmsKeyArns: { efs: key("efs") } as never } }, "aws.kmsKeyArns.efs", /allowed keys/],
            ["a bucket key for a bring-your-own bucket", { aws: { ...BASE.aws!, existingBucketName: "b", kmsKeyArns: { bucket: key("bucket") } } }, "aws.kmsKeyArns.bucket", /existingBucketKmsKeyArn/],
            ["a queue key without a queue", { aws: { ...BASE.aws!, kmsKeyArns: { queue: key("queue") } } }, "aws.kmsKeyArns.queue", /aws\.queue: true/],
        ]);
    });

    describe("#3 bucket path prefix and bring-your-own bucket", () => {
        it("passes the path to W&B and scopes the pods' object and listing rights to it", async () => {
            const plan = await runOffline(() => ({ bucket: new WandbInfra("wandb", { ...BASE, aws: { ...BASE.aws!, bucketPath: "teams/ml" } }).platform.bucket }));
            expect((plan.outputs.bucket as Props).path).to.equal("teams/ml");
            const statements = podStatements(plan);
            const bucketArn = String(one(plan, "aws:s3/bucket:Bucket").outputs.arn);
            expect(statements.find((s) => s.Sid === "BucketObjects")!.Resource).to.equal(`${bucketArn}/teams/ml/*`);
            const listing = statements.find((s) => asList(s.Action).includes("s3:ListBucket"))!;
            expect(listing.Condition).to.deep.equal({ StringLike: { "s3:prefix": ["teams/ml", "teams/ml/*"] } });
            expect(statements.filter((s) => asList(s.Resource).some((r) => r === `${bucketArn}/*`))).to.deep.equal([]);
        });

        it("a bring-your-own bucket gets the same scoping and creates no bucket", async () => {
            const plan = await build({ existingBucketName: "corp-ml", existingBucketKmsKeyArn: key("corp"), bucketPath: "wandb" });
            expect(resourcesOfType(plan, "aws:s3/bucket:Bucket")).to.deep.equal([]);
            const statements = podStatements(plan);
            expect(statements.find((s) => s.Sid === "BucketObjects")!.Resource).to.equal("arn:aws:s3:::corp-ml/wandb/*");
            expect(statements.find((s) => s.Sid === "BucketKey")!.Resource).to.equal(key("corp"));
        });

        badInfraInputCases(BASE, [
            ["a path with a leading slash", { aws: { ...BASE.aws!, bucketPath: "/wandb" } }, "aws.bucketPath", /key prefix/],
            ["a path climbing out", { aws: { ...BASE.aws!, bucketPath: "a/../b" } }, "aws.bucketPath", /key prefix/],
            ["a queue for a bring-your-own bucket", { aws: { ...BASE.aws!, existingBucketName: "b", queue: true } }, "aws.queue", /existingBucketName/],
        ]);
    });

    describe("#4 the database CPU alarm", () => {
        it("aws-prod alarms on each Aurora instance's CPU above the reference threshold for its window, to the stack's topic", async () => {
            const plan = await planStack("aws-prod");
            const alarms = resourcesOfType(plan, "aws:cloudwatch/metricAlarm:MetricAlarm");
            const instances = resourcesOfType(plan, "aws:rds/clusterInstance:ClusterInstance").map((i) => i.inputs.identifier);
            expect(alarms.map((a) => (a.inputs.dimensions as Props).DBInstanceIdentifier).sort()).to.deep.equal([...instances].sort());
            for (const alarm of alarms.map((a: RecordedResource) => a.inputs)) {
                expect(alarm).to.deep.include({ namespace: "AWS/RDS", metricName: "CPUUtilization", statistic: "Average", comparisonOperator: "GreaterThanThreshold", threshold: DATABASE_CPU_ALERT.thresholdPercent });
                expect(Number(alarm.period) * Number(alarm.evaluationPeriods)).to.equal(DATABASE_CPU_ALERT.sustainedMinutes * 60);
                expect(alarm.datapointsToAlarm).to.equal(alarm.evaluationPeriods);
                expect(alarm.alarmActions).to.deep.equal(["arn:aws:sns:us-east-1:123456789012:wandb-prod-alerts"]);
                expect(alarm.okActions).to.deep.equal(alarm.alarmActions);
            }
        });

        badInfraInputCases(BASE, [
            ["an alarm topic in another region", { aws: { ...BASE.aws!, databaseAlarmTopicArn: "arn:aws:sns:us-east-1:123456789012:alerts" } }, "aws.databaseAlarmTopicArn", /aws\.region us-west-2/],
            ["an alarm target that is no SNS topic", { aws: { ...BASE.aws!, databaseAlarmTopicArn: "ops@example.com" } }, "aws.databaseAlarmTopicArn", /SNS standard topic ARN/],
        ]);
    });

    describe("#5 restore from a snapshot", () => {
        let restored: OfflinePlan;
        let fresh: OfflinePlan;
        before(async () => {
            restored = await build({ auroraSnapshotIdentifier: "wandb-prod-drill-2026-12-01" });
            fresh = await build({});
        });

        it("creates the cluster from the snapshot, read at creation only, with the same URN", () => {
            const cluster = one(restored, "aws:rds/cluster:Cluster");
            expect(cluster.inputs.snapshotIdentifier).to.equal("wandb-prod-drill-2026-12-01");
            expect(cluster.options.ignoreChanges).to.include("snapshotIdentifier");
            expect(cluster.urn).to.equal(one(fresh, "aws:rds/cluster:Cluster").urn);
        });

        it("without the option, nothing about the cluster changes (no snapshotIdentifier, so no replacement)", () => {
            expect(one(fresh, "aws:rds/cluster:Cluster").inputs).to.not.have.property("snapshotIdentifier");
        });

        it("the restored cluster keeps every required MySQL parameter", () => {
            const cluster = one(restored, "aws:rds/cluster:Cluster").inputs;
            const clusterGroup = one(restored, "aws:rds/clusterParameterGroup:ClusterParameterGroup");
            const instanceGroup = one(restored, "aws:rds/parameterGroup:ParameterGroup");
            expect(cluster.dbClusterParameterGroupName).to.equal(clusterGroup.inputs.name);
            for (const instance of resourcesOfType(restored, "aws:rds/clusterInstance:ClusterInstance")) {
                expect(instance.inputs.dbParameterGroupName).to.equal(instanceGroup.inputs.name);
            }
            const values = new Map<string, string>();
            for (const group of [clusterGroup, instanceGroup]) {
                for (const p of group.inputs.parameters as { name: string; value: string }[]) {
                    values.set(p.name, p.value);
                }
            }
            const required = [...AURORA_PARAMETER_GROUPS.cluster, ...AURORA_PARAMETER_GROUPS.instance];
            expect(required).to.have.length.greaterThan(3);
            for (const name of required) {
                expect(values.get(name), name).to.equal(MYSQL_PARAMETERS[name]);
            }
        });

        badInfraInputCases(BASE, [
            ["a snapshot identifier with a double hyphen", { aws: { ...BASE.aws!, auroraSnapshotIdentifier: "wandb--snap" } }, "aws.auroraSnapshotIdentifier", /single hyphens/],
            ["a snapshot ARN in another region", { aws: { ...BASE.aws!, auroraSnapshotIdentifier: "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:wandb" } }, "aws.auroraSnapshotIdentifier", /aws\.region us-west-2/],
        ]);
    });

    describe("network and cluster inputs their module has", () => {
        it("aws-prod records its VPC's traffic in a log group only the flow-logs role may write", async () => {
            const plan = await planStack("aws-prod");
            const flowLog = one(plan, "aws:ec2/flowLog:FlowLog");
            const group = one(plan, "aws:cloudwatch/logGroup:LogGroup");
            expect(flowLog.propertyDependencies.vpcId).to.deep.equal([one(plan, "aws:ec2/vpc:Vpc").urn]);
            expect(flowLog.inputs).to.deep.include({ trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: group.outputs.arn });
            expect(group.inputs.retentionInDays).to.equal(90);
            const policy = resourcesOfType(plan, "aws:iam/rolePolicy:RolePolicy").find((p) => p.inputs.role === "wandb-prod-flow-logs")!;
            const resources = (JSON.parse(String(policy.inputs.policy)) as { Statement: Statement[] }).Statement.flatMap((st) => asList(st.Resource));
            expect(resources).to.deep.equal([group.outputs.arn, `${String(group.outputs.arn)}:*`]);
            expect(resourcesOfType(await build({}), "aws:ec2/flowLog:FlowLog")).to.deep.equal([]);
        });

        it("pins the EKS add-ons it is given, and leaves the others to EKS's default for the minor", async () => {
            const plan = await build({ eksAddonVersions: { "vpc-cni": "v1.19.2-eksbuild.1", coredns: "v1.11.4-eksbuild.2" } });
            const versions = Object.fromEntries(resourcesOfType(plan, "aws:eks/addon:Addon").map((a) => [a.inputs.addonName, a.inputs.addonVersion]));
            expect(versions).to.deep.equal({ "vpc-cni": "v1.19.2-eksbuild.1", coredns: "v1.11.4-eksbuild.2", "kube-proxy": undefined, "aws-ebs-csi-driver": undefined });
        });

        it("leaves the node group's desired size to the autoscaler wherever one runs, test included", async () => {
            const plan = await build({ availabilityZones: undefined }, { environment: "test", sizes: { nodeMaxCount: 5 } });
            expect(resourcesOfType(plan, "kubernetes:helm.sh/v3:Release").map((r) => r.inputs.chart)).to.include("cluster-autoscaler");
            expect(one(plan, "aws:eks/nodeGroup:NodeGroup").options.ignoreChanges).to.deep.equal(["scalingConfig.desiredSize"]);
        });

        badInfraInputCases(BASE, [
            ["flow logs for an existing network", { aws: { ...AWS, existingNetwork: EXISTING_NETWORK, flowLogRetentionDays: 30 } }, "aws.flowLogRetentionDays", /owner's/],
            ["a retention CloudWatch does not offer", { aws: { ...BASE.aws!, flowLogRetentionDays: 10 } }, "aws.flowLogRetentionDays", /retention periods/],
            ["an add-on this package does not install", { aws: { ...BASE.aws!, eksAddonVersions: { "aws-efs-csi-driver": "v2.1.0-eksbuild.1" } as never } }, "aws.eksAddonVersions.aws-efs-csi-driver", /allowed add-ons/],
            ["an add-on version that is no EKS build", { aws: { ...BASE.aws!, eksAddonVersions: { coredns: "1.11" } } }, "aws.eksAddonVersions.coredns", /eksbuild/],
        ]);
    });
});
