import * as pulumi from "@pulumi/pulumi";
import { Configuration } from "@pulumi/azure-native/dbformysql/configuration";
import { Database } from "@pulumi/azure-native/dbformysql/database";
import { Server, ServerArgs } from "@pulumi/azure-native/dbformysql/server";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { MYSQL_DATABASE, MYSQL_PARAMETERS } from "../../requirements";
import { WandbDatabase } from "../../platform";
import { InfraScope, childName, physicalName, statefulOptions } from "../scope";
import { AzureInfraArgs } from "./args";
import type { AzureServiceKeys } from "./keys";
import { AzureNetwork, linkedPrivateZone } from "./network";
import { AZURE_MYSQL_CONFIGURATIONS, ValidatedAzureArgs } from "./validate";
import { AZURE_DEFAULTS } from "./versions";

export { AZURE_MYSQL_CONFIGURATIONS } from "./validate";

/**
 * Customer-managed key encryption: the server's user-assigned identity wraps data keys with the
 * database key (MySQL takes its versioned URI), and geo-redundant backups with the paired region's key.
 */
function databaseEncryption(keys: AzureServiceKeys): Pick<ServerArgs, "identity" | "dataEncryption"> {
    const geo = keys.databaseGeoBackup;
    return {
        identity: { type: "UserAssigned", userAssignedIdentities: [keys.database.identity.id, ...(geo ? [geo.identityId] : [])] },
        dataEncryption: {
            type: "AzureKeyVault",
            primaryKeyURI: keys.database.key.uriWithVersion,
            primaryUserAssignedIdentityId: keys.database.identity.id,
            ...(geo ? { geoBackupKeyURI: geo.keyUriWithVersion, geoBackupUserAssignedIdentityId: geo.identityId } : {}),
        },
    };
}

/** The MySQL server and the connection W&B uses. */
export interface AzureDatabase {
    server: Server;
    connection: WandbDatabase;
}

/**
 * Azure Database for MySQL flexible server 8.0, the table's SKU (MemoryOptimized tier), private access
 * in the delegated subnet with its private DNS zone, TLS required, W&B's parameters, zone-redundant HA
 * when highly available, backups of 7+ days (geo-redundant in production); database `wandb_local`.
 * With `databaseRestore`, the server is a point-in-time restore of another one and gets the same
 * configurations; without it, no restore input is sent (an existing server sees no change).
 */
export function createAzureDatabase(scope: InfraScope, args: AzureInfraArgs, azure: ValidatedAzureArgs, network: AzureNetwork, keys: AzureServiceKeys | undefined): AzureDatabase {
    const opts = { parent: scope.parent };
    const serverName = physicalName(scope, "mysql");
    const zone = linkedPrivateZone(scope, "mysql", `${serverName}.private.mysql.database.azure.com`, network);
    const password = new RandomPassword(childName(scope, "mysql-password"), { length: 40, special: false }, opts);
    const server = new Server(
        childName(scope, "mysql"),
        {
            resourceGroupName: network.resourceGroupName,
            serverName,
            location: args.location,
            version: AZURE_DEFAULTS.mysqlVersion,
            administratorLogin: "wandb",
            administratorLoginPassword: pulumi.secret(password.result),
            // The table's `MO_Standard_E2ds_v4` is tier MemoryOptimized, SKU Standard_E2ds_v4.
            sku: { name: scope.sizes.databaseInstanceType.replace(/^MO_/, ""), tier: "MemoryOptimized" },
            storage: { storageSizeGB: scope.sizes.databaseStorageGb, autoGrow: "Enabled" },
            network: { delegatedSubnetResourceId: network.mysqlSubnetId, privateDnsZoneResourceId: zone.id, publicNetworkAccess: "Disabled" },
            highAvailability: azure.highAvailability ? { mode: "ZoneRedundant" } : { mode: "Disabled" },
            backup: { backupRetentionDays: azure.backupRetentionDays, geoRedundantBackup: (args.geoRedundantBackup ?? scope.environment === "production") ? "Enabled" : "Disabled" },
            ...(args.databaseRestore
                ? { createMode: "PointInTimeRestore", sourceServerResourceId: args.databaseRestore.sourceServerId, restorePointInTime: args.databaseRestore.restorePointInTime }
                : {}),
            ...(keys ? databaseEncryption(keys) : {}),
            tags: scope.tags,
        },
        statefulOptions(scope, { additionalSecretOutputs: ["administratorLoginPassword"], dependsOn: keys ? [keys.database.access] : [] }),
    );
    const configurations: Record<string, string> = {
        ...args.databaseConfigurations,
        require_secure_transport: "ON",
        ...Object.fromEntries(AZURE_MYSQL_CONFIGURATIONS.map((name) => [name, MYSQL_PARAMETERS[name]])),
    };
    for (const [name, value] of Object.entries(configurations)) {
        new Configuration(childName(scope, `mysql-${name.replace(/_/g, "-")}`), { resourceGroupName: network.resourceGroupName, serverName: server.name, configurationName: name, value, source: "user-override" }, opts);
    }
    new Database(childName(scope, "mysql-database"), { resourceGroupName: network.resourceGroupName, serverName: server.name, databaseName: MYSQL_DATABASE.name, charset: MYSQL_DATABASE.charset, collation: MYSQL_DATABASE.collation }, statefulOptions(scope));
    return { server, connection: { host: server.fullyQualifiedDomainName, port: 3306, name: MYSQL_DATABASE.name, user: "wandb", password: pulumi.secret(password.result) } };
}
