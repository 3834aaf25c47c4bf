/** Mock outputs and invoke results for GCP resource types (see ../mocks.ts): what the Google APIs return after create. */
import type { CallResult, OutputsFor } from "../mocks";

const PROJECT_NUMBER = "123456789012";
const PEM = "-----BEGIN CERTIFICATE-----\nMIIDfixtureMemorystoreServerCA\n-----END CERTIFICATE-----\n";

/** GCP resource type → extra outputs. */
export const GCP_RESOURCE_OUTPUTS: Record<string, OutputsFor> = {
    "gcp:compute/network:Network": (args) => ({ id: `projects/${args.inputs.project}/global/networks/${args.inputs.name}`, selfLink: `https://www.googleapis.com/compute/v1/projects/${args.inputs.project}/global/networks/${args.inputs.name}` }),
    "gcp:compute/subnetwork:Subnetwork": (args) => ({ id: `projects/${args.inputs.project}/regions/${args.inputs.region}/subnetworks/${args.inputs.name}` }),
    "gcp:compute/globalAddress:GlobalAddress": (args) => ({ address: args.inputs.purpose === "VPC_PEERING" ? "10.100.0.0" : "34.120.10.20" }),
    "gcp:container/cluster:Cluster": () => ({ endpoint: "10.10.0.2", masterAuth: { clusterCaCertificate: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUZpeHR1cmUKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=" } }),
    "gcp:sql/databaseInstance:DatabaseInstance": () => ({ privateIpAddress: "10.100.0.3", connectionName: "ml-platform:us-central1:wandb-mysql" }),
    "gcp:redis/instance:Instance": () => ({ host: "10.100.1.4", port: 6378, authString: "fixture-memorystore-auth-string", serverCaCerts: [{ cert: PEM }] }),
    "gcp:serviceaccount/account:Account": (args) => ({ email: `${args.inputs.accountId}@${args.inputs.project}.iam.gserviceaccount.com`, name: `projects/${args.inputs.project}/serviceAccounts/${args.inputs.accountId}@${args.inputs.project}.iam.gserviceaccount.com` }),
    "gcp:kms/keyRing:KeyRing": (args) => ({ id: `projects/${args.inputs.project}/locations/${args.inputs.location}/keyRings/${args.inputs.name}` }),
    "gcp:kms/cryptoKey:CryptoKey": (args) => ({ id: `${args.inputs.keyRing}/cryptoKeys/${args.inputs.name}` }),
    "gcp:pubsub/topic:Topic": (args) => ({ id: `projects/${args.inputs.project}/topics/${args.inputs.name}` }),
    "gcp:compute/address:Address": () => ({ address: "10.10.0.50" }),
    "gcp:projects/serviceIdentity:ServiceIdentity": (args) => {
        const agent = ({ "sqladmin.googleapis.com": "gcp-sa-cloud-sql", "pubsub.googleapis.com": "gcp-sa-pubsub" } as Record<string, string>)[String(args.inputs.service)] ?? "gcp-sa-unknown";
        return { email: `service-${PROJECT_NUMBER}@${agent}.iam.gserviceaccount.com`, member: `serviceAccount:service-${PROJECT_NUMBER}@${agent}.iam.gserviceaccount.com` };
    },
};

/** GCP invoke token → result. */
export const GCP_CALL_RESULTS: Record<string, CallResult> = {
    "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": (inputs) => ({ emailAddress: `service-${PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`, project: inputs.project, member: `serviceAccount:service-${PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com` }),
    "gcp:organizations/getProject:getProject": (inputs) => ({ projectId: inputs.projectId, number: PROJECT_NUMBER, name: inputs.projectId }),
};
