import { DATABASE_BACKUP } from "../requirements";
import { WandbArgumentError, requireIntegerAtLeast, requireNonEmpty } from "../util/errors";
import { InfraSettings } from "./scope";

/** Checks the cloud builders share. Each throws one `WandbArgumentError`. */

/** The FQDN must be the zone's name or inside it (`zoneArgument` names where the zone came from). */
export function requireFqdnInZone(scope: InfraSettings, zoneArgument: string, zoneName: string, zoneKind: string): string {
    const zone = requireNonEmpty(zoneArgument, zoneName).replace(/\.$/, "").toLowerCase();
    if (scope.fqdn !== zone && !scope.fqdn.endsWith(`.${zone}`)) {
        throw new WandbArgumentError("fqdn", scope.fqdn, `a name inside the ${zoneKind} ${zone} (${zoneArgument}) is required`);
    }
    return zone;
}

/** Backup retention in days: default 7 in test and 14 in production, never below 7. */
export function backupRetention(scope: InfraSettings, argument: string, days: number | undefined): number {
    const fallback = scope.environment === "production" ? 14 : DATABASE_BACKUP.minRetentionDays;
    return requireIntegerAtLeast(argument, days ?? fallback, DATABASE_BACKUP.minRetentionDays, "daily backups kept at least a week");
}

/** A managed Redis: on by default; production refuses the chart's in-cluster Redis. */
export function requireRedisInProduction(scope: InfraSettings, argument: string, redis: boolean | undefined, service: string): boolean {
    const enabled = redis ?? true;
    if (scope.environment === "production" && !enabled) {
        throw new WandbArgumentError(argument, false, `production needs ${service}: the in-cluster Redis is for test environments only`);
    }
    return enabled;
}

/** High availability: on by default in production, where it cannot be turned off; off in test. */
export function requireHaInProduction(scope: InfraSettings, argument: string, highAvailability: boolean | undefined, what: string): boolean {
    const production = scope.environment === "production";
    const enabled = highAvailability ?? production;
    if (production && !enabled) {
        throw new WandbArgumentError(argument, false, `production needs ${what}`);
    }
    return enabled;
}

/** The Kubernetes subject the cloud identity trusts: the instance's namespace and service account (both default `wandb`). */
export function workloadIdentitySubject(args: { instanceNamespace?: string; serviceAccountName?: string }): { namespace: string; serviceAccountName: string } {
    return { namespace: args.instanceNamespace ?? "wandb", serviceAccountName: args.serviceAccountName ?? "wandb" };
}
