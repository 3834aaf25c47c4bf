import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { MIN_VERSIONS } from "../../components/requirements";
import { auroraRelease, compareVersions, parseVersion } from "../../components/util/versions";
import { str } from "../lib/props";
import { T } from "../lib/types";

/** The MySQL version a resource runs, as W&B's minimum compares it; `reason` when it cannot be known. */
export interface MysqlVersion {
    /** "8.0.44", or "aurora 3.05.2" for Aurora. */
    version?: string;
    /** Aurora release, compared with the Aurora minimum. */
    aurora?: string;
    /** Why the version is not known exactly (a managed "8.0" that the service maps to a minor). */
    note?: string;
    /** What to do about an unpinned minor. */
    advice?: string;
    /** Not MySQL 8.0 at all (5.7, 8.4, ...). */
    wrongMajor?: string;
}

/**
 * Maps each service's version string to a MySQL 8.0 minor:
 * - Aurora `8.0.mysql_aurora.3.05.2` → Aurora release 3.05.2 (compared with 3.05.2);
 * - RDS `8.0.44` → 8.0.44;
 * - Cloud SQL `MYSQL_8_0_41` → 8.0.41; bare `MYSQL_8_0` runs Cloud SQL's default 8.0 minor, which
 *   Cloud SQL moves forward on maintenance (it has been above 8.0.32 since 2023), so it passes the
 *   minimum and the advisory rule asks to pin a minor;
 * - Azure flexible server `8.0.21`: the label of the 8.0 major; Azure runs the latest 8.0 minor it has
 *   rolled out (8.0.4x) and upgrades minors in maintenance, so it passes with the same advice.
 */
export function mysqlVersionOf(type: string, props: unknown): MysqlVersion | undefined {
    if (type === T.auroraCluster && str(props, "engine") === "aurora-mysql") {
        const engineVersion = str(props, "engineVersion") ?? "";
        const release = auroraRelease(engineVersion);
        return release ? { aurora: release } : { note: `engine version "${engineVersion}" does not name an Aurora MySQL 3 release` };
    }
    if (type === T.rdsInstance && str(props, "engine") === "mysql") {
        const version = str(props, "engineVersion") ?? "";
        return /^8\.0\.\d+$/.test(version) ? { version } : version.startsWith("8.0") ? { note: `engine version "${version}" does not name a minor`, advice: "pin 8.0.<minor>" } : { wrongMajor: version };
    }
    if (type === T.cloudSql) {
        const databaseVersion = str(props, "databaseVersion") ?? "";
        const minor = /^MYSQL_8_0_(\d+)$/.exec(databaseVersion);
        if (minor) {
            return { version: `8.0.${minor[1]}` };
        }
        if (databaseVersion === "MYSQL_8_0") {
            return { note: "MYSQL_8_0 runs Cloud SQL's current default 8.0 minor", advice: "pin MYSQL_8_0_<minor>" };
        }
        return databaseVersion.startsWith("MYSQL") ? { wrongMajor: databaseVersion } : undefined;
    }
    if (type === T.azureMysqlServer) {
        const version = str(props, "version") ?? "";
        if (version === "8.0.21" || version === "8.0") {
            return { note: `Azure version "${version}" runs Azure's latest 8.0 minor`, advice: "Azure cannot pin a minor: check SELECT VERSION() after maintenance" };
        }
        return { wrongMajor: version };
    }
    return undefined;
}

function minimums(args: ResourceValidationArgs): { mysql: string; aurora: string } {
    const config = args.getConfig<{ minMysqlVersion?: string; minAuroraVersion?: string }>();
    return { mysql: config.minMysqlVersion ?? MIN_VERSIONS.mysql, aurora: config.minAuroraVersion ?? MIN_VERSIONS.auroraMysql };
}

/** MySQL 8.0.32 or newer (Aurora MySQL 3.05.2 or newer), and never a non-8.0 major. */
export const mysqlVersion: ResourceValidationPolicy = {
    name: "mysql-version",
    description: `MySQL ${MIN_VERSIONS.mysql} or newer within 8.0.x, Aurora MySQL ${MIN_VERSIONS.auroraMysql} or newer.`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Pin a supported version: Aurora 8.0.mysql_aurora.3.05.2 or newer, RDS 8.0.32+, Cloud SQL MYSQL_8_0_32+, Azure 8.0.21 (latest 8.0 minor).",
    configSchema: {
        properties: {
            minMysqlVersion: { type: "string", default: MIN_VERSIONS.mysql },
            minAuroraVersion: { type: "string", default: MIN_VERSIONS.auroraMysql },
        },
    },
    validateResource: (args, reportViolation) => {
        const found = mysqlVersionOf(args.type, args.props);
        if (!found) {
            return;
        }
        const min = minimums(args);
        if (found.wrongMajor !== undefined) {
            reportViolation(`MySQL version "${found.wrongMajor}" is not 8.0.x; W&B requires 8.0.x, ${min.mysql} or newer.`);
        } else if (found.aurora !== undefined && compareVersions(found.aurora, min.aurora) < 0) {
            reportViolation(`Aurora MySQL ${found.aurora} is older than ${min.aurora}.`);
        } else if (found.version !== undefined && compareVersions(found.version, min.mysql) < 0) {
            reportViolation(`MySQL ${found.version} is older than ${min.mysql}.`);
        } else if (found.note !== undefined && args.type === T.auroraCluster) {
            reportViolation(`Cannot verify Aurora MySQL >= ${min.aurora}: ${found.note}.`);
        }
    },
};

/** Advisory: MySQL 8.0.44 or newer, with the minor pinned. */
export const mysqlVersionRecommended: ResourceValidationPolicy = {
    name: "mysql-version-recommended",
    description: `MySQL ${MIN_VERSIONS.mysqlRecommended} or newer is recommended, with an explicit minor version.`,
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: `Move to ${MIN_VERSIONS.mysqlRecommended}+ and pin the minor so upgrades are deliberate.`,
    configSchema: { properties: { recommendedMysqlVersion: { type: "string", default: MIN_VERSIONS.mysqlRecommended } } },
    validateResource: (args, reportViolation) => {
        const found = mysqlVersionOf(args.type, args.props);
        const recommended = args.getConfig<{ recommendedMysqlVersion?: string }>().recommendedMysqlVersion ?? MIN_VERSIONS.mysqlRecommended;
        if (found?.version && parseVersion(found.version) && compareVersions(found.version, recommended) < 0) {
            reportViolation(`MySQL ${found.version} is older than the recommended ${recommended}.`);
        } else if (found?.note && args.type !== T.auroraCluster) {
            reportViolation(`${found.note}, which this policy cannot see: make sure it is ${recommended} or newer (${found.advice}).`);
        }
    },
};
