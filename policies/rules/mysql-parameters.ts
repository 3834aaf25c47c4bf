import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { MYSQL_PARAMETERS } from "../../components/requirements";
import { AURORA, AURORA_INSTANCE_PARAMETERS, AZURE_MYSQL, CLOUD_SQL, RDS_MYSQL, checkParameters, parameterProblems } from "../lib/mysql";
import { list, str } from "../lib/props";
import { groupBy, identifierIndex, ofType } from "../lib/stack";
import { T } from "../lib/types";

/** `parameters: [{name, value}]` of RDS parameter groups, as a map. */
function groupParameters(groups: readonly PolicyResource[]): Map<string, string> {
    const parameters = new Map<string, string>();
    for (const group of groups) {
        for (const parameter of list(group.props, "parameters")) {
            const name = str(parameter, "name");
            const value = str(parameter, "value");
            if (name && value !== undefined) {
                parameters.set(name, value);
            }
        }
    }
    return parameters;
}

/** The six W&B MySQL parameters on every managed MySQL in the stack, per service. */
export const mysqlParameters: StackValidationPolicy = {
    name: "mysql-parameters",
    description: `W&B's MySQL 8 parameters (${Object.entries(MYSQL_PARAMETERS).map(([k, v]) => `${k}=${v}`).join(", ")}) on Aurora, RDS, Cloud SQL and Azure flexible server, where the service lets you set them.`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Aurora: set binlog_format, binlog_row_image and innodb_online_alter_log_max_size in the DB cluster parameter group and sort_buffer_size in the DB parameter group of each instance. RDS: set them in the DB parameter group. Cloud SQL: settings.databaseFlags. Azure: dbformysql.Configuration resources. WandbInfra does all of this.",
    validateStack: (args, reportViolation) => {
        const resources = args.resources;
        const clusterGroups = identifierIndex(ofType(resources, T.rdsClusterParameterGroup));
        const instanceGroups = identifierIndex(ofType(resources, T.rdsParameterGroup));
        const groupOf = (name: string | undefined) => (name ? (instanceGroups.get(name) ?? []) : []);
        const instancesOf = groupBy(ofType(resources, T.auroraInstance), "clusterIdentifier");
        for (const cluster of ofType(resources, T.auroraCluster).filter((c) => str(c.props, "engine") === "aurora-mysql")) {
            const clusterGroup = clusterGroups.get(str(cluster.props, "dbClusterParameterGroupName") ?? "") ?? [];
            if (clusterGroup.length === 0) {
                reportViolation("Aurora cluster has no DB cluster parameter group of this stack (dbClusterParameterGroupName), so W&B's parameters are not set.", cluster.urn);
                continue;
            }
            const ids = new Set([str(cluster.props, "clusterIdentifier"), str(cluster.props, "id")].filter((id): id is string => id !== undefined));
            const members = [...ids].flatMap((id) => instancesOf.get(id) ?? []);
            // Each instance runs the cluster group overlaid by its own DB parameter group: judge each one,
            // and put a problem on the cluster when it comes from the cluster group alone.
            const clusterParameters = groupParameters(clusterGroup);
            const clusterProblems = new Map<string, string>();
            const judged = members.length ? members : [undefined];
            for (const member of judged) {
                const ownGroup = member ? groupOf(str(member.props, "dbParameterGroupName")) : [];
                if (member && ownGroup.length === 0) {
                    reportViolation("Aurora instance has no DB parameter group of this stack (dbParameterGroupName), so sort_buffer_size is not set.", member.urn);
                }
                const own = groupParameters(ownGroup);
                for (const problem of parameterProblems(new Map([...clusterParameters, ...own]), AURORA)) {
                    const instanceLevel = AURORA_INSTANCE_PARAMETERS.includes(problem.name);
                    if (member && (own.has(problem.name) || (instanceLevel && ownGroup.length > 0))) {
                        reportViolation(`Aurora MySQL instance: ${problem.message}.`, member.urn);
                    } else if (!instanceLevel) {
                        clusterProblems.set(problem.name, problem.message);
                    }
                }
            }
            for (const message of clusterProblems.values()) {
                reportViolation(`Aurora MySQL: ${message}.`, cluster.urn);
            }
        }
        for (const instance of ofType(resources, T.rdsInstance).filter((i) => str(i.props, "engine") === "mysql")) {
            const group = groupOf(str(instance.props, "parameterGroupName"));
            if (group.length === 0) {
                reportViolation("RDS MySQL instance has no DB parameter group of this stack (parameterGroupName).", instance.urn);
                continue;
            }
            for (const problem of checkParameters(groupParameters(group), RDS_MYSQL)) {
                reportViolation(`RDS for MySQL: ${problem}.`, instance.urn);
            }
        }
        for (const instance of ofType(resources, T.cloudSql).filter((i) => (str(i.props, "databaseVersion") ?? "").startsWith("MYSQL"))) {
            const flags = new Map<string, string>();
            for (const flag of list(instance.props, "settings.databaseFlags")) {
                const name = str(flag, "name");
                const value = str(flag, "value");
                if (name && value !== undefined) {
                    flags.set(name, value);
                }
            }
            for (const problem of checkParameters(flags, CLOUD_SQL)) {
                reportViolation(`Cloud SQL database flag ${problem}.`, instance.urn);
            }
        }
        const configurations = groupBy(ofType(resources, T.azureMysqlConfiguration), "serverName");
        for (const server of ofType(resources, T.azureMysqlServer)) {
            const serverName = str(server.props, "serverName") ?? str(server.props, "name");
            const settings = new Map<string, string>();
            for (const configuration of configurations.get(serverName ?? "") ?? []) {
                const name = str(configuration.props, "configurationName") ?? str(configuration.props, "name");
                const value = str(configuration.props, "value");
                if (name && value !== undefined) {
                    settings.set(name, value);
                }
            }
            for (const problem of checkParameters(settings, AZURE_MYSQL)) {
                reportViolation(`Azure MySQL server configuration ${problem}.`, server.urn);
            }
        }
    },
};
