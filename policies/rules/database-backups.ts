import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { DATABASE_BACKUP } from "../../components/requirements";
import { ENVIRONMENT_SCHEMA, stackEnvironment } from "../lib/environment";
import { bool, num, str } from "../lib/props";
import { T, isType } from "../lib/types";

interface BackupFacts {
    retentionDays?: number;
    enabled: boolean;
    deletionProtection: boolean;
    label: string;
}

/** Backup settings of a database resource, with each service's defaults applied. */
function backupFacts(resource: PolicyResource): BackupFacts | undefined {
    const p = resource.props;
    if (isType(resource.type, [T.auroraCluster, T.rdsInstance])) {
        // RDS/Aurora back up daily; the retention defaults to 1 day when unset.
        return { retentionDays: num(p, "backupRetentionPeriod") ?? 1, enabled: true, deletionProtection: bool(p, "deletionProtection") === true, label: "backupRetentionPeriod" };
    }
    if (resource.type === T.cloudSql) {
        return {
            retentionDays: num(p, "settings.backupConfiguration.backupRetentionSettings.retainedBackups") ?? 7,
            enabled: bool(p, "settings.backupConfiguration.enabled") === true,
            // The provider's deletionProtection defaults to true; settings.deletionProtectionEnabled is the API-side guard.
            deletionProtection: bool(p, "deletionProtection") !== false || bool(p, "settings.deletionProtectionEnabled") === true,
            label: "settings.backupConfiguration (retainedBackups)",
        };
    }
    if (resource.type === T.azureMysqlServer) {
        // Azure has no deletion-protection flag on the server; `protect` (or a resource lock) is the guard.
        return { retentionDays: num(p, "backup.backupRetentionDays") ?? 7, enabled: true, deletionProtection: resource.opts.protect, label: "backup.backupRetentionDays" };
    }
    return undefined;
}

/** Daily backups kept at least 7 days; production databases cannot be deleted by accident. */
export const databaseBackups: StackValidationPolicy = {
    name: "database-backups",
    description: `Daily database backups retained at least ${DATABASE_BACKUP.minRetentionDays} days; in production, deletion protection on.`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: `Set the backup retention to ${DATABASE_BACKUP.minRetentionDays}+ days (Aurora backupRetentionPeriod, Cloud SQL backupConfiguration, Azure backup.backupRetentionDays) and enable deletion protection in production.`,
    configSchema: { properties: { ...ENVIRONMENT_SCHEMA, minRetentionDays: { type: "number", default: DATABASE_BACKUP.minRetentionDays } } },
    validateStack: (args, reportViolation) => {
        const config = args.getConfig<{ environment?: string; minRetentionDays?: number }>();
        const minimum = config.minRetentionDays ?? DATABASE_BACKUP.minRetentionDays;
        const production = stackEnvironment(config, args.stackTags, args.resources) === "production";
        for (const resource of args.resources) {
            if (resource.type === T.rdsInstance && str(resource.props, "engine") !== "mysql") {
                continue;
            }
            const facts = backupFacts(resource);
            if (!facts) {
                continue;
            }
            if (!facts.enabled) {
                reportViolation("Automated backups are off.", resource.urn);
            } else if ((facts.retentionDays ?? 0) < minimum) {
                reportViolation(`Backups are kept ${facts.retentionDays} day(s) (${facts.label}); W&B needs at least ${minimum}.`, resource.urn);
            }
            if (production && !facts.deletionProtection) {
                reportViolation("Production database without deletion protection.", resource.urn);
            }
        }
    },
};
