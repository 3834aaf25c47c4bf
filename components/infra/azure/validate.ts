import { DATABASE_BACKUP } from "../../requirements";
import { WandbArgumentError, requireIntegerAtLeast, requireNonEmpty } from "../../util/errors";
import { isArmAzureVm } from "../../util/machines";
import { InfraScope } from "../scope";
import { AzureInfraArgs } from "./args";

/** Azure arguments after validation and defaults. */
export interface ValidatedAzureArgs {
    backupRetentionDays: number;
    highAvailability: boolean;
    redis: boolean;
    namespace: string;
    serviceAccountName: string;
}

/** Validates the Azure option bag against the common scope; throws `WandbArgumentError`. */
export function validateAzureArgs(scope: InfraScope, args: AzureInfraArgs): ValidatedAzureArgs {
    requireNonEmpty("azure.location", args.location);
    requireNonEmpty("azure.acmeEmail", args.acmeEmail);
    requireNonEmpty("azure.dnsZoneResourceGroupName", args.dnsZoneResourceGroupName);
    const zone = requireNonEmpty("azure.dnsZoneName", args.dnsZoneName).replace(/\.$/, "").toLowerCase();
    if (scope.fqdn !== zone && !scope.fqdn.endsWith(`.${zone}`)) {
        throw new WandbArgumentError("fqdn", scope.fqdn, `a name inside the DNS zone ${zone} (azure.dnsZoneName) is required`);
    }
    if (isArmAzureVm(scope.sizes.nodeInstanceType)) {
        throw new WandbArgumentError("sizes.nodeInstanceType", scope.sizes.nodeInstanceType, "an x86-64 VM size is required (W&B does not run on Arm; sizes with a 'p' feature letter such as Standard_D4ps_v5 are Arm), e.g. Standard_E4_v5");
    }
    const production = scope.environment === "production";
    const backupRetentionDays = requireIntegerAtLeast("azure.backupRetentionDays", args.backupRetentionDays ?? (production ? 14 : DATABASE_BACKUP.minRetentionDays), DATABASE_BACKUP.minRetentionDays, "daily backups kept at least a week");
    const redis = args.redis ?? true;
    if (production && !redis) {
        throw new WandbArgumentError("azure.redis", false, "production needs Azure Managed Redis (Redis 7): the in-cluster Redis is for test environments only");
    }
    const highAvailability = args.highAvailability ?? production;
    if (production && !highAvailability) {
        throw new WandbArgumentError("azure.highAvailability", false, "production needs zone-redundant MySQL HA and zonal node pools");
    }
    return { backupRetentionDays, highAvailability, redis, namespace: args.instanceNamespace ?? "wandb", serviceAccountName: args.serviceAccountName ?? "wandb" };
}
