import { expect } from "chai";
import { WandbInfra, WandbInfraArgs } from "../../components/infra";
import { AZURE_MYSQL_CONFIGURATIONS } from "../../components/infra/azure/database";
import { AZURE_DEFAULTS } from "../../components/infra/azure/versions";
import { BUCKET_CORS, CLOUD_INSTANCE_TYPES, MYSQL_DATABASE, MYSQL_PARAMETERS } from "../../components/requirements";
import * as yaml from "js-yaml";
import { T } from "../../policies/lib/types";
import { badInfraInputCases, get, infraUrns, one } from "../harness/assertions";
import { AZURE_DEPLOYER } from "../harness/cloud-mocks/azure";
import { OfflinePlan, runOffline } from "../harness/engine";
import { WANDB_CR_TYPE, crSecretLeaks, planStack, resourcesOfType } from "../harness/plan";

type Props = Record<string, unknown>;

describe("WandbInfra on Azure", () => {
    let dev: OfflinePlan;
    let prod: OfflinePlan;
    before(async () => {
        dev = await planStack("azure-dev");
        prod = await planStack("azure-prod");
    });

    it("network: VNet with node, MySQL-delegated and private-endpoint subnets; private DNS zones linked", () => {
        const subnets = resourcesOfType(prod, "azure-native:network:Subnet").map((s) => s.inputs);
        expect(subnets.map((s) => s.subnetName).sort()).to.deep.equal(["aks-nodes", "mysql", "private-endpoints"]);
        expect(get(subnets.find((s) => s.subnetName === "mysql"), "delegations")).to.deep.equal([{ name: "Microsoft-DBforMySQL-flexibleServers", serviceName: "Microsoft.DBforMySQL/flexibleServers" }]);
        expect(resourcesOfType(prod, "azure-native:privatedns:PrivateZone").map((z) => z.inputs.privateZoneName).sort()).to.deep.equal(["privatelink.redis.azure.net", "wandbprod-mysql.private.mysql.database.azure.com"]);
        expect(resourcesOfType(prod, "azure-native:privatedns:VirtualNetworkLink")).to.have.length(2);
    });

    it("AKS >= 1.34 with OIDC issuer, workload identity, Azure CNI; x86 user pool from the table, autoscaling and zones in production", () => {
        const cluster = one(prod, "azure-native:containerservice:ManagedCluster").inputs;
        expect(cluster.kubernetesVersion).to.equal(AZURE_DEFAULTS.kubernetesVersion);
        expect(get(cluster, "oidcIssuerProfile.enabled")).to.equal(true);
        expect(get(cluster, "securityProfile.workloadIdentity.enabled")).to.equal(true);
        expect(get(cluster, "networkProfile.networkPlugin")).to.equal("azure");
        const prodPool = one(prod, "azure-native:containerservice:AgentPool").inputs;
        expect(prodPool).to.deep.include({ vmSize: CLOUD_INSTANCE_TYPES.azure.production.kubernetes["models-and-weave"], count: 3, enableAutoScaling: true, minCount: 3, maxCount: 6, mode: "User" });
        expect(prodPool.availabilityZones).to.deep.equal(["1", "2", "3"]);
        const devPool = one(dev, "azure-native:containerservice:AgentPool").inputs;
        expect(devPool).to.deep.include({ vmSize: CLOUD_INSTANCE_TYPES.azure.test.kubernetes.models, count: 3, enableAutoScaling: false });
    });

    it("cluster access: Azure RBAC on, local accounts off, the deploying identity is cluster admin and the provider signs in as it without prompting", () => {
        for (const plan of [dev, prod]) {
            const cluster = one(plan, "azure-native:containerservice:ManagedCluster");
            expect(cluster.inputs.aadProfile).to.deep.include({ managed: true, enableAzureRBAC: true });
            expect(cluster.inputs.disableLocalAccounts).to.equal(true);
            const admin = resourcesOfType(plan, "azure-native:authorization:RoleAssignment").find((a) => String(a.inputs.roleDefinitionId).endsWith(AZURE_DEFAULTS.aksRbacClusterAdminRoleId))!;
            expect(admin.inputs).to.deep.include({ scope: cluster.outputs.id, principalId: AZURE_DEPLOYER.objectId });
            // `az login` (kubelogin azurecli, the default) is a user: Azure refuses a mismatched type.
            expect(admin.inputs.principalType).to.equal("User");
            expect(plan.invokes.find((i) => i.token === "azure-native:containerservice:listManagedClusterUserCredentials")?.inputs.format).to.equal("exec");
            const provider = one(plan, "pulumi:providers:kubernetes");
            expect(provider.dependencies).to.include(admin.urn);
            const kubeconfig = yaml.load(String(provider.inputs.kubeconfig)) as { users: { user: { exec?: { command: string; args: string[]; interactiveMode: string } } }[] };
            const exec = kubeconfig.users[0].user.exec!;
            expect(exec.command).to.equal("kubelogin");
            expect(exec.args).to.deep.equal(["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"]);
            expect(exec.interactiveMode).to.equal("Never");
            expect(provider.secretPaths).to.include("kubeconfig");
        }
    });

    it("MySQL flexible server: 8.0, table SKU (MemoryOptimized), private, TLS required, W&B parameters, zone-redundant HA and geo backups in production", () => {
        const server = one(prod, "azure-native:dbformysql:Server");
        expect(server.inputs.version).to.equal("8.0.21");
        expect(server.inputs.sku).to.deep.equal({ name: CLOUD_INSTANCE_TYPES.azure.production.mysql.replace(/^MO_/, ""), tier: "MemoryOptimized" });
        expect(get(server.inputs, "network.publicNetworkAccess")).to.equal("Disabled");
        expect(server.inputs.highAvailability).to.deep.equal({ mode: "ZoneRedundant" });
        expect(server.inputs.backup).to.deep.equal({ backupRetentionDays: 14, geoRedundantBackup: "Enabled" });
        expect(server.options.protect).to.equal(true);
        expect(server.secretPaths).to.include("administratorLoginPassword");
        const configurations = Object.fromEntries(resourcesOfType(prod, "azure-native:dbformysql:Configuration").map((c) => [c.inputs.configurationName, c.inputs.value]));
        expect(configurations).to.deep.equal({ require_secure_transport: "ON", ...Object.fromEntries(AZURE_MYSQL_CONFIGURATIONS.map((n) => [n, MYSQL_PARAMETERS[n]])) });
        expect(one(prod, "azure-native:dbformysql:Database").inputs).to.deep.include({ databaseName: MYSQL_DATABASE.name, charset: "utf8mb4" });
        expect(one(dev, "azure-native:dbformysql:Server").inputs.highAvailability).to.deep.equal({ mode: "Disabled" });
    });

    it("Azure Managed Redis (Redis 7): TLS only, private endpoint, key in a Secret", () => {
        expect(one(prod, "azure-native:redisenterprise:RedisEnterprise").inputs).to.deep.include({ publicNetworkAccess: "Disabled", minimumTlsVersion: "1.2", highAvailability: "Enabled" });
        expect(one(prod, "azure-native:redisenterprise:Database").inputs).to.deep.include({ clientProtocol: "Encrypted", clusteringPolicy: "EnterpriseCluster", port: 10000 });
        expect(one(prod, "azure-native:network:PrivateEndpoint").inputs.privateLinkServiceConnections).to.have.length(1);
        // Azure Cache for Redis (classic, Redis 6 at most) under its azure-native 3.x token and its 2.x one.
        for (const token of T.azureCacheRedis) {
            expect(resourcesOfType(prod, token), token).to.deep.equal([]);
        }
    });

    it("storage: StorageV2, HTTPS only, TLS 1.2, no public access, versioning, soft delete, W&B CORS", () => {
        expect(one(prod, "azure-native:storage:StorageAccount").inputs).to.deep.include({ kind: "StorageV2", enableHttpsTrafficOnly: true, minimumTlsVersion: "TLS1_2", allowBlobPublicAccess: false });
        const service = one(prod, "azure-native:storage:BlobServiceProperties").inputs;
        expect(service).to.deep.include({ isVersioningEnabled: true });
        expect(get(service, "deleteRetentionPolicy.enabled")).to.equal(true);
        expect(get(service, "containerDeleteRetentionPolicy.enabled")).to.equal(true);
        expect(get(service, "cors.corsRules")).to.deep.equal([{ allowedOrigins: ["https://wandb.ml.example.com"], allowedMethods: [...BUCKET_CORS.allowedMethods], allowedHeaders: ["*"], exposedHeaders: ["*"], maxAgeInSeconds: 3600 }]);
    });

    it("identity: one managed identity federated with wandb/wandb; role assignments are exactly the listed ones", () => {
        const federation = one(prod, "azure-native:managedidentity:FederatedIdentityCredential").inputs;
        expect(federation).to.deep.include({ subject: "system:serviceaccount:wandb:wandb", audiences: ["api://AzureADTokenExchange"] });
        expect(federation.issuer).to.match(/^https:\/\/eastus2\.oic\.prod-aks\.azure\.com\//);
        const assignments = resourcesOfType(prod, "azure-native:authorization:RoleAssignment").map((a) => {
            const role = String(a.inputs.roleDefinitionId).split("/").pop();
            const target = String(a.inputs.scope).split("/providers/").pop();
            return `${a.inputs.principalId} ${role} ${target}`;
        });
        const account = `Microsoft.Storage/storageAccounts/${String(one(prod, "azure-native:storage:StorageAccount").inputs.accountName)}`;
        expect(assignments.sort()).to.deep.equal(
            [
                // W&B pods: blobs of W&B's container and messages of its notification queue, nothing else.
                `33333333-3333-3333-3333-333333333333 ${AZURE_DEFAULTS.storageBlobDataContributorRoleId} ${account}/blobServices/default/containers/wandb`,
                `33333333-3333-3333-3333-333333333333 ${AZURE_DEFAULTS.storageQueueDataMessageProcessorRoleId} ${account}/queueServices/default/queues/wandbprod-file-events`,
                // Event Grid's system topic: sends to that queue only.
                `88888888-8888-8888-8888-888888888888 ${AZURE_DEFAULTS.storageQueueDataMessageSenderRoleId} ${account}/queueServices/default/queues/wandbprod-file-events`,
                // AKS control plane: the custom node subnet and the ingress IP it must attach.
                `44444444-4444-4444-4444-444444444444 ${AZURE_DEFAULTS.networkContributorRoleId} Microsoft.Network/virtualNetworks/wandbprod-vnet/subnets/aks-nodes`,
                `44444444-4444-4444-4444-444444444444 ${AZURE_DEFAULTS.networkContributorRoleId} Microsoft.Network/publicIPAddresses/wandbprod-ingress`,
                // The identity running `pulumi up`: Kubernetes rights on this cluster only.
                `${AZURE_DEPLOYER.objectId} ${AZURE_DEFAULTS.aksRbacClusterAdminRoleId} Microsoft.ContainerService/managedClusters/wandbprod-aks`,
            ].sort(),
        );
    });

    it("TLS and DNS: static IP and A record, pinned ingress-nginx and cert-manager, an ACME ClusterIssuer (not self-signed)", () => {
        expect(one(prod, "azure-native:dns:RecordSet").inputs).to.deep.include({ zoneName: "ml.example.com", relativeRecordSetName: "wandb", recordType: "A" });
        const charts = resourcesOfType(prod, "kubernetes:helm.sh/v3:Release").map((r) => `${r.inputs.chart}@${r.inputs.version}`);
        expect(charts).to.include.members([`ingress-nginx@${AZURE_DEFAULTS.ingressNginxChart.version}`, `cert-manager@${AZURE_DEFAULTS.certManagerChart.version}`]);
        const issuer = one(prod, "kubernetes:cert-manager.io/v1:ClusterIssuer").inputs;
        expect(get(issuer, "spec.acme.server")).to.equal("https://acme-v02.api.letsencrypt.org/directory");
        expect(get(issuer, "spec.selfSigned")).to.equal(undefined);
        const ingress = (one(prod, WANDB_CR_TYPE).inputs.spec as { values: { ingress: Props } }).values.ingress;
        expect(ingress).to.deep.include({ class: "nginx", tls: [{ secretName: "wandb-tls", hosts: ["wandb.ml.example.com"] }] });
    });

    it("the custom resource gets the platform's values; the account key only in a Secret", () => {
        const global = (one(prod, WANDB_CR_TYPE).inputs.spec as { values: { global: Record<string, Props> } }).values.global;
        expect(global.bucket).to.deep.include({ provider: "az", path: "wandb" });
        expect(global.redis).to.deep.include({ host: "wandbprod-redis.eastus2.redis.azure.net", port: 10000 });
        expect(global.pod).to.deep.equal({ labels: { "azure.workload.identity/use": "true" } });
        const accountName = String(one(prod, "azure-native:storage:StorageAccount").inputs.accountName);
        expect(get((one(prod, WANDB_CR_TYPE).inputs.spec as { values: Props }).values, "app.env.BUCKET_QUEUE")).to.equal(`az://${accountName}/wandbprod-file-events`);
        const bucketSecret = resourcesOfType(prod, "kubernetes:core/v1:Secret").find((s) => get(s.inputs, "metadata.name") === "wandb-bucket")!;
        expect(get(bucketSecret.inputs, "stringData.ACCESS_KEY")).to.equal("fixture-storage-account-key-1==");
        expect(crSecretLeaks(prod)).to.deep.equal([]);
        expect(JSON.stringify(one(prod, WANDB_CR_TYPE).inputs)).to.not.include("fixture-storage-account-key");
    });

    const base: WandbInfraArgs = { namePrefix: "wandb", fqdn: "wandb.example.com", environment: "production", products: "models", azure: { location: "eastus2", dnsZoneName: "example.com", dnsZoneResourceGroupName: "dns", acmeEmail: "ops@example.com" } };
    it("stateful resources keep their URNs when sizes and versions change", async () => {
        const STATEFUL = ["azure-native:dbformysql:Server", "azure-native:dbformysql:Database", "azure-native:storage:StorageAccount", "azure-native:storage:BlobContainer", "azure-native:redisenterprise:RedisEnterprise", "azure-native:redisenterprise:Database"];
        const urns = (args: WandbInfraArgs) => infraUrns(args, STATEFUL);
        const before = await urns(base);
        expect(before).to.have.length(STATEFUL.length);
        expect(await urns({ ...base, kubernetesVersion: "1.35", sizes: { databaseInstanceType: "MO_Standard_E16ds_v4", nodeInstanceType: "Standard_E32_v5" } })).to.deep.equal(before);
    });

    it("a CI deployer (kubelogin spn) is assigned as a service principal and signs in with its client id", async () => {
        const plan = await runOffline(() => void new WandbInfra("wandb", { ...base, azure: { ...base.azure!, kubeloginMode: "spn" } }));
        const admin = resourcesOfType(plan, "azure-native:authorization:RoleAssignment").find((a) => String(a.inputs.roleDefinitionId).endsWith(AZURE_DEFAULTS.aksRbacClusterAdminRoleId))!;
        expect(admin.inputs.principalType).to.equal("ServicePrincipal");
        const kubeconfig = yaml.load(String(one(plan, "pulumi:providers:kubernetes").inputs.kubeconfig)) as { users: { user: { exec: { args: string[] } } }[] };
        expect(kubeconfig.users[0].user.exec.args).to.include.members(["spn", AZURE_DEPLOYER.clientId, AZURE_DEPLOYER.tenantId]);
    });

    const cases: [string, Partial<WandbInfraArgs>, string, RegExp][] = [
        ["Kubernetes 1.33", { kubernetesVersion: "1.33" }, "kubernetesVersion", /1\.34 or newer/],
        ["an Arm VM size", { sizes: { nodeInstanceType: "Standard_D4ps_v5" } }, "sizes.nodeInstanceType", /x86-64/],
        ["fewer than 3 nodes", { sizes: { nodeCount: 2 } }, "sizes.nodeCount", />= 3/],
        ["backups below 7 days", { azure: { ...base.azure!, backupRetentionDays: 5 } }, "azure.backupRetentionDays", />= 7/],
        ["an FQDN outside the DNS zone", { fqdn: "wandb.other.org" }, "fqdn", /DNS zone example\.com/],
        ["production without Redis", { azure: { ...base.azure!, redis: false } }, "azure.redis", /in-cluster Redis/],
        ["an unknown kubelogin mode", { azure: { ...base.azure!, kubeloginMode: "devicecode" as never } }, "azure.kubeloginMode", /"azurecli", "spn"/],
        ["an unknown deployer principal type", { azure: { ...base.azure!, deployerPrincipalType: "Group" as never } }, "azure.deployerPrincipalType", /"User", "ServicePrincipal"/],
        ["production without HA", { azure: { ...base.azure!, highAvailability: false } }, "azure.highAvailability", /zone-redundant/],
    ];
    badInfraInputCases(base, cases);
});
