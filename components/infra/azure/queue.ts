import * as pulumi from "@pulumi/pulumi";
import { SystemTopic } from "@pulumi/azure-native/eventgrid/systemTopic";
import { SystemTopicEventSubscription } from "@pulumi/azure-native/eventgrid/systemTopicEventSubscription";
import { Queue } from "@pulumi/azure-native/storage/queue";
import { InfraScope, childName, physicalName } from "../scope";
import { AzureInfraArgs } from "./args";
import { assignRole } from "./identity";
import { AzureNetwork } from "./network";
import { AzureStorage } from "./storage";
import { AZURE_DEFAULTS } from "./versions";

/** The object-created notification queue and how W&B names it. */
export interface AzureNotificationQueue {
    /** Resource id of the queue: the scope of the W&B identity's queue role. */
    queueId: pulumi.Output<string>;
    /** The app's `BUCKET_QUEUE`: `az://<storage account>/<queue>` (the form W&B's Azure module passes). */
    bucketQueue: pulumi.Output<string>;
}

/**
 * Azure's counterpart of the S3 → SQS and GCS → Pub/Sub notifications: a storage queue in the W&B
 * storage account, fed by an Event Grid system topic on that account with a `BlobCreated` subscription
 * limited to W&B's container and path prefix. Event Grid delivers with the topic's own managed
 * identity, which may only send messages to this queue.
 */
export function createAzureNotificationQueue(scope: InfraScope, args: AzureInfraArgs, network: AzureNetwork, storage: AzureStorage, pathPrefix: string | undefined): AzureNotificationQueue {
    const opts = { parent: scope.parent };
    const queue = new Queue(childName(scope, "file-events-queue"), { resourceGroupName: storage.resourceGroupName, accountName: storage.accountName, queueName: physicalName(scope, "file-events") }, opts);
    const queueId = pulumi.interpolate`${storage.accountId}/queueServices/default/queues/${queue.name}`;
    // One system topic per source account; it lives where the account does (`location`).
    const topic = new SystemTopic(
        childName(scope, "storage-events"),
        { resourceGroupName: network.resourceGroupName, systemTopicName: physicalName(scope, "storage-events"), location: args.location, source: storage.accountId, topicType: "Microsoft.Storage.StorageAccounts", identity: { type: "SystemAssigned" }, tags: scope.tags },
        opts,
    );
    const sender = assignRole(scope, "storage-events-queue-sender", queueId, topic.identity.apply((identity) => identity?.principalId ?? ""), AZURE_DEFAULTS.storageQueueDataMessageSenderRoleId);
    new SystemTopicEventSubscription(
        childName(scope, "storage-events-blob-created"),
        {
            resourceGroupName: network.resourceGroupName,
            systemTopicName: topic.name,
            eventSubscriptionName: "wandb-blob-created",
            eventDeliverySchema: "EventGridSchema",
            filter: {
                includedEventTypes: ["Microsoft.Storage.BlobCreated"],
                subjectBeginsWith: pulumi.interpolate`/blobServices/default/containers/${storage.containerName}/blobs/${pathPrefix ? `${pathPrefix}/` : ""}`,
                // Blob names are case-sensitive, so is the prefix.
                isSubjectCaseSensitive: true,
            },
            deliveryWithResourceIdentity: { identity: { type: "SystemAssigned" }, destination: { endpointType: "StorageQueue", resourceId: storage.accountId, queueName: queue.name } },
        },
        { ...opts, dependsOn: [sender] },
    );
    return { queueId, bucketQueue: pulumi.interpolate`az://${storage.accountName}/${queue.name}` };
}
