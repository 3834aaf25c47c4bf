import { expect } from "chai";
import { WandbInfraArgs } from "../../components/infra";
import { AURORA_PARAMETER_GROUPS } from "../../components/infra/aws/database";
import { AWS_DEFAULTS } from "../../components/infra/aws/versions";
import { BUCKET_CORS, CLOUD_INSTANCE_TYPES, MYSQL_PARAMETERS } from "../../components/requirements";
import { badInfraInputCases, infraUrns, one } from "../harness/assertions";
import { OfflinePlan } from "../harness/engine";
import { WANDB_CR_TYPE, crSecretLeaks, planStack, resourcesOfType } from "../harness/plan";

type Props = Record<string, unknown>;
const policy = (json: unknown) => JSON.parse(String(json)) as { Statement: { Effect: string; Action: string | string[]; Resource?: string | string[]; Condition?: Props; Principal?: unknown }[] };
const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

describe("WandbInfra on AWS", () => {
    let dev: OfflinePlan;
    let prod: OfflinePlan;
    before(async () => {
        dev = await planStack("aws-dev");
        prod = await planStack("aws-prod");
    });

    describe("network", () => {
        it("spans 2 AZs in test and 3 in production with public, private and database subnets", () => {
            expect(resourcesOfType(dev, "aws:ec2/subnet:Subnet")).to.have.length(6);
            expect(resourcesOfType(prod, "aws:ec2/subnet:Subnet")).to.have.length(9);
            const zones = new Set(resourcesOfType(prod, "aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone));
            expect(zones.size).to.equal(3);
        });

        it("has one NAT gateway in test and one per AZ in production", () => {
            expect(resourcesOfType(dev, "aws:ec2/natGateway:NatGateway")).to.have.length(1);
            expect(resourcesOfType(prod, "aws:ec2/natGateway:NatGateway")).to.have.length(3);
        });

        it("tags subnets for the load balancer controller", () => {
            const tags = resourcesOfType(prod, "aws:ec2/subnet:Subnet").map((s) => s.inputs.tags as Record<string, string>);
            expect(tags.filter((t) => t["kubernetes.io/role/elb"] === "1")).to.have.length(3);
            expect(tags.filter((t) => t["kubernetes.io/role/internal-elb"] === "1")).to.have.length(3);
        });
    });

    describe("cluster", () => {
        it("runs EKS >= 1.34 with the private endpoint, KMS-encrypted secrets and control-plane logs", () => {
            const cluster = one(prod, "aws:eks/cluster:Cluster").inputs;
            expect(cluster.version).to.equal(AWS_DEFAULTS.kubernetesVersion);
            expect(cluster.vpcConfig).to.deep.include({ endpointPrivateAccess: true, publicAccessCidrs: ["198.51.100.0/24"] });
            expect((cluster.encryptionConfig as { resources: string[] }).resources).to.deep.equal(["secrets"]);
            expect(cluster.enabledClusterLogTypes).to.include.members(["api", "audit"]);
            expect(cluster.deletionProtection).to.equal(true);
            expect(one(dev, "aws:eks/cluster:Cluster").inputs.deletionProtection).to.equal(false);
        });

        it("sizes x86 AL2023 nodes from the reference table, >= 3 nodes, autoscaling in production", () => {
            const devNodes = one(dev, "aws:eks/nodeGroup:NodeGroup").inputs;
            expect(devNodes.amiType).to.equal("AL2023_x86_64_STANDARD");
            expect(devNodes.instanceTypes).to.deep.equal([CLOUD_INSTANCE_TYPES.aws.test.kubernetes.models]);
            expect(devNodes.scalingConfig).to.deep.equal({ minSize: 3, desiredSize: 3, maxSize: 3 });
            const prodNodes = one(prod, "aws:eks/nodeGroup:NodeGroup");
            expect(prodNodes.inputs.instanceTypes).to.deep.equal([CLOUD_INSTANCE_TYPES.aws.production.kubernetes["models-and-weave"]]);
            expect(prodNodes.inputs.scalingConfig).to.deep.equal({ minSize: 3, desiredSize: 3, maxSize: 6 });
            expect(prodNodes.options.ignoreChanges).to.deep.equal(["scalingConfig.desiredSize"]);
        });

        it("requires IMDSv2 and encrypted gp3 root volumes", () => {
            const template = one(prod, "aws:ec2/launchTemplate:LaunchTemplate").inputs;
            expect(template.metadataOptions).to.deep.include({ httpTokens: "required" });
            expect((template.blockDeviceMappings as { ebs: Props }[])[0].ebs).to.deep.include({ volumeType: "gp3", encrypted: "true", volumeSize: 100 });
        });

        it("installs the EBS CSI driver with its own IRSA role and a default gp3 StorageClass", () => {
            const addons = resourcesOfType(prod, "aws:eks/addon:Addon").map((a) => a.inputs);
            const ebs = addons.find((a) => a.addonName === "aws-ebs-csi-driver");
            expect(ebs?.serviceAccountRoleArn).to.match(/role\/wandb-prod-ebs-csi$/);
            const storageClass = one(prod, "kubernetes:storage.k8s.io/v1:StorageClass").inputs;
            expect(storageClass).to.deep.include({ provisioner: "ebs.csi.aws.com", volumeBindingMode: "WaitForFirstConsumer" });
            expect((storageClass.parameters as Props).type).to.equal("gp3");
            expect((storageClass.metadata as { annotations: Props }).annotations["storageclass.kubernetes.io/is-default-class"]).to.equal("true");
        });

        it("grants the admins cluster access through access entries", () => {
            expect(one(prod, "aws:eks/accessEntry:AccessEntry").inputs.principalArn).to.equal("arn:aws:iam::123456789012:role/platform-admins");
            expect(one(prod, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").inputs.policyArn).to.match(/AmazonEKSClusterAdminPolicy$/);
        });
    });

    describe("database", () => {
        it("sets the six W&B parameters across the cluster and instance groups", () => {
            const values = new Map<string, string>();
            for (const type of ["aws:rds/clusterParameterGroup:ClusterParameterGroup", "aws:rds/parameterGroup:ParameterGroup"]) {
                for (const p of one(prod, type).inputs.parameters as { name: string; value: string }[]) {
                    values.set(p.name, p.value);
                }
            }
            for (const name of [...AURORA_PARAMETER_GROUPS.cluster, ...AURORA_PARAMETER_GROUPS.instance]) {
                expect(values.get(name), name).to.equal(MYSQL_PARAMETERS[name]);
            }
        });

        it("runs Aurora MySQL >= 3.05.2, encrypted, with backups and production protection", () => {
            const devCluster = one(dev, "aws:rds/cluster:Cluster");
            const prodCluster = one(prod, "aws:rds/cluster:Cluster");
            expect(prodCluster.inputs).to.deep.include({ engine: "aurora-mysql", engineVersion: AWS_DEFAULTS.auroraEngineVersion, storageEncrypted: true, backupRetentionPeriod: 14, deletionProtection: true, skipFinalSnapshot: false });
            expect(devCluster.inputs).to.deep.include({ backupRetentionPeriod: 7, deletionProtection: false });
            expect(prodCluster.options.protect).to.equal(true);
            expect(devCluster.options.protect).to.equal(false);
            expect(prodCluster.secretPaths).to.include("masterPassword");
        });

        it("uses the table's instance class; production adds a failover instance", () => {
            expect(resourcesOfType(dev, "aws:rds/clusterInstance:ClusterInstance").map((i) => i.inputs.instanceClass)).to.deep.equal([CLOUD_INSTANCE_TYPES.aws.test.mysql]);
            expect(resourcesOfType(prod, "aws:rds/clusterInstance:ClusterInstance").map((i) => i.inputs.instanceClass)).to.deep.equal([CLOUD_INSTANCE_TYPES.aws.production.mysql, CLOUD_INSTANCE_TYPES.aws.production.mysql]);
        });

        it("is reachable from the cluster's private subnets only, without waiting for the cluster", () => {
            const privateCidrs = resourcesOfType(prod, "aws:ec2/subnet:Subnet").filter((s) => s.name.includes("-private-")).map((s) => s.inputs.cidrBlock);
            const groups = resourcesOfType(prod, "aws:ec2/securityGroup:SecurityGroup");
            expect(groups).to.have.length(2);
            for (const group of groups) {
                const ingress = group.inputs.ingress as { cidrBlocks: string[]; fromPort: number }[];
                expect(ingress.map((rule) => rule.cidrBlocks).flat().sort(), group.name).to.deep.equal([...privateCidrs].sort());
                const cluster = one(prod, "aws:eks/cluster:Cluster");
                expect(group.dependencies, group.name).to.not.include(cluster.urn);
            }
        });
    });

    describe("cache, storage, identity, TLS", () => {
        it("ElastiCache Redis 7 with TLS, AUTH and KMS; multi-AZ failover in production", () => {
            const redis = one(prod, "aws:elasticache/replicationGroup:ReplicationGroup");
            expect(redis.inputs).to.deep.include({ engine: "redis", engineVersion: "7.1", transitEncryptionEnabled: true, atRestEncryptionEnabled: true, automaticFailoverEnabled: true, multiAzEnabled: true, numCacheClusters: 2 });
            expect(redis.secretPaths).to.include("authToken");
        });

        it("S3: KMS encryption with rotation, versioning, public access blocked, TLS-only, W&B CORS for the host", () => {
            expect(one(prod, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).to.deep.equal([
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:us-west-2:123456789012:key/wandb-bucket-key-0000" }, bucketKeyEnabled: true },
            ]);
            expect(resourcesOfType(prod, "aws:kms/key:Key").every((k) => k.inputs.enableKeyRotation === true)).to.equal(true);
            expect(one(prod, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
            expect(one(prod, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).to.deep.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
            const [rule] = one(prod, "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration").inputs.corsRules as Props[];
            expect(rule).to.deep.include({ allowedMethods: [...BUCKET_CORS.allowedMethods], allowedOrigins: ["https://wandb.ml.example.com"], exposeHeaders: ["ETag"] });
            const deny = policy(one(prod, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy).Statement[0];
            expect(deny).to.deep.include({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
        });

        it("the W&B pod role is IRSA-bound to wandb/wandb and limited to the bucket, its key and the queue", () => {
            const role = resourcesOfType(prod, "aws:iam/role:Role").find((r) => r.inputs.name === "wandb-prod-wandb-pods")!;
            const trust = policy(role.inputs.assumeRolePolicy).Statement[0];
            expect(trust.Action).to.equal("sts:AssumeRoleWithWebIdentity");
            expect(JSON.stringify(trust.Condition)).to.include("system:serviceaccount:wandb:wandb");
            const inline = resourcesOfType(prod, "aws:iam/rolePolicy:RolePolicy").find((p) => p.urn.includes("wandb-pods"))!;
            const statements = policy(inline.inputs.policy).Statement;
            for (const statement of statements) {
                expect(asList(statement.Action).some((a) => a === "s3:*" || a === "*"), JSON.stringify(statement)).to.equal(false);
                expect(asList(statement.Resource).includes("*"), JSON.stringify(statement)).to.equal(false);
            }
            const resources = statements.flatMap((s) => asList(s.Resource));
            expect(resources).to.include.members(["arn:aws:s3:::wandb-prod-wandb-20261124000000000001", "arn:aws:s3:::wandb-prod-wandb-20261124000000000001/*"]);
            expect(resources.some((r) => r.startsWith("arn:aws:kms:"))).to.equal(true);
            expect(resources.some((r) => r.startsWith("arn:aws:sqs:"))).to.equal(true);
            // The node role has no bucket access: only the EKS worker managed policies.
            const nodeAttachments = resourcesOfType(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === "wandb-prod-eks-nodes");
            expect(nodeAttachments.map((a) => String(a.inputs.policyArn).split("/").pop()).sort()).to.deep.equal(["AmazonEC2ContainerRegistryReadOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy"]);
        });

        it("ACM certificate validated in the zone; pinned load balancer controller; ALB on HTTPS 443 only", () => {
            expect(one(prod, "aws:acm/certificate:Certificate").inputs).to.deep.include({ domainName: "wandb.ml.example.com", validationMethod: "DNS" });
            expect(one(prod, "aws:route53/record:Record").inputs.zoneId).to.equal("Z0123456789EXAMPLEPRD");
            const releases = resourcesOfType(prod, "kubernetes:helm.sh/v3:Release").map((r) => r.inputs);
            expect(releases.find((r) => r.chart === "aws-load-balancer-controller")?.version).to.equal(AWS_DEFAULTS.loadBalancerControllerChart.version);
            const ingress = (one(prod, WANDB_CR_TYPE).inputs.spec as { values: { ingress: { class: string; annotations: Record<string, string> } } }).values.ingress;
            expect(ingress.class).to.equal("alb");
            expect(ingress.annotations).to.include({
                "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]',
                "alb.ingress.kubernetes.io/ssl-policy": AWS_DEFAULTS.albSslPolicy,
                "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:us-west-2:123456789012:certificate/wandb-certificate",
            });
            const devIngress = (one(dev, WANDB_CR_TYPE).inputs.spec as { values: { ingress: { annotations: Record<string, string> } } }).values.ingress;
            expect(devIngress.annotations["alb.ingress.kubernetes.io/inbound-cidrs"]).to.equal("10.0.0.0/8,203.0.113.0/24");
        });
    });

    describe("the W&B custom resource", () => {
        it("receives the platform's values: writer endpoint, Redis primary, bucket, IRSA, queue", () => {
            const values = (one(prod, WANDB_CR_TYPE).inputs.spec as { values: Record<string, Props> }).values;
            const global = values.global as Record<string, Props>;
            expect(global.mysql.host).to.equal("wandb-prod-wandb.cluster-c0example.us-west-2.rds.amazonaws.com");
            expect(global.redis).to.deep.include({ host: "master.wandb-prod-wandb.abc123.usw2.cache.amazonaws.com", port: 6379, params: { tls: "true" } });
            expect(global.bucket).to.deep.include({ provider: "s3", name: "wandb-prod-wandb-20261124000000000001", region: "us-east-1" });
            expect(values.redis).to.deep.equal({ install: false });
            expect((values.app as { serviceAccount: Props; env: Props }).serviceAccount).to.deep.equal({ name: "wandb", create: false });
            expect((values.app as { env: Props }).env).to.deep.equal({ BUCKET_QUEUE: "sqs://wandb-prod-wandb-files" });
            const account = one(prod, "kubernetes:core/v1:ServiceAccount").inputs.metadata as { annotations: Props };
            expect(account.annotations["eks.amazonaws.com/role-arn"]).to.equal("arn:aws:iam::123456789012:role/wandb-prod-wandb-pods");
        });

        it("holds no plaintext secret; the kubeconfig stack output is a secret", () => {
            expect(prod.outputs.kubeconfig).to.equal("[secret]");
            expect(crSecretLeaks(prod)).to.deep.equal([]);
            expect(crSecretLeaks(dev)).to.deep.equal([]);
        });
    });

    describe("stateful resources across size and version changes", () => {
        const STATEFUL = ["aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance", "aws:s3/bucket:Bucket", "aws:kms/key:Key", "aws:elasticache/replicationGroup:ReplicationGroup"];
        const base: WandbInfraArgs = {
            namePrefix: "wandb",
            fqdn: "wandb.example.com",
            environment: "production",
            products: "models",
            aws: { region: "us-west-2", hostedZoneId: "Z0123456789ABCDEFGHIJ", hostedZoneName: "example.com", publicAccessCidrs: ["203.0.113.0/24"] },
        };
        const statefulUrns = (args: WandbInfraArgs) => infraUrns(args, STATEFUL);

        it("keep their URNs when node size, database class and Kubernetes version change", async () => {
            const before = await statefulUrns(base);
            const after = await statefulUrns({ ...base, products: "models-and-weave", kubernetesVersion: "1.35", sizes: { databaseInstanceType: "db.r6g.4xlarge", nodeInstanceType: "r6i.8xlarge", nodeCount: 4 } });
            expect(before.length).to.be.greaterThan(5);
            expect(after).to.deep.equal(before);
        });
    });

    describe("bad input", () => {
        const base: WandbInfraArgs = { namePrefix: "wandb", fqdn: "wandb.example.com", environment: "test", products: "models", aws: { region: "us-west-2", hostedZoneId: "Z0123456789ABCDEFGHIJ", hostedZoneName: "example.com", publicAccessCidrs: ["203.0.113.0/24"] } };
        badInfraInputCases(base, [
            ["a Graviton node type", { sizes: { nodeInstanceType: "m7g.2xlarge" } }, "sizes.nodeInstanceType", /x86-64/],
            ["an Aurora version below 3.05.2", { aws: { ...base.aws!, auroraEngineVersion: "8.0.mysql_aurora.3.04.1" } }, "aws.auroraEngineVersion", /3\.05\.2 or newer/],
            ["an FQDN outside the hosted zone", { fqdn: "wandb.other.org" }, "fqdn", /inside the hosted zone example\.com/],
            ["production without Redis", { environment: "production", aws: { ...base.aws!, redis: false } }, "aws.redis", /in-cluster Redis/],
            ["backups below 7 days", { aws: { ...base.aws!, backupRetentionDays: 3 } }, "aws.backupRetentionDays", />= 7/],
            ["too few availability zones for production", { environment: "production", aws: { ...base.aws!, availabilityZones: ["us-west-2a", "us-west-2b"] } }, "aws.availabilityZones", /at least 3/],
            ["Kubernetes 1.33", { kubernetesVersion: "1.33" }, "kubernetesVersion", /1\.34 or newer/],
            ["2 nodes", { sizes: { nodeCount: 2 } }, "sizes.nodeCount", />= 3/],
            ["aws and azure together", { azure: { location: "eastus2", dnsZoneName: "example.com", dnsZoneResourceGroupName: "dns", acmeEmail: "ops@example.com" } }, "aws and azure", /exactly one/],
        ]);
    });
});
