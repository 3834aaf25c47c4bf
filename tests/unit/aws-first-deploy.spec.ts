/**
 * The AWS defects of the first-deploy review (issue 15): each test failed on the code before the fix.
 */
import { expect } from "chai";
import { WandbInfra, WandbInfraArgs } from "../../components/infra";
import { AwsInfraArgs } from "../../components/infra/aws";
import { AURORA_SLOW_QUERY_LOG } from "../../components/infra/aws/database";
import { AWS_DEFAULTS, CLUSTER_AUTOSCALER_IMAGE_TAGS } from "../../components/infra/aws/versions";
import { badInfraInputCases, one } from "../harness/assertions";
import { OfflinePlan, runOffline } from "../harness/engine";
import { loadStackConfig } from "../harness/stacks";
import { planStack, resourcesOfType } from "../harness/plan";

type Props = Record<string, unknown>;
type Statement = { Sid?: string; Action: string | string[]; Resource?: string | string[]; Condition?: Record<string, Record<string, string>> };
const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const AWS: AwsInfraArgs = { region: "us-west-2", hostedZoneId: "Z0123456789ABCDEFGHIJ", hostedZoneName: "example.com", publicAccessCidrs: ["203.0.113.0/24"] };
const BASE: WandbInfraArgs = { namePrefix: "wandb", fqdn: "wandb.example.com", environment: "test", products: "models", aws: AWS };
const infra = (aws: Partial<AwsInfraArgs>, common: Partial<WandbInfraArgs> = {}) => runOffline(() => void new WandbInfra("wandb", { ...BASE, ...common, aws: { ...AWS, ...aws } }));

/** Independent of the code under test: a dotted-quad CIDR as [first address, last address]. */
function range(cidr: string): [number, number] {
    const [address, prefix] = cidr.split("/");
    const start = address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
    return [start, start + 2 ** (32 - Number(prefix)) - 1];
}

/** The top-level values of external-dns chart 1.15.0 (its values.yaml at tag external-dns-helm-chart-1.15.0). */
const EXTERNAL_DNS_1_15_0_VALUES = [
    "image", "imagePullSecrets", "nameOverride", "fullnameOverride", "commonLabels", "serviceAccount", "service", "rbac", "deploymentAnnotations", "extraContainers",
    "deploymentStrategy", "revisionHistoryLimit", "podLabels", "podAnnotations", "automountServiceAccountToken", "shareProcessNamespace", "podSecurityContext",
    "priorityClassName", "terminationGracePeriodSeconds", "dnsPolicy", "dnsConfig", "initContainers", "securityContext", "env", "livenessProbe", "readinessProbe",
    "extraVolumes", "extraVolumeMounts", "resources", "nodeSelector", "affinity", "topologySpreadConstraints", "tolerations", "serviceMonitor", "logLevel", "logFormat",
    "interval", "triggerLoopOnEvent", "namespaced", "sources", "policy", "registry", "txtOwnerId", "txtPrefix", "txtSuffix", "domainFilters", "excludeDomains", "provider",
    "extraArgs", "secretConfiguration",
];

describe("AWS first deploy (issue 15)", () => {
    let prod: OfflinePlan;
    before(async () => {
        prod = await planStack("aws-prod");
    });

    describe("#3 the EKS API is reachable from where Pulumi runs", () => {
        it("aws-prod and aws-dev open the public endpoint to the CIDRs their stack file gives, and keep the private one", async () => {
            for (const [stack, plan] of [["aws-prod", prod], ["aws-dev", await planStack("aws-dev")]] as const) {
                const given = (JSON.parse(loadStackConfig(stack).config["wandb:infra"]) as { aws: AwsInfraArgs }).aws.publicAccessCidrs;
                expect(given, stack).to.be.an("array").that.is.not.empty;
                expect(one(plan, "aws:eks/cluster:Cluster").inputs.vpcConfig, stack).to.deep.include({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: given });
            }
        });

        it("privateApiEndpoint turns the public endpoint off", async () => {
            const plan = await infra({ publicAccessCidrs: undefined, privateApiEndpoint: true });
            const vpc = one(plan, "aws:eks/cluster:Cluster").inputs.vpcConfig as Props;
            expect(vpc).to.deep.include({ endpointPrivateAccess: true, endpointPublicAccess: false });
            expect(vpc.publicAccessCidrs).to.equal(undefined);
        });

        badInfraInputCases(BASE, [
            ["no endpoint choice (neither CIDRs nor private-only)", { aws: { ...AWS, publicAccessCidrs: undefined } }, "aws.publicAccessCidrs", /where `pulumi up` runs.*privateApiEndpoint/],
            ["public CIDRs with a private-only endpoint", { aws: { ...AWS, privateApiEndpoint: true } }, "aws.publicAccessCidrs", /not used with aws\.privateApiEndpoint/],
            ["an IPv6 block for the EKS endpoint", { aws: { ...AWS, publicAccessCidrs: ["2001:db8::/32"] } }, "aws.publicAccessCidrs[0]", /IPv4/],
            ["an empty CIDR list", { aws: { ...AWS, publicAccessCidrs: [] } }, "aws.publicAccessCidrs", /at least 1 IPv4 CIDR/],
            ["a CIDR with host bits", { aws: { ...AWS, publicAccessCidrs: ["203.0.113.7/24"] } }, "aws.publicAccessCidrs[0]", /host bits zero/],
        ]);
    });

    describe("#4 production autoscales", () => {
        it("installs a pinned Cluster Autoscaler discovering this cluster's node groups, with the image of the cluster's minor", () => {
            const releases = resourcesOfType(prod, "kubernetes:helm.sh/v3:Release").map((r) => r.inputs);
            const autoscaler = releases.find((r) => r.chart === "cluster-autoscaler")!;
            expect(autoscaler).to.deep.include({ version: AWS_DEFAULTS.clusterAutoscalerChart.version, namespace: "kube-system" });
            const values = autoscaler.values as { cloudProvider: string; awsRegion: string; autoDiscovery: Props; image: Props };
            expect(values.cloudProvider).to.equal("aws");
            expect(values.awsRegion).to.equal("us-east-1");
            expect(values.autoDiscovery).to.deep.equal({ clusterName: one(prod, "aws:eks/cluster:Cluster").inputs.name });
            expect(values.image).to.deep.equal({ tag: CLUSTER_AUTOSCALER_IMAGE_TAGS[AWS_DEFAULTS.kubernetesVersion] });
            expect(releases.find((r) => r.chart === "metrics-server")).to.deep.include({ version: AWS_DEFAULTS.metricsServerChart.version });
        });

        it("gives the autoscaler writes only on Auto Scaling groups tagged as this cluster's, and describe on its node group", () => {
            const policy = resourcesOfType(prod, "aws:iam/rolePolicy:RolePolicy").find((p) => p.inputs.role === "wandb-prod-cluster-autoscaler")!;
            const statements = (JSON.parse(String(policy.inputs.policy)) as { Statement: Statement[] }).Statement;
            const scale = statements.find((s) => asList(s.Action).includes("autoscaling:SetDesiredCapacity"))!;
            expect(scale.Condition?.StringEquals).to.deep.equal({ "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true", "aws:ResourceTag/k8s.io/cluster-autoscaler/wandb-prod-eks": "owned" });
            const nodeGroup = statements.find((s) => asList(s.Action).includes("eks:DescribeNodegroup"))!;
            expect(nodeGroup.Resource).to.equal(one(prod, "aws:eks/nodeGroup:NodeGroup").outputs.arn);
            const unscoped = statements.filter((s) => asList(s.Resource).includes("*")).flatMap((s) => asList(s.Action));
            expect(unscoped.every((a) => /:(Describe|Get)/.test(a)), unscoped.join(",")).to.equal(true);
        });

        it("installs no autoscaler where the node group cannot scale (test: min = max)", async () => {
            const plan = await infra({});
            expect(resourcesOfType(plan, "kubernetes:helm.sh/v3:Release").map((r) => r.inputs.chart)).to.not.include("cluster-autoscaler");
        });

        badInfraInputCases({ ...BASE, environment: "production" }, [
            ["a Kubernetes minor without a pinned autoscaler", { kubernetesVersion: "1.99", aws: { ...AWS, availabilityZones: ["us-west-2a", "us-west-2b", "us-west-2c"] } }, "aws.clusterAutoscalerImageTag", /Kubernetes 1\.99/],
        ]);
    });

    it("#5 external-dns gets only values chart 1.15.0 has, the zone restriction as an argument", () => {
        const release = resourcesOfType(prod, "kubernetes:helm.sh/v3:Release").find((r) => r.inputs.chart === "external-dns")!;
        expect(release.inputs.version).to.equal("1.15.0");
        const values = release.inputs.values as Props;
        expect(Object.keys(values).filter((key) => !EXTERNAL_DNS_1_15_0_VALUES.includes(key))).to.deep.equal([]);
        expect(values.extraArgs).to.deep.equal(["--zone-id-filter=Z0123456789EXAMPLEPRD"]);
    });

    it("#6 Aurora turns on the slow query log it exports", () => {
        const cluster = one(prod, "aws:rds/cluster:Cluster").inputs;
        expect(cluster.enabledCloudwatchLogsExports).to.include("slowquery");
        const parameters = one(prod, "aws:rds/clusterParameterGroup:ClusterParameterGroup").inputs.parameters as { name: string; value: string }[];
        const byName = Object.fromEntries(parameters.map((p) => [p.name, p.value]));
        expect(byName).to.include({ slow_query_log: "1", log_output: "FILE" });
        expect(Number(byName.long_query_time)).to.be.greaterThan(0);
        expect(byName.long_query_time).to.equal(AURORA_SLOW_QUERY_LOG.long_query_time);
    });

    describe("#7 subnets fit any allowed VPC prefix", () => {
        for (const [vpcCidr, subnetPrefix] of [["10.10.0.0/16", 20], ["10.20.32.0/19", 23], ["172.16.16.0/20", 24], ["192.168.0.0/17", 21]] as const) {
            it(`cuts ${vpcCidr} into /${subnetPrefix} subnets inside it, none overlapping`, async () => {
                const plan = await infra({ vpcCidr }, { environment: "production", products: "models" });
                const cidrs = resourcesOfType(plan, "aws:ec2/subnet:Subnet").map((s) => String(s.inputs.cidrBlock));
                expect(cidrs).to.have.length(9);
                const [vpcStart, vpcEnd] = range(vpcCidr);
                const ranges = cidrs.map(range).sort((a, b) => a[0] - b[0]);
                for (const [i, [start, end]] of ranges.entries()) {
                    expect(start >= vpcStart && end <= vpcEnd, cidrs[i]).to.equal(true);
                    expect(i === 0 || start > ranges[i - 1][1], "overlap").to.equal(true);
                }
                expect(cidrs.every((c) => c.endsWith(`/${subnetPrefix}`))).to.equal(true);
                expect(one(plan, "aws:ec2/vpc:Vpc").inputs.cidrBlock).to.equal(vpcCidr);
            });
        }

        it("keeps the /16 layout of existing stacks (public 0-2, private 4-6, database 8-10)", () => {
            const byName = Object.fromEntries(resourcesOfType(prod, "aws:ec2/subnet:Subnet").map((s) => [s.name, s.inputs.cidrBlock]));
            expect(byName["wandb-public-0"]).to.equal("10.10.0.0/20");
            expect(byName["wandb-private-1"]).to.equal("10.10.80.0/20");
            expect(byName["wandb-database-2"]).to.equal("10.10.160.0/20");
        });

        badInfraInputCases(BASE, [
            ["a VPC smaller than /20", { aws: { ...AWS, vpcCidr: "10.0.0.0/22" } }, "aws.vpcCidr", /\/16 to \/20/],
            ["a VPC larger than /16", { aws: { ...AWS, vpcCidr: "10.0.0.0/12" } }, "aws.vpcCidr", /\/16 to \/20/],
            ["a VPC CIDR with host bits", { aws: { ...AWS, vpcCidr: "10.0.1.0/16" } }, "aws.vpcCidr", /host bits zero/],
            ["a VPC CIDR that is not one", { aws: { ...AWS, vpcCidr: "10.0.0.0" } }, "aws.vpcCidr", /IPv4 block/],
            ["a VPC CIDR with an existing network", { aws: { ...AWS, vpcCidr: "10.0.0.0/16", existingNetwork: { vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-0a", "subnet-0b"], publicSubnetIds: ["subnet-0c", "subnet-0d"] } } }, "aws.vpcCidr", /existingNetwork/],
        ]);
    });

    it("#8 Aurora instances follow the cluster's engine version", () => {
        expect(one(prod, "aws:rds/cluster:Cluster").inputs.engineVersion).to.equal(AWS_DEFAULTS.auroraEngineVersion);
        const instances = resourcesOfType(prod, "aws:rds/clusterInstance:ClusterInstance");
        expect(instances).to.have.length(2);
        for (const instance of instances) {
            expect(instance.inputs, instance.name).to.not.have.property("engineVersion");
            expect(instance.inputs.autoMinorVersionUpgrade).to.equal(true);
        }
    });
});
