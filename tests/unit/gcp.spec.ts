import { expect } from "chai";
import { WandbInfraArgs } from "../../components/infra";
import { CLOUD_SQL_FLAGS } from "../../components/infra/gcp/database";
import { GCP_DEFAULTS } from "../../components/infra/gcp/versions";
import { BUCKET_CORS, CLOUD_INSTANCE_TYPES, MYSQL_DATABASE, MYSQL_PARAMETERS } from "../../components/requirements";
import { badInfraInputCases, get, infraUrns, one } from "../harness/assertions";
import { OfflinePlan } from "../harness/engine";
import { WANDB_CR_TYPE, crSecretLeaks, planStack, resourcesOfType } from "../harness/plan";

type Props = Record<string, unknown>;

describe("WandbInfra on GCP", () => {
    let dev: OfflinePlan;
    let prod: OfflinePlan;
    before(async () => {
        dev = await planStack("gcp-dev");
        prod = await planStack("gcp-prod");
    });

    it("network: subnetwork with pod/service ranges, Cloud NAT, private services access", () => {
        const subnet = one(prod, "gcp:compute/subnetwork:Subnetwork").inputs;
        expect((subnet.secondaryIpRanges as { rangeName: string }[]).map((r) => r.rangeName)).to.deep.equal(["pods", "services"]);
        expect(one(prod, "gcp:compute/routerNat:RouterNat").inputs.sourceSubnetworkIpRangesToNat).to.equal("ALL_SUBNETWORKS_ALL_IP_RANGES");
        expect(one(prod, "gcp:servicenetworking/connection:Connection").inputs.service).to.equal("servicenetworking.googleapis.com");
    });

    it("GKE: >= 1.34 through minMasterVersion on the REGULAR channel, private nodes, Workload Identity, shielded nodes; regional in production", () => {
        const cluster = one(prod, "gcp:container/cluster:Cluster").inputs;
        expect(cluster).to.deep.include({ minMasterVersion: GCP_DEFAULTS.kubernetesVersion, location: "us-central1", enableShieldedNodes: true, removeDefaultNodePool: true, deletionProtection: true });
        expect(cluster.releaseChannel).to.deep.equal({ channel: "REGULAR" });
        expect(get(cluster, "privateClusterConfig.enablePrivateNodes")).to.equal(true);
        expect(get(cluster, "workloadIdentityConfig.workloadPool")).to.equal("ml-platform-prod.svc.id.goog");
        expect(get(cluster, "addonsConfig.gcePersistentDiskCsiDriverConfig.enabled")).to.equal(true);
        expect(one(dev, "gcp:container/cluster:Cluster").inputs.location).to.equal("us-central1-a");
    });

    it("node pool: x86 machine type from the table, >= 3 nodes, autoscaling in production", () => {
        const devPool = one(dev, "gcp:container/nodePool:NodePool").inputs;
        expect(get(devPool, "nodeConfig.machineType")).to.equal(CLOUD_INSTANCE_TYPES.gcp.test.kubernetes.models);
        expect(devPool.nodeCount).to.equal(3);
        const prodPool = one(prod, "gcp:container/nodePool:NodePool").inputs;
        expect(get(prodPool, "nodeConfig.machineType")).to.equal(CLOUD_INSTANCE_TYPES.gcp.production.kubernetes["models-and-weave"]);
        expect(prodPool.autoscaling).to.deep.include({ totalMinNodeCount: 3, totalMaxNodeCount: 6 });
        expect(get(prodPool, "nodeConfig.workloadMetadataConfig.mode")).to.equal("GKE_METADATA");
    });

    it("Cloud SQL: explicit 8.0 minor, table tier on Enterprise, private IP with SSL, W&B flags, REGIONAL + protection in production", () => {
        const sql = one(prod, "gcp:sql/databaseInstance:DatabaseInstance");
        expect(sql.inputs.databaseVersion).to.equal(GCP_DEFAULTS.databaseVersion);
        const settings = sql.inputs.settings as Props;
        expect(settings).to.deep.include({ tier: CLOUD_INSTANCE_TYPES.gcp.production.mysql, edition: "ENTERPRISE", availabilityType: "REGIONAL", deletionProtectionEnabled: true });
        expect(settings.ipConfiguration).to.deep.include({ ipv4Enabled: false, sslMode: "ENCRYPTED_ONLY" });
        expect(settings.backupConfiguration).to.deep.include({ enabled: true, binaryLogEnabled: true });
        expect(get(settings, "backupConfiguration.backupRetentionSettings.retainedBackups")).to.equal(14);
        expect(settings.databaseFlags).to.deep.equal(CLOUD_SQL_FLAGS.map((name) => ({ name, value: MYSQL_PARAMETERS[name].toLowerCase() })));
        expect(sql.options.protect).to.equal(true);
        expect(get(one(dev, "gcp:sql/databaseInstance:DatabaseInstance").inputs, "settings.availabilityType")).to.equal("ZONAL");
        expect(one(prod, "gcp:sql/database:Database").inputs).to.deep.include({ name: MYSQL_DATABASE.name, charset: "utf8mb4" });
        expect(one(prod, "gcp:sql/user:User").secretPaths).to.include("password");
    });

    it("Memorystore: Redis 7.2, STANDARD_HA in production, AUTH and TLS; its CA goes to the custom resource", () => {
        const redis = one(prod, "gcp:redis/instance:Instance").inputs;
        expect(redis).to.deep.include({ redisVersion: "REDIS_7_2", tier: "STANDARD_HA", authEnabled: true, transitEncryptionMode: "SERVER_AUTHENTICATION", connectMode: "PRIVATE_SERVICE_ACCESS" });
        const global = (one(prod, WANDB_CR_TYPE).inputs.spec as { values: { global: Record<string, Props> } }).values.global;
        expect(global.redis).to.deep.include({ host: "10.100.1.4", port: 6378 });
        expect(String(global.redis.caCert)).to.match(/BEGIN CERTIFICATE/);
    });

    it("GCS: uniform access, public access prevention, versioning, soft delete, CMEK with rotation, W&B CORS", () => {
        const bucket = one(prod, "gcp:storage/bucket:Bucket");
        expect(bucket.inputs).to.deep.include({ uniformBucketLevelAccess: true, publicAccessPrevention: "enforced", forceDestroy: false });
        expect(bucket.inputs.versioning).to.deep.equal({ enabled: true });
        expect(get(bucket.inputs, "softDeletePolicy.retentionDurationSeconds")).to.equal(604800);
        expect(get(bucket.inputs, "encryption.defaultKmsKeyName")).to.match(/cryptoKeys\/wandb-prod-bucket$/);
        const keys = resourcesOfType(prod, "gcp:kms/cryptoKey:CryptoKey");
        expect(keys.map((key) => key.inputs.name).sort()).to.deep.equal(["wandb-prod-bucket", "wandb-prod-queue"]);
        expect(bucket.inputs.cors).to.deep.equal([{ origins: ["https://wandb.ml.example.com"], methods: [...BUCKET_CORS.allowedMethods], responseHeaders: ["Content-Type", "ETag"], maxAgeSeconds: 3600 }]);
        expect(keys.map((key) => key.inputs.rotationPeriod)).to.deep.equal(["7776000s", "7776000s"]);
        expect(bucket.options.protect).to.equal(true);
    });

    it("IAM: exactly the listed roles on the listed resources, nothing project-wide for W&B", () => {
        const bindings = prod.resources
            .filter((r) => /IAMMember|iAMMember/.test(r.type))
            .map((r) => `${r.type.split(":").pop()} ${r.inputs.role} ${String(r.inputs.member).replace(/^serviceAccount:/, "")}`)
            .sort();
        const wandb = "wandb-prod-wandb@ml-platform-prod.iam.gserviceaccount.com";
        const nodes = "wandb-prod-gke-nodes@ml-platform-prod.iam.gserviceaccount.com";
        const gcsAgent = "service-123456789012@gs-project-accounts.iam.gserviceaccount.com";
        const pubsubAgent = "service-123456789012@gcp-sa-pubsub.iam.gserviceaccount.com";
        expect(bindings).to.deep.equal(
            [
                `BucketIAMMember roles/storage.objectAdmin ${wandb}`,
                `CryptoKeyIAMMember roles/cloudkms.cryptoKeyEncrypterDecrypter ${gcsAgent}`,
                `CryptoKeyIAMMember roles/cloudkms.cryptoKeyEncrypterDecrypter ${pubsubAgent}`,
                `CryptoKeyIAMMember roles/cloudkms.cryptoKeyEncrypterDecrypter ${wandb}`,
                `IAMMember roles/iam.serviceAccountTokenCreator ${wandb}`,
                `IAMMember roles/iam.workloadIdentityUser ml-platform-prod.svc.id.goog[wandb/wandb]`,
                ...["roles/artifactregistry.reader", "roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/monitoring.viewer", "roles/stackdriver.resourceMetadata.writer"].map((role) => `IAMMember ${role} ${nodes}`),
                `SubscriptionIAMMember roles/pubsub.subscriber ${wandb}`,
                `TopicIAMMember roles/pubsub.publisher ${gcsAgent}`,
            ].sort(),
        );
        const projectGrants = prod.resources.filter((r) => r.type === "gcp:projects/iAMMember:IAMMember");
        const projectWide = projectGrants.filter((r) => String(r.inputs.member).includes(wandb));
        expect(projectGrants).to.have.length(5);
        expect(projectWide).to.deep.equal([]);
    });

    it("TLS and DNS: static IP, managed certificate, A record; GCE ingress HTTPS only", () => {
        expect(get(one(prod, "gcp:compute/managedSslCertificate:ManagedSslCertificate").inputs, "managed.domains")).to.deep.equal(["wandb.ml.example.com."]);
        expect(one(prod, "gcp:dns/recordSet:RecordSet").inputs).to.deep.include({ managedZone: "ml-example-com", name: "wandb.ml.example.com.", type: "A", rrdatas: ["34.120.10.20"] });
        const ingress = (one(prod, WANDB_CR_TYPE).inputs.spec as { values: { ingress: { class?: string; annotations: Props } } }).values.ingress;
        expect(ingress.class).to.equal(undefined);
        expect(ingress.annotations).to.deep.equal({
            "kubernetes.io/ingress.class": "gce",
            "kubernetes.io/ingress.global-static-ip-name": "wandb-prod-ingress",
            "ingress.gcp.kubernetes.io/pre-shared-cert": "wandb-prod-certificate",
            "kubernetes.io/ingress.allow-http": "false",
        });
    });

    it("the custom resource gets the platform's values with no plaintext secret", () => {
        const values = (one(prod, WANDB_CR_TYPE).inputs.spec as { values: Record<string, Props> }).values;
        expect((values.global as Record<string, Props>).mysql.host).to.equal("10.100.0.3");
        expect((values.global as Record<string, Props>).bucket).to.deep.equal({ provider: "gcs", name: "wandb-prod-ml-platform-prod-files" });
        expect((values.app as { env: Props }).env).to.deep.equal({ BUCKET_QUEUE: "pubsub:/ml-platform-prod/wandb-prod-files/wandb-prod-files" });
        expect(get(one(prod, "kubernetes:core/v1:ServiceAccount").inputs, "metadata.annotations")).to.deep.equal({ "iam.gke.io/gcp-service-account": "wandb-prod-wandb@ml-platform-prod.iam.gserviceaccount.com" });
        expect(crSecretLeaks(prod)).to.deep.equal([]);
        expect(crSecretLeaks(dev)).to.deep.equal([]);
    });

    const base: WandbInfraArgs = { namePrefix: "wandb", fqdn: "wandb.example.com", environment: "production", products: "models", gcp: { project: "ml-platform-test", region: "us-central1", managedZone: "example-com", managedZoneDnsName: "example.com.", masterAuthorizedCidrs: ["203.0.113.0/24"] } };
    it("stateful resources keep their URNs when sizes and versions change", async () => {
        const STATEFUL = ["gcp:sql/databaseInstance:DatabaseInstance", "gcp:sql/database:Database", "gcp:storage/bucket:Bucket", "gcp:kms/cryptoKey:CryptoKey", "gcp:kms/keyRing:KeyRing", "gcp:redis/instance:Instance"];
        const urns = (args: WandbInfraArgs) => infraUrns(args, STATEFUL);
        const before = await urns(base);
        expect(before).to.have.length(STATEFUL.length);
        expect(await urns({ ...base, products: "weave", kubernetesVersion: "1.36", sizes: { databaseInstanceType: "db-n1-highmem-16", nodeCount: 6, nodeMaxCount: 12 } })).to.deep.equal(before);
    });

    const cases: [string, Partial<WandbInfraArgs>, string, RegExp][] = [
        ["Kubernetes 1.33", { kubernetesVersion: "1.33" }, "kubernetesVersion", /1\.34 or newer/],
        ["an Arm machine type", { sizes: { nodeInstanceType: "c4a-highmem-8" } }, "sizes.nodeInstanceType", /x86-64/],
        ["fewer than 3 nodes", { sizes: { nodeCount: 1 } }, "sizes.nodeCount", />= 3/],
        ["a database version below 8.0.32", { gcp: { ...base.gcp!, databaseVersion: "MYSQL_8_0_31" } }, "gcp.databaseVersion", /8\.0\.32/],
        ["an FQDN outside the managed zone", { fqdn: "wandb.other.org" }, "fqdn", /managed zone/],
        ["production without Redis", { gcp: { ...base.gcp!, redis: false } }, "gcp.redis", /in-cluster Redis/],
        ["production without HA", { gcp: { ...base.gcp!, highAvailability: false } }, "gcp.highAvailability", /standby in another zone/],
    ];
    badInfraInputCases(base, cases);
});
