import { expect } from "chai";
import { WandbInfra, WandbInfraArgs } from "../../components/infra";
import { AzureInfraArgs } from "../../components/infra/azure/args";
import { DATABASE_CPU_ALERT } from "../../components/requirements";
import { badInfraInputCases, get, infraUrns, one } from "../harness/assertions";
import { OfflinePlan, runOffline } from "../harness/engine";
import { resourcesOfType } from "../harness/plan";

const base: WandbInfraArgs = { namePrefix: "wandb", fqdn: "wandb.example.com", environment: "production", products: "models", azure: { location: "eastus2", dnsZoneName: "example.com", dnsZoneResourceGroupName: "dns", acmeEmail: "ops@example.com" } };
const withAzure = (azure: Partial<AzureInfraArgs>): WandbInfraArgs => ({ ...base, azure: { ...base.azure!, ...azure } });
const plan = (args: WandbInfraArgs) => runOffline(() => void new WandbInfra("wandb", args));
const SOURCE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/wandb-old/providers/Microsoft.DBforMySQL/flexibleServers/wandbold-mysql";
const ACTION_GROUP = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ops/providers/microsoft.insights/actionGroups/oncall";

/** What a MySQL flexible server is configured with, apart from how it was created. */
function serverSetup(p: OfflinePlan): Record<string, unknown> {
    const server = one(p, "azure-native:dbformysql:Server");
    const creation = ["createMode", "sourceServerResourceId", "restorePointInTime"];
    return {
        server: Object.fromEntries(Object.entries(server.inputs).filter(([key]) => !creation.includes(key))),
        protect: server.options.protect,
        configurations: Object.fromEntries(resourcesOfType(p, "azure-native:dbformysql:Configuration").map((c) => [c.inputs.configurationName, c.inputs.value])),
        database: one(p, "azure-native:dbformysql:Database").inputs,
    };
}

describe("Azure: MySQL restore and the CPU alert", () => {
    let fresh: OfflinePlan;
    let restored: OfflinePlan;
    before(async () => {
        fresh = await plan(withAzure({}));
        restored = await plan(withAzure({ databaseRestore: { sourceServerId: SOURCE, restorePointInTime: "2026-12-01T08:30:00Z" } }));
    });

    it("point-in-time restore: createMode, source and time on the server; every required configuration, HA, backup and protection kept", () => {
        expect(one(restored, "azure-native:dbformysql:Server").inputs).to.deep.include({ createMode: "PointInTimeRestore", sourceServerResourceId: SOURCE, restorePointInTime: "2026-12-01T08:30:00Z" });
        expect(serverSetup(restored)).to.deep.equal(serverSetup(fresh));
        expect(serverSetup(restored).configurations).to.include({ require_secure_transport: "ON" });
    });

    it("without a restore no restore input is sent (an existing server sees no diff), and the server keeps its URN either way", async () => {
        const inputs = one(fresh, "azure-native:dbformysql:Server").inputs;
        expect(inputs).to.not.have.any.keys("createMode", "sourceServerResourceId", "restorePointInTime");
        const types = ["azure-native:dbformysql:Server", "azure-native:dbformysql:Database"];
        expect(await infraUrns(withAzure({ databaseRestore: { sourceServerId: SOURCE, restorePointInTime: "2026-12-01T08:30:00Z" } }), types)).to.deep.equal(await infraUrns(base, types));
    });

    it("CPU alert: cpu_percent of the server above the requirements' threshold for their whole window, to the given action groups", async () => {
        const alert = one(fresh, "azure-native:monitor:MetricAlert").inputs;
        expect(alert).to.deep.include({ location: "global", enabled: true, evaluationFrequency: "PT1M", windowSize: `PT${DATABASE_CPU_ALERT.sustainedMinutes}M`, scopes: [one(fresh, "azure-native:dbformysql:Server").outputs.id], actions: [] });
        expect(get(alert, "criteria.allOf")).to.deep.equal([
            { criterionType: "StaticThresholdCriterion", name: "cpu-sustained", metricNamespace: "Microsoft.DBforMySQL/flexibleServers", metricName: "cpu_percent", operator: "GreaterThan", threshold: DATABASE_CPU_ALERT.thresholdPercent, timeAggregation: "Minimum" },
        ]);
        const routed = await plan(withAzure({ databaseAlertActionGroupIds: [ACTION_GROUP] }));
        expect(one(routed, "azure-native:monitor:MetricAlert").inputs.actions).to.deep.equal([{ actionGroupId: ACTION_GROUP }]);
    });

    it("extra server parameters and the Managed Redis SKU are configurable; W&B's parameters stay", async () => {
        const tuned = await plan(withAzure({ databaseConfigurations: { long_query_time: "2", slow_query_log: "ON" }, redisSku: "MemoryOptimized_M20" }));
        expect(serverSetup(tuned).configurations).to.deep.equal({ ...(serverSetup(fresh).configurations as Record<string, string>), long_query_time: "2", slow_query_log: "ON" });
        expect(one(tuned, "azure-native:redisenterprise:RedisEnterprise").inputs.sku).to.deep.equal({ name: "MemoryOptimized_M20" });
    });

    badInfraInputCases(base, [
        ["overriding a parameter W&B requires", withAzure({ databaseConfigurations: { require_secure_transport: "OFF" } }), "azure.databaseConfigurations.require_secure_transport", /cannot be overridden/],
        ["a server parameter name that is not one", withAzure({ databaseConfigurations: { "long-query-time": "2" } }), "azure.databaseConfigurations.long-query-time", /parameter name/],
        ["an unknown Managed Redis SKU", withAzure({ redisSku: "C3" }), "azure.redisSku", /Managed Redis SKU/],
        ["a restore source that is not a flexible server id", withAzure({ databaseRestore: { sourceServerId: "wandbold-mysql", restorePointInTime: "2026-12-01T08:30:00Z" } }), "azure.databaseRestore.sourceServerId", /flexibleServers/],
        ["a restore time without a time zone", withAzure({ databaseRestore: { sourceServerId: SOURCE, restorePointInTime: "2026-12-01 08:30" } }), "azure.databaseRestore.restorePointInTime", /ISO 8601/],
        ["an action group that is not an action group id", withAzure({ databaseAlertActionGroupIds: ["oncall"] }), "azure.databaseAlertActionGroupIds[0]", /actionGroups/],
    ]);
});
