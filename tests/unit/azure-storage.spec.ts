import { expect } from "chai";
import { WandbInfra, WandbInfraArgs } from "../../components/infra";
import { AzureInfraArgs } from "../../components/infra/azure/args";
import { AZURE_DEFAULTS } from "../../components/infra/azure/versions";
import { badInfraInputCases, get, one } from "../harness/assertions";
import { AZURE_DEPLOYER } from "../harness/cloud-mocks/azure";
import { OfflinePlan, runOffline } from "../harness/engine";
import { WANDB_CR_TYPE, resourcesOfType } from "../harness/plan";
import { WandbInstance } from "../../components/instance";

const base: WandbInfraArgs = { namePrefix: "wandb", fqdn: "wandb.example.com", environment: "production", products: "models", azure: { location: "eastus2", dnsZoneName: "example.com", dnsZoneResourceGroupName: "dns", acmeEmail: "ops@example.com" } };
const withAzure = (azure: Partial<AzureInfraArgs>): WandbInfraArgs => ({ ...base, azure: { ...base.azure!, ...azure } });
/** WandbInfra and the instance on it, so the custom resource shows what the app receives. */
const plan = (args: WandbInfraArgs) =>
    runOffline(() => {
        const infra = new WandbInfra("wandb", args);
        new WandbInstance("wandb", { platform: infra.platform, license: "fixture-license", environment: "production" });
    });
const SUB = `/subscriptions/${AZURE_DEPLOYER.subscriptionId}`;
const grants = (p: OfflinePlan, principalId: string) =>
    resourcesOfType(p, "azure-native:authorization:RoleAssignment")
        .filter((a) => a.inputs.principalId === principalId)
        .map((a) => `${String(a.inputs.roleDefinitionId).split("/").pop()} ${a.inputs.scope}`)
        .sort();
const appValues = (p: OfflinePlan) => (one(p, WANDB_CR_TYPE).inputs.spec as { values: Record<string, Record<string, unknown>> }).values;

describe("Azure: bring-your-own storage, bucket path prefix and the notification queue", () => {
    let byo: OfflinePlan;
    before(async () => {
        byo = await plan(withAzure({ existingStorage: { resourceGroupName: "data", accountName: "corpwandb01", containerName: "ml-files" }, bucketPath: "wandb/prod", queue: true }));
    });

    it("existing account and container: nothing created, the account key read for the bucket Secret, the CR gets account and container/prefix", () => {
        expect(resourcesOfType(byo, "azure-native:storage:StorageAccount")).to.deep.equal([]);
        expect(resourcesOfType(byo, "azure-native:storage:BlobContainer")).to.deep.equal([]);
        expect(byo.invokes.find((i) => i.token === "azure-native:storage:listStorageAccountKeys")?.inputs).to.deep.equal({ resourceGroupName: "data", accountName: "corpwandb01" });
        expect(get(appValues(byo), "global.bucket")).to.deep.include({ provider: "az", name: "corpwandb01", path: "ml-files/wandb/prod" });
    });

    it("the W&B identity's grants are scoped to its container and its queue, nothing wider", () => {
        const account = `${SUB}/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/corpwandb01`;
        expect(grants(byo, "33333333-3333-3333-3333-333333333333")).to.deep.equal(
            [`${AZURE_DEFAULTS.storageBlobDataContributorRoleId} ${account}/blobServices/default/containers/ml-files`, `${AZURE_DEFAULTS.storageQueueDataMessageProcessorRoleId} ${account}/queueServices/default/queues/wandb-file-events`].sort(),
        );
    });

    it("queue: Event Grid system topic on the account, BlobCreated under the container and prefix into a storage queue, delivered by the topic's identity with send rights on that queue only", () => {
        const account = `${SUB}/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/corpwandb01`;
        expect(one(byo, "azure-native:storage:Queue").inputs).to.deep.include({ resourceGroupName: "data", accountName: "corpwandb01", queueName: "wandb-file-events" });
        expect(one(byo, "azure-native:eventgrid:SystemTopic").inputs).to.deep.include({ source: account, topicType: "Microsoft.Storage.StorageAccounts", location: "eastus2", identity: { type: "SystemAssigned" } });
        const subscription = one(byo, "azure-native:eventgrid:SystemTopicEventSubscription");
        expect(subscription.inputs.filter).to.deep.equal({ includedEventTypes: ["Microsoft.Storage.BlobCreated"], subjectBeginsWith: "/blobServices/default/containers/ml-files/blobs/wandb/prod/", isSubjectCaseSensitive: true });
        expect(subscription.inputs.deliveryWithResourceIdentity).to.deep.equal({ identity: { type: "SystemAssigned" }, destination: { endpointType: "StorageQueue", resourceId: account, queueName: "wandb-file-events" } });
        expect(grants(byo, "88888888-8888-8888-8888-888888888888")).to.deep.equal([`${AZURE_DEFAULTS.storageQueueDataMessageSenderRoleId} ${account}/queueServices/default/queues/wandb-file-events`]);
        const sender = resourcesOfType(byo, "azure-native:authorization:RoleAssignment").find((a) => a.inputs.principalId === "88888888-8888-8888-8888-888888888888")!;
        expect(subscription.dependencies).to.include(sender.urn);
    });

    it("the app reads the queue as az://<account>/<queue>, the way W&B's Azure module names it", () => {
        expect(get(appValues(byo), "app.env.BUCKET_QUEUE")).to.equal("az://corpwandb01/wandb-file-events");
    });

    it("default: no queue, and the created container at the bucket root", async () => {
        const created = await plan(base);
        expect(resourcesOfType(created, "azure-native:storage:Queue")).to.deep.equal([]);
        expect(resourcesOfType(created, "azure-native:eventgrid:SystemTopic")).to.deep.equal([]);
        expect(get(appValues(created), "app.env.BUCKET_QUEUE")).to.equal(undefined);
        expect(get(appValues(created), "global.bucket")).to.deep.include({ path: "wandb" });
    });

    badInfraInputCases(base, [
        ["an existing storage account name with capitals", withAzure({ existingStorage: { resourceGroupName: "data", accountName: "CorpWandb", containerName: "files" } }), "azure.existingStorage.accountName", /3-24 lower-case/],
        ["an existing container name with a double hyphen", withAzure({ existingStorage: { resourceGroupName: "data", accountName: "corpwandb", containerName: "ml--files" } }), "azure.existingStorage.containerName", /container name/],
        ["a bucket path with a leading slash", withAzure({ bucketPath: "/wandb" }), "azure.bucketPath", /relative path/],
        ["a bucket path that climbs out", withAzure({ bucketPath: "wandb/../other" }), "azure.bucketPath", /relative path/],
    ]);
});
