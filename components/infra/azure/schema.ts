import { Schema, flag, integer, list, object, required, text } from "../../util/schema";
import { RULES } from "../../util/validate";
import { AzureExistingNetwork, AzureInfraArgs } from "./args";

/** An Azure location's programmatic name (`eastus2`, not `East US 2`). */
export const AZURE_LOCATION_RULE = { allowed: "an Azure location name in lower case without spaces", example: "eastus2", test: (v: string) => /^[a-z]+[a-z0-9]*$/.test(v) };

const resourceId = text({ allowed: "an Azure resource id (/subscriptions/...)", example: "/subscriptions/<id>/resourceGroups/<rg>/providers/...", test: (v) => /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\//i.test(v) });
const objectId = text({ allowed: "an Entra ID object id (a GUID)", example: "00000000-0000-0000-0000-000000000000", test: (v) => /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(v) });
const resourceGroup = text({ allowed: "a resource group name (1-90 letters, digits, '-', '_', '.', '(' or ')')", example: "wandb-prod", test: (v) => /^[-\w.()]{1,90}$/.test(v) && !v.endsWith(".") });

const EXISTING_NETWORK_SCHEMA: Schema<AzureExistingNetwork> = {
    resourceGroupName: required(resourceGroup),
    nodeSubnetId: required(resourceId),
    mysqlSubnetId: required(resourceId),
    privateEndpointSubnetId: required(resourceId),
    vnetId: required(resourceId),
};

/** {@link AzureInfraArgs}: `wandb:infra.azure`. */
export const AZURE_SCHEMA: Schema<AzureInfraArgs> = {
    location: required(text(AZURE_LOCATION_RULE)),
    resourceGroupName: resourceGroup,
    existingNetwork: object(EXISTING_NETWORK_SCHEMA),
    dnsZoneName: required(text(RULES.fqdn)),
    dnsZoneResourceGroupName: required(resourceGroup),
    acmeEmail: required(text(RULES.email)),
    adminGroupObjectIds: list(objectId),
    apiServerAuthorizedIpRanges: list(text(RULES.cidr)),
    backupRetentionDays: integer(1, 35),
    geoRedundantBackup: flag,
    highAvailability: flag,
    redis: flag,
    instanceNamespace: text(RULES.kubernetesName),
    serviceAccountName: text(RULES.kubernetesName),
};
