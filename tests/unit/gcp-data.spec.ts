import { expect } from "chai";
import { WandbInfraArgs } from "../../components/infra";
import { GcpInfraArgs } from "../../components/infra/gcp/args";
import { CLOUD_SQL_FLAGS } from "../../components/infra/gcp/database";
import { DATABASE_CPU_ALERT, MYSQL_PARAMETERS } from "../../components/requirements";
import { badInfraInputCases, get, infraPlan, infraUrns, one } from "../harness/assertions";
import { OfflinePlan } from "../harness/engine";
import { WANDB_CR_TYPE, planStack, resourcesOfType } from "../harness/plan";

type Props = Record<string, unknown>;
const gcpBase: GcpInfraArgs = { project: "ml-platform-test", region: "us-central1", managedZone: "example-com", managedZoneDnsName: "example.com.", masterAuthorizedCidrs: ["203.0.113.0/24"] };
const base: WandbInfraArgs = { namePrefix: "wandb", fqdn: "wandb.example.com", environment: "production", products: "models", gcp: gcpBase };
const withGcp = (gcp: Partial<GcpInfraArgs>): WandbInfraArgs => ({ ...base, gcp: { ...gcpBase, ...gcp } });
const AGENT = { gcs: "service-123456789012@gs-project-accounts.iam.gserviceaccount.com", cloudsql: "service-123456789012@gcp-sa-cloud-sql.iam.gserviceaccount.com", redis: "service-123456789012@cloud-redis.iam.gserviceaccount.com", pubsub: "service-123456789012@gcp-sa-pubsub.iam.gserviceaccount.com" };
const byoKey = (name: string) => `projects/security/locations/us-central1/keyRings/central/cryptoKeys/${name}`;

/** `<key id> <member>` for every encrypter/decrypter grant. */
function keyGrants(plan: OfflinePlan): string[] {
    return resourcesOfType(plan, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember")
        .map((grant) => `${String(grant.inputs.cryptoKeyId).split("/").pop()} ${String(grant.inputs.member).replace(/^serviceAccount:/, "")} ${grant.inputs.role}`)
        .sort();
}

describe("GCP data: customer-managed keys, bring-your-own bucket and prefix, database CPU alert, restore", () => {
    it("CMEK for Cloud SQL, Memorystore and Pub/Sub: one rotating key each, each service agent encrypt/decrypt on its own key only", async () => {
        const plan = await infraPlan(withGcp({ queue: true, encryption: { database: { enabled: true }, cache: { enabled: true } } }));
        const keys = resourcesOfType(plan, "gcp:kms/cryptoKey:CryptoKey");
        expect(keys.map((key) => key.inputs.name).sort()).to.deep.equal(["wandb-bucket", "wandb-cache", "wandb-database", "wandb-queue"]);
        expect(new Set(keys.map((key) => key.inputs.rotationPeriod))).to.deep.equal(new Set(["7776000s"]));
        expect(keys.every((key) => key.options.protect === true)).to.equal(true);
        expect(get(one(plan, "gcp:sql/databaseInstance:DatabaseInstance").inputs, "encryptionKeyName")).to.match(/cryptoKeys\/wandb-database$/);
        expect(one(plan, "gcp:redis/instance:Instance").inputs.customerManagedKey).to.match(/cryptoKeys\/wandb-cache$/);
        expect(one(plan, "gcp:pubsub/topic:Topic").inputs.kmsKeyName).to.match(/cryptoKeys\/wandb-queue$/);
        const role = "roles/cloudkms.cryptoKeyEncrypterDecrypter";
        expect(keyGrants(plan)).to.deep.equal(
            [`wandb-bucket ${AGENT.gcs} ${role}`, `wandb-bucket wandb-wandb@ml-platform-test.iam.gserviceaccount.com ${role}`, `wandb-cache ${AGENT.redis} ${role}`, `wandb-database ${AGENT.cloudsql} ${role}`, `wandb-queue ${AGENT.pubsub} ${role}`].sort(),
        );
        // The services wait for their agent's grant, or creation fails on a key they cannot use.
        const grantOn = (key: string) => resourcesOfType(plan, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember").find((grant) => String(grant.inputs.cryptoKeyId).endsWith(`/${key}`) && !String(grant.inputs.member).includes("wandb-wandb"))!.urn;
        expect(one(plan, "gcp:sql/databaseInstance:DatabaseInstance").dependencies).to.include(grantOn("wandb-database"));
        expect(one(plan, "gcp:redis/instance:Instance").dependencies).to.include(grantOn("wandb-cache"));
        expect(one(plan, "gcp:pubsub/topic:Topic").dependencies).to.include(grantOn("wandb-queue"));
    });

    it("bring your own keys: the given keys are used and granted, no key is created for those services", async () => {
        const plan = await infraPlan(withGcp({ queue: true, encryption: { bucket: { kmsKeyId: byoKey("files") }, database: { kmsKeyId: byoKey("sql") }, cache: { kmsKeyId: byoKey("redis") }, queue: { kmsKeyId: byoKey("queue") } } }));
        expect(resourcesOfType(plan, "gcp:kms/cryptoKey:CryptoKey")).to.deep.equal([]);
        expect(one(plan, "gcp:sql/databaseInstance:DatabaseInstance").inputs.encryptionKeyName).to.equal(byoKey("sql"));
        expect(one(plan, "gcp:redis/instance:Instance").inputs.customerManagedKey).to.equal(byoKey("redis"));
        expect(one(plan, "gcp:pubsub/topic:Topic").inputs.kmsKeyName).to.equal(byoKey("queue"));
        expect(get(one(plan, "gcp:storage/bucket:Bucket").inputs, "encryption.defaultKmsKeyName")).to.equal(byoKey("files"));
        expect(keyGrants(plan).map((grant) => grant.split(" ").slice(0, 2).join(" "))).to.deep.equal(
            [`files ${AGENT.gcs}`, "files wandb-wandb@ml-platform-test.iam.gserviceaccount.com", `queue ${AGENT.pubsub}`, `redis ${AGENT.redis}`, `sql ${AGENT.cloudsql}`].sort(),
        );
    });

    it("without encryption options the database and cache keep Google-managed encryption and their inputs (no replacement of existing instances)", async () => {
        const plan = await infraPlan(base);
        const sql = one(plan, "gcp:sql/databaseInstance:DatabaseInstance");
        for (const key of ["encryptionKeyName", "clone", "restoreBackupContext"]) {
            expect(sql.inputs, key).to.not.have.property(key);
        }
        expect(one(plan, "gcp:redis/instance:Instance").inputs).to.not.have.property("customerManagedKey");
        expect(resourcesOfType(plan, "gcp:kms/cryptoKey:CryptoKey").map((key) => key.inputs.name)).to.deep.equal(["wandb-bucket"]);
    });

    it("stateful resources keep their URNs with every new option (keys, restore, prefix, allow-list, alert channels)", async () => {
        const STATEFUL = ["gcp:sql/databaseInstance:DatabaseInstance", "gcp:storage/bucket:Bucket", "gcp:kms/cryptoKey:CryptoKey", "gcp:kms/keyRing:KeyRing", "gcp:redis/instance:Instance"];
        const before = await infraUrns(base, STATEFUL);
        const after = await infraUrns(
            withGcp({ encryption: { database: { enabled: true } }, restore: { sourceInstance: "wandb-mysql", backupRunId: 42 }, bucketPath: "wandb/prod", allowedInboundCidrs: ["198.51.100.0/24"], alertNotificationChannels: ["projects/ml-platform-test/notificationChannels/1"] }),
            STATEFUL,
        );
        expect(after.filter((urn) => before.includes(urn))).to.deep.equal(before);
    });

    it("bring your own bucket with a prefix: no bucket or bucket key created, W&B confined to the prefix by an IAM condition, notifications only under it", async () => {
        const plan = await infraPlan(withGcp({ existingBucketName: "corp-ml-artifacts", bucketPath: "wandb/prod", queue: true }));
        expect(resourcesOfType(plan, "gcp:storage/bucket:Bucket")).to.deep.equal([]);
        expect(resourcesOfType(plan, "gcp:kms/cryptoKey:CryptoKey").map((key) => key.inputs.name)).to.deep.equal(["wandb-queue"]);
        const grant = one(plan, "gcp:storage/bucketIAMMember:BucketIAMMember").inputs;
        expect(grant).to.deep.include({ bucket: "corp-ml-artifacts", role: "roles/storage.objectAdmin" });
        const expression = String(get(grant, "condition.expression"));
        expect(expression).to.contain('resource.name.startsWith("projects/_/buckets/corp-ml-artifacts/objects/wandb/prod/")');
        expect(expression).to.contain('api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith("wandb/prod/")');
        expect(one(plan, "gcp:storage/notification:Notification").inputs).to.deep.include({ bucket: "corp-ml-artifacts", objectNamePrefix: "wandb/prod/" });
        expect(keyGrants(plan).some((line) => line.includes("wandb-wandb@"))).to.equal(false);
    });

    it("the prefix reaches the custom resource; without one the bucket grant has no condition", async () => {
        const prod = await planStack("gcp-prod");
        expect(one(prod, "gcp:storage/bucketIAMMember:BucketIAMMember").inputs).to.not.have.property("condition");
        const plan = await infraPlan(withGcp({ bucketPath: "wandb" }));
        expect(get(one(plan, "gcp:storage/bucketIAMMember:BucketIAMMember").inputs, "condition.title")).to.equal("wandb-bucket-path");
        const { runOffline } = await import("../harness/engine");
        const { WandbInfra } = await import("../../components/infra");
        const outputs = (await runOffline(() => ({ bucket: new WandbInfra("wandb", withGcp({ existingBucketName: "corp-ml-artifacts", bucketPath: "wandb" })).platform.bucket }))).outputs;
        expect(outputs.bucket).to.deep.equal({ provider: "gcs", name: "corp-ml-artifacts", path: "wandb" });
        const values = (one(prod, WANDB_CR_TYPE).inputs.spec as { values: { global: Props } }).values.global;
        expect(values.bucket).to.not.have.property("path");
    });

    it("database CPU alert: Cloud SQL CPU utilization above the reference threshold for the sustained window, to the given channels", async () => {
        const channels = ["projects/ml-platform-test/notificationChannels/123", "projects/ml-platform-test/notificationChannels/456"];
        const alert = one(await infraPlan(withGcp({ alertNotificationChannels: channels })), "gcp:monitoring/alertPolicy:AlertPolicy").inputs;
        expect(alert.notificationChannels).to.deep.equal(channels);
        expect(alert.combiner).to.equal("OR");
        const threshold = get(alert, "conditions.0.conditionThreshold") as Props;
        expect(threshold).to.deep.include({ comparison: "COMPARISON_GT", thresholdValue: DATABASE_CPU_ALERT.thresholdPercent / 100, duration: `${DATABASE_CPU_ALERT.sustainedMinutes * 60}s` });
        expect(threshold.filter).to.equal('resource.type = "cloudsql_database" AND metric.type = "cloudsql.googleapis.com/database/cpu/utilization" AND resource.labels.database_id = "ml-platform-test:wandb-mysql"');
        expect(one(await planStack("gcp-dev"), "gcp:monitoring/alertPolicy:AlertPolicy").inputs.notificationChannels).to.deep.equal([]);
    });

    it("restore from a backup run: restoreBackupContext on the new instance, every required flag and setting kept, wandb_local adopted, its own user", async () => {
        const fresh = one(await infraPlan(base), "gcp:sql/databaseInstance:DatabaseInstance");
        const plan = await infraPlan(withGcp({ restore: { sourceInstance: "wandb-prod-mysql", backupRunId: 1733389200000 } }));
        const restored = one(plan, "gcp:sql/databaseInstance:DatabaseInstance");
        expect(restored.inputs.restoreBackupContext).to.deep.equal({ backupRunId: 1733389200000, instanceId: "wandb-prod-mysql", project: "ml-platform-test" });
        expect(restored.inputs).to.not.have.property("clone");
        expect(restored.inputs.settings).to.deep.equal(fresh.inputs.settings);
        expect(get(restored.inputs, "settings.databaseFlags")).to.deep.equal(CLOUD_SQL_FLAGS.map((name) => ({ name, value: MYSQL_PARAMETERS[name].toLowerCase() })));
        expect(restored.inputs.databaseVersion).to.equal(fresh.inputs.databaseVersion);
        expect(restored.options.ignoreChanges).to.include.members(["clone", "restoreBackupContext"]);
        // The restored data holds wandb_local: adopted under the same URN, never created twice or dropped.
        const database = one(plan, "gcp:sql/database:Database");
        expect(database.options.importId).to.equal("projects/ml-platform-test/instances/wandb-mysql/databases/wandb_local");
        expect(database.urn).to.equal(one(await infraPlan(base), "gcp:sql/database:Database").urn);
        const user = one(plan, "gcp:sql/user:User");
        expect(user.inputs.name).to.equal("wandb-restored");
        expect(user.options.ignoreChanges).to.include("name");
    });

    it("restore by clone: the source's current state, or a point in time in another project", async () => {
        const current = one(await infraPlan(withGcp({ restore: { sourceInstance: "wandb-prod-mysql" } })), "gcp:sql/databaseInstance:DatabaseInstance").inputs;
        expect(current.clone).to.deep.equal({ sourceInstanceName: "wandb-prod-mysql" });
        const pitr = one(await infraPlan(withGcp({ restore: { sourceInstance: "wandb-prod-mysql", sourceProject: "ml-prod", pointInTime: "2026-12-01T08:00:00Z" } })), "gcp:sql/databaseInstance:DatabaseInstance").inputs;
        expect(pitr.clone).to.deep.equal({ sourceInstanceName: "wandb-prod-mysql", sourceProject: "ml-prod", pointInTime: "2026-12-01T08:00:00Z" });
        expect(pitr).to.not.have.property("restoreBackupContext");
    });

    badInfraInputCases(base, [
        ["a key id that is not a Cloud KMS key", { gcp: { ...gcpBase, encryption: { database: { kmsKeyId: "alias/sql" } } } }, "gcp.encryption.database.kmsKeyId", /Cloud KMS key id/],
        ["a database key in another region", { gcp: { ...gcpBase, encryption: { database: { kmsKeyId: "projects/s/locations/europe-west1/keyRings/r/cryptoKeys/k" } } } }, "gcp.encryption.database.kmsKeyId", /region us-central1/],
        ["a key with enabled: false", { gcp: { ...gcpBase, encryption: { cache: { enabled: false, kmsKeyId: byoKey("redis") } } } }, "gcp.encryption.cache.enabled", /only used with enabled: true/],
        ["a queue key without the queue", { gcp: { ...gcpBase, encryption: { queue: { enabled: true } } } }, "gcp.encryption.queue", /gcp.queue: true/],
        ["a bucket without CMEK", { gcp: { ...gcpBase, encryption: { bucket: { enabled: false } } } }, "gcp.encryption.bucket.enabled", /always encrypted/],
        ["a bucket path with a leading slash", { gcp: { ...gcpBase, bucketPath: "/wandb" } }, "gcp.bucketPath", /no leading or trailing/],
        ["a bucket path with '..'", { gcp: { ...gcpBase, bucketPath: "wandb/../other" } }, "gcp.bucketPath", /segments/],
        ["an invalid existing bucket name", { gcp: { ...gcpBase, existingBucketName: "Corp_Bucket!" } }, "gcp.existingBucketName", /GCS bucket name/],
        ["a notification channel that is not a channel id", { gcp: { ...gcpBase, alertNotificationChannels: ["ops@example.com"] } }, "gcp.alertNotificationChannels[0]", /notificationChannels/],
        ["a restore with both a backup run and a point in time", { gcp: { ...gcpBase, restore: { sourceInstance: "wandb-mysql", backupRunId: 1, pointInTime: "2026-12-01T08:00:00Z" } } }, "gcp.restore", /not both/],
        ["a restore point in time that is not RFC 3339 UTC", { gcp: { ...gcpBase, restore: { sourceInstance: "wandb-mysql", pointInTime: "yesterday" } } }, "gcp.restore.pointInTime", /RFC 3339/],
        ["a restore without a source instance", { gcp: { ...gcpBase, restore: { sourceInstance: "" } } }, "gcp.restore.sourceInstance", /source Cloud SQL instance/],
    ]);
});
