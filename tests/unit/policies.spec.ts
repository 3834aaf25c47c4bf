/**
 * The policy pack, driven through Pulumi's Analyzer gRPC protocol exactly as the CLI drives it
 * (tests/harness/analyzer.ts): one pack process for the file, reconfigured per test.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { POLICY_PACK_DIR } from "../harness/analyzer";
import { planStack } from "../harness/plan";
import { listStacks } from "../harness/stacks";
import { SyntheticResource } from "../harness/synthetic";
import { stackTagsFor } from "../harness/verdict";
import { AURORA_OK, CR_OK, analyze, analyzer, of, urn, usePolicyPack, withInputs } from "./policy-fixtures";

describe("policy pack through the Analyzer protocol", function () {
    this.timeout(180_000);

    usePolicyPack();

    describe("the pack", () => {
        it("is named wandb-reference-architecture, versioned from its package.json, and has PulumiPolicy.yaml", () => {
            const pkg = JSON.parse(fs.readFileSync(path.join(POLICY_PACK_DIR, "package.json"), "utf8")) as { version: string };
            expect(analyzer.pack).to.deep.equal({ name: "wandb-reference-architecture", version: pkg.version });
            expect(fs.readFileSync(path.join(POLICY_PACK_DIR, "PulumiPolicy.yaml"), "utf8")).to.match(/^runtime: nodejs$/m);
        });

        it("serves every rule family of the reference architecture", () => {
            expect(analyzer.policies.map((p) => p.name)).to.include.members([
                "mysql-parameters",
                "mysql-version",
                "kubernetes-version",
                "x86-nodes",
                "tls",
                "redis-version",
                "database-backups",
                "database-topology",
                "bucket",
                "cluster-capacity",
            ]);
        });
    });

    describe("our own stacks", () => {
        for (const stack of listStacks()) {
            it(`${stack} has zero mandatory violations, and the pack knows its environment without stack tags`, async () => {
                await analyzer.configure({});
                const diagnostics = await analyzer.analyzePlan(await planStack(stack), { stackTags: stackTagsFor(stack) });
                expect(diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => `${d.policyName}: ${d.message}`)).to.deep.equal([]);
                expect(diagnostics.filter((d) => d.policyName === "environment-known")).to.deep.equal([]);
            });
        }
    });

    describe("mysql-parameters", () => {
        it("passes Aurora with W&B's parameters in the cluster and instance groups", async () => {
            expect(of(await analyze(AURORA_OK), "mysql-parameters")).to.deep.equal([]);
        });

        it("fails binlog_format MIXED, naming the cluster", async () => {
            const broken = withInputs(AURORA_OK, "cpg", (i) => ({ ...i, parameters: [{ name: "binlog_format", value: "MIXED" }, { name: "binlog_row_image", value: "minimal" }, { name: "innodb_online_alter_log_max_size", value: "268435456" }] }));
            const found = of(await analyze(broken), "mysql-parameters");
            expect(found.map((d) => [d.urn, d.message])).to.deep.equal([[urn("aws:rds/cluster:Cluster", "aurora"), "Aurora MySQL: binlog_format is MIXED (W&B requires ROW)."]]);
        });

        it("fails a cluster whose parameter group is missing", async () => {
            const found = of(await analyze(AURORA_OK.filter((r) => r.name !== "cpg")), "mysql-parameters");
            expect(found).to.have.length(1);
            expect(found[0].message).to.match(/no DB cluster parameter group/);
        });

        it("fails a weakened sync_binlog where a group sets it, on each instance that uses the group", async () => {
            const weakened = withInputs(AURORA_OK, "ipg", (i) => ({ ...i, parameters: [{ name: "sort_buffer_size", value: "67108864" }, { name: "sync_binlog", value: "0" }] }));
            expect(of(await analyze(weakened), "mysql-parameters").map((d) => [d.urn.split("::").pop(), d.message])).to.deep.equal([
                ["aurora-1", "Aurora MySQL instance: sync_binlog is 0 (W&B requires 1)."],
                ["aurora-2", "Aurora MySQL instance: sync_binlog is 0 (W&B requires 1)."],
            ]);
        });

        it("Cloud SQL: fails missing flags, does not demand what Cloud SQL fixes", async () => {
            const sql = (flags: { name: string; value: string }[]): SyntheticResource => ({ type: "gcp:sql/databaseInstance:DatabaseInstance", name: "sql", inputs: { databaseVersion: "MYSQL_8_0_41", settings: { databaseFlags: flags } } });
            expect(of(await analyze([sql([{ name: "binlog_row_image", value: "minimal" }, { name: "sort_buffer_size", value: "67108864" }])]), "mysql-parameters")).to.deep.equal([]);
            expect(of(await analyze([sql([{ name: "binlog_row_image", value: "full" }])]), "mysql-parameters").map((d) => d.message)).to.deep.equal([
                "Cloud SQL database flag binlog_row_image is full (W&B requires MINIMAL).",
                "Cloud SQL database flag sort_buffer_size is not set (W&B requires 67108864).",
            ]);
        });

        it("Azure: reads dbformysql Configuration resources of the server", async () => {
            const server: SyntheticResource = { type: "azure-native:dbformysql:Server", name: "mysql", inputs: { serverName: "wandb-mysql", version: "8.0.21" } };
            const config = (name: string, value: string): SyntheticResource => ({ type: "azure-native:dbformysql:Configuration", name: `cfg-${name}`, inputs: { serverName: "wandb-mysql", configurationName: name, value } });
            expect(of(await analyze([server, config("binlog_row_image", "MINIMAL"), config("sort_buffer_size", "67108864")]), "mysql-parameters")).to.deep.equal([]);
            expect(of(await analyze([server, config("binlog_row_image", "MINIMAL")]), "mysql-parameters")).to.have.length(1);
        });
    });

    describe("mysql-version", () => {
        it("fails Aurora below 3.05.2 and passes 3.05.2", async () => {
            const aurora = (engineVersion: string) => withInputs(AURORA_OK, "aurora", (i) => ({ ...i, engineVersion }));
            expect(of(await analyze(aurora("8.0.mysql_aurora.3.04.3")), "mysql-version").map((d) => d.message)).to.deep.equal(["Aurora MySQL 3.04.3 is older than 3.05.2."]);
            expect(of(await analyze(aurora("8.0.mysql_aurora.3.05.2")), "mysql-version")).to.deep.equal([]);
        });

        it("fails Cloud SQL 8.0.31 and MySQL 8.4; passes 8.0.32; advises below 8.0.44", async () => {
            const sql = (databaseVersion: string): SyntheticResource[] => [{ type: "gcp:sql/databaseInstance:DatabaseInstance", name: "sql", inputs: { databaseVersion } }];
            expect(of(await analyze(sql("MYSQL_8_0_31")), "mysql-version").map((d) => d.message)).to.deep.equal(["MySQL 8.0.31 is older than 8.0.32."]);
            expect(of(await analyze(sql("MYSQL_8_4")), "mysql-version")).to.have.length(1);
            const ok = await analyze(sql("MYSQL_8_0_32"));
            expect(of(ok, "mysql-version")).to.deep.equal([]);
            expect(of(ok, "mysql-version-recommended").map((d) => d.enforcementLevel)).to.deep.equal(["advisory"]);
        });

        it("a stricter configured minimum changes the verdict", async () => {
            const sql: SyntheticResource[] = [{ type: "gcp:sql/databaseInstance:DatabaseInstance", name: "sql", inputs: { databaseVersion: "MYSQL_8_0_40" } }];
            expect(of(await analyze(sql), "mysql-version")).to.deep.equal([]);
            expect(of(await analyze(sql, { config: { "mysql-version": { minMysqlVersion: "8.0.44" } } }), "mysql-version")).to.have.length(1);
        });
    });

    describe("kubernetes-version", () => {
        const eks = (version: string): SyntheticResource => ({ type: "aws:eks/cluster:Cluster", name: "eks", inputs: { version } });
        it("fails EKS 1.31, GKE 1.33 and AKS 1.30; passes 1.34", async () => {
            expect(of(await analyze([eks("1.31")]), "kubernetes-version").map((d) => d.message)).to.deep.equal(["version 1.31 is older than Kubernetes 1.34."]);
            expect(of(await analyze([{ type: "gcp:container/cluster:Cluster", name: "gke", inputs: { minMasterVersion: "1.33.5-gke.100" } }]), "kubernetes-version")).to.have.length(1);
            expect(of(await analyze([{ type: "azure-native:containerservice:ManagedCluster", name: "aks", inputs: { kubernetesVersion: "1.30" } }]), "kubernetes-version")).to.have.length(1);
            expect(of(await analyze([eks("1.34")]), "kubernetes-version")).to.deep.equal([]);
        });

        it("a stricter minimum fails 1.34; a disabled rule reports nothing", async () => {
            expect(of(await analyze([eks("1.34")], { config: { "kubernetes-version": { minVersion: "1.35" } } }), "kubernetes-version")).to.have.length(1);
            expect(of(await analyze([eks("1.20")], { config: { "kubernetes-version": "disabled" } }), "kubernetes-version")).to.deep.equal([]);
        });
    });

    describe("x86-nodes", () => {
        it("fails Arm node groups, machine types and VM sizes", async () => {
            const found = of(
                await analyze([
                    { type: "aws:eks/nodeGroup:NodeGroup", name: "arm-ami", inputs: { amiType: "AL2023_ARM_64_STANDARD", instanceTypes: ["r6i.large"] } },
                    { type: "aws:eks/nodeGroup:NodeGroup", name: "graviton", inputs: { amiType: "AL2023_x86_64_STANDARD", instanceTypes: ["r7g.xlarge"] } },
                    { type: "gcp:container/nodePool:NodePool", name: "axion", inputs: { nodeConfig: { machineType: "c4a-highmem-8" } } },
                    { type: "gcp:container/nodePool:NodePool", name: "tau", inputs: { nodeConfig: { machineType: "t2a-standard-4" } } },
                    { type: "azure-native:containerservice:AgentPool", name: "cobalt", inputs: { vmSize: "Standard_D4ps_v5" } },
                ]),
                "x86-nodes",
            );
            expect(found.map((d) => d.urn.split("::").pop()).sort()).to.deep.equal(["arm-ami", "axion", "cobalt", "graviton", "tau"]);
        });

        it("passes x86 nodes and never flags the Graviton database classes", async () => {
            const found = of(
                await analyze([
                    ...AURORA_OK,
                    { type: "aws:eks/nodeGroup:NodeGroup", name: "x86", inputs: { amiType: "AL2023_x86_64_STANDARD", instanceTypes: ["r6i.2xlarge"] } },
                    { type: "gcp:container/nodePool:NodePool", name: "n2", inputs: { nodeConfig: { machineType: "n2-highmem-8" } } },
                    { type: "azure-native:containerservice:AgentPool", name: "e8", inputs: { vmSize: "Standard_E8_v5" } },
                ]),
                "x86-nodes",
            );
            expect(found).to.deep.equal([]);
        });
    });

    describe("tls", () => {
        const cr = (values: Record<string, unknown>): SyntheticResource => ({ ...CR_OK, inputs: { ...CR_OK.inputs, spec: { values } } });
        it("fails an http:// host and an ingress without TLS", async () => {
            const found = of(await analyze([cr({ global: { host: "http://wandb.example.com" }, ingress: { class: "nginx" } })]), "tls");
            expect(found.map((d) => d.message)).to.deep.equal([
                'global.host "http://wandb.example.com" is not https://: W&B needs TLS terminated at the ingress.',
                "the W&B ingress: no TLS for wandb.example.com: no tls entry with a secretName covers it and no load-balancer certificate annotation.",
            ]);
        });

        it("passes a TLS secret, and an ALB with a certificate and HTTPS only; fails plain HTTP on the ALB", async () => {
            expect(of(await analyze([CR_OK]), "tls")).to.deep.equal([]);
            const alb = (listenPorts: string) =>
                cr({ global: { host: "https://w.example.com" }, ingress: { class: "alb", annotations: { "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:us-west-2:1:certificate/x", "alb.ingress.kubernetes.io/listen-ports": listenPorts } } });
            expect(of(await analyze([alb('[{"HTTPS":443}]')]), "tls")).to.deep.equal([]);
            expect(of(await analyze([alb('[{"HTTP":80},{"HTTPS":443}]')]), "tls")).to.have.length(1);
        });

        it("fails self-signed certificates and issuers", async () => {
            const found = of(
                await analyze([
                    { type: "tls:index/selfSignedCert:SelfSignedCert", name: "self", inputs: { privateKeyPem: "x" } },
                    { type: "kubernetes:cert-manager.io/v1:ClusterIssuer", name: "issuer", inputs: { spec: { selfSigned: {} } } },
                    { type: "kubernetes:cert-manager.io/v1:ClusterIssuer", name: "acme", inputs: { spec: { acme: { server: "https://acme-v02.api.letsencrypt.org/directory" } } } },
                ]),
                "tls",
            );
            expect(found.map((d) => d.urn.split("::").pop()).sort()).to.deep.equal(["issuer", "self"]);
        });
    });

    describe("redis-version", () => {
        it("fails Redis 6 everywhere and passes 7", async () => {
            const found = of(
                await analyze([
                    { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "ec6", inputs: { engine: "redis", engineVersion: "6.2" } },
                    { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "ec7", inputs: { engine: "redis", engineVersion: "7.1" } },
                    { type: "gcp:redis/instance:Instance", name: "ms6", inputs: { redisVersion: "REDIS_6_X" } },
                    { type: "gcp:redis/instance:Instance", name: "ms7", inputs: { redisVersion: "REDIS_7_2" } },
                    { type: "azure-native:redis:Redis", name: "classic", inputs: { redisVersion: "6" } },
                ]),
                "redis-version",
            );
            expect(found.map((d) => d.urn.split("::").pop()).sort()).to.deep.equal(["classic", "ec6", "ms6"]);
        });

        it("production refuses the in-cluster Redis; test allows it", async () => {
            const inCluster = { ...CR_OK, inputs: { ...CR_OK.inputs, spec: { values: { ...(CR_OK.inputs.spec as { values: object }).values, redis: { install: true } } } } };
            expect(of(await analyze([inCluster], { environment: "production" }), "redis-external-in-production")).to.have.length(1);
            expect(of(await analyze([inCluster], { environment: "test", config: { "redis-external-in-production": { environment: "test" } } }), "redis-external-in-production")).to.deep.equal([]);
        });
    });

    describe("database-backups and database-topology", () => {
        it("fails retention below 7 days and production without deletion protection", async () => {
            const short = withInputs(AURORA_OK, "aurora", (i) => ({ ...i, backupRetentionPeriod: 3, deletionProtection: false }));
            expect(of(await analyze(short, { environment: "production" }), "database-backups").map((d) => d.message)).to.deep.equal([
                "Backups are kept 3 day(s) (backupRetentionPeriod); W&B needs at least 7.",
                "Production database without deletion protection.",
            ]);
            expect(of(await analyze(AURORA_OK, { environment: "production" }), "database-backups")).to.deep.equal([]);
        });

        it("production Aurora needs a standby in another AZ; W&B must use the writer endpoint", async () => {
            const single = AURORA_OK.filter((r) => r.name !== "aurora-2");
            expect(of(await analyze(single, { environment: "production" }), "database-topology").map((d) => d.message)).to.deep.equal([
                "Production Aurora cluster has 1 instance(s): it needs a failover standby in another AZ (Aurora Multi-AZ).",
            ]);
            expect(of(await analyze(single, { environment: "test" }), "database-topology")).to.deep.equal([]);
            const reader = { ...CR_OK, inputs: { ...CR_OK.inputs, spec: { values: { global: { host: "https://w.example.com", mysql: { host: "wandb.cluster-ro-abc.us-west-2.rds.amazonaws.com" } } } } } };
            expect(of(await analyze([...AURORA_OK, reader], { environment: "production" }), "database-topology").map((d) => d.urn)).to.deep.equal([urn(reader.type, reader.name)]);
        });

        it("refuses read replicas and multi-primary", async () => {
            const found = of(
                await analyze([
                    { type: "gcp:sql/databaseInstance:DatabaseInstance", name: "replica", inputs: { databaseVersion: "MYSQL_8_0_41", masterInstanceName: "primary" } },
                    { type: "aws:rds/cluster:Cluster", name: "multi", inputs: { engine: "aurora-mysql", engineMode: "multimaster" } },
                    { type: "aws:appautoscaling/target:Target", name: "readers", inputs: { scalableDimension: "rds:cluster:ReadReplicaCount" } },
                ]),
                "database-topology",
            );
            expect(found.map((d) => d.urn.split("::").pop()).sort()).to.deep.equal(["multi", "readers", "replica"]);
        });
    });

    describe("bucket", () => {
        const s3: SyntheticResource[] = [
            { type: "aws:s3/bucket:Bucket", name: "bucket", inputs: { bucket: "wandb-files" } },
            { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "sse", inputs: { bucket: "wandb-files", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] } },
            { type: "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration", name: "cors", inputs: { bucket: "wandb-files", corsRules: [{ allowedMethods: ["GET", "PUT", "HEAD"], allowedOrigins: ["https://w.example.com"] }] } },
            { type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name: "pab", inputs: { bucket: "wandb-files", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } },
        ];
        it("passes an encrypted, private S3 bucket with W&B's CORS; versioning is only advised", async () => {
            const found = await analyze(s3);
            expect(of(found, "bucket")).to.deep.equal([]);
            expect(of(found, "bucket-versioning").map((d) => d.enforcementLevel)).to.deep.equal(["advisory"]);
        });

        it("fails a bucket without encryption, CORS PUT or a public access block", async () => {
            const broken = withInputs(s3, "cors", (i) => ({ ...i, corsRules: [{ allowedMethods: ["GET", "HEAD"] }] })).filter((r) => r.name !== "sse" && r.name !== "pab");
            expect(of(await analyze(broken), "bucket").map((d) => d.message)).to.deep.equal([
                "Bucket: no server-side encryption configuration.",
                "Bucket: CORS does not allow PUT.",
                "Bucket: public access is not fully blocked (BucketPublicAccessBlock with all four settings true).",
            ]);
        });

        it("GCS and Azure: public access and CORS", async () => {
            const found = of(
                await analyze([
                    { type: "gcp:storage/bucket:Bucket", name: "gcs", inputs: { cors: [{ methods: ["GET", "PUT", "HEAD"] }], publicAccessPrevention: "inherited" } },
                    { type: "azure-native:storage:StorageAccount", name: "sa", inputs: { accountName: "wandbsa", allowBlobPublicAccess: false, enableHttpsTrafficOnly: true } },
                    { type: "azure-native:storage:BlobServiceProperties", name: "blob", inputs: { accountName: "wandbsa", cors: { corsRules: [{ allowedMethods: ["GET", "HEAD"] }] } } },
                ]),
                "bucket",
            );
            expect(found.map((d) => d.message)).to.deep.equal(['Bucket: publicAccessPrevention is not "enforced".', "Bucket: blob CORS does not allow PUT."]);
        });
    });

    describe("cluster-capacity (production, advisory)", () => {
        it("advises on too few, fixed-size or undersized production nodes", async () => {
            const found = of(
                await analyze([CR_OK, { type: "aws:eks/nodeGroup:NodeGroup", name: "small", inputs: { instanceTypes: ["r6i.large"], scalingConfig: { minSize: 2, maxSize: 2, desiredSize: 2 } } }], { environment: "production" }),
                "cluster-capacity",
            );
            expect(found.map((d) => d.enforcementLevel)).to.deep.equal(["advisory", "advisory", "advisory"]);
            expect(of(await analyze([{ type: "aws:eks/nodeGroup:NodeGroup", name: "ok", inputs: { instanceTypes: ["r6i.2xlarge"], scalingConfig: { minSize: 3, maxSize: 6, desiredSize: 3 } } }], { environment: "production" }), "cluster-capacity")).to.deep.equal([]);
        });
    });

    describe("a deliberately broken stack", () => {
        it("fails with exactly one violation per break, each naming the resource", async () => {
            const broken: SyntheticResource[] = [
                ...withInputs(AURORA_OK, "cpg", (i) => ({ ...i, parameters: [{ name: "binlog_format", value: "MIXED" }, { name: "binlog_row_image", value: "minimal" }, { name: "innodb_online_alter_log_max_size", value: "268435456" }] })),
                { type: "aws:eks/cluster:Cluster", name: "eks", inputs: { version: "1.31" } },
                { type: "aws:eks/nodeGroup:NodeGroup", name: "nodes", inputs: { amiType: "AL2023_ARM_64_STANDARD", instanceTypes: ["r6i.2xlarge"], scalingConfig: { minSize: 3, maxSize: 6 } } },
                { ...CR_OK, inputs: { ...CR_OK.inputs, spec: { values: { ...(CR_OK.inputs.spec as { values: { global: object } }).values, global: { host: "http://wandb.example.com", mysql: { host: "wandb.cluster-abc.us-west-2.rds.amazonaws.com" } } } } } },
            ];
            const mandatory = (await analyze(broken, { environment: "production" })).filter((d) => d.enforcementLevel === "mandatory");
            expect(mandatory.map((d) => [d.policyName, d.urn.split("::").pop()])).to.have.deep.members([
                ["mysql-parameters", "aurora"],
                ["kubernetes-version", "eks"],
                ["x86-nodes", "nodes"],
                ["tls", "wandb-cr"],
            ]);
        });
    });
});
