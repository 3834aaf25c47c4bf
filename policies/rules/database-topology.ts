import { StackValidationPolicy } from "@pulumi/policy";
import { ENVIRONMENT_SCHEMA, stackEnvironment } from "../lib/environment";
import { bool, str } from "../lib/props";
import { groupBy, ofType } from "../lib/stack";
import { T } from "../lib/types";

/**
 * The application database is one writer with a hot standby in another zone: no read replicas serving
 * W&B, no multi-primary, and W&B connected to the writer endpoint. The standby is required in
 * production; replicas, multi-primary and reader endpoints are refused everywhere.
 */
export const databaseTopology: StackValidationPolicy = {
    name: "database-topology",
    description: "Production: a failover standby in another zone (Aurora Multi-AZ, Cloud SQL REGIONAL, Azure zone-redundant HA). Always: no read replicas or multi-primary for the application database; W&B uses the writer endpoint.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Aurora: two instances in different AZs on one cluster, W&B on the cluster (writer) endpoint. Cloud SQL: availabilityType REGIONAL. Azure: highAvailability.mode ZoneRedundant. Remove read replicas, reader auto scaling, multi-master and write forwarding.",
    configSchema: { properties: { ...ENVIRONMENT_SCHEMA } },
    validateStack: (args, reportViolation) => {
        const resources = args.resources;
        const production = stackEnvironment(args.getConfig<{ environment?: string }>(), args.stackTags, resources) === "production";
        const instancesOf = groupBy(ofType(resources, T.auroraInstance), "clusterIdentifier");
        const readerEndpoints = new Set<string>();
        for (const cluster of ofType(resources, T.auroraCluster)) {
            const id = str(cluster.props, "clusterIdentifier") ?? str(cluster.props, "id");
            const reader = str(cluster.props, "readerEndpoint");
            if (reader) {
                readerEndpoints.add(reader);
            }
            if (str(cluster.props, "engineMode") === "multimaster") {
                reportViolation("Aurora multi-master: W&B does not support a multi-primary topology.", cluster.urn);
            }
            if (bool(cluster.props, "enableGlobalWriteForwarding") === true || bool(cluster.props, "enableLocalWriteForwarding") === true) {
                reportViolation("Aurora write forwarding makes readers accept writes: not supported for the W&B database.", cluster.urn);
            }
            const members = [...new Set([id, str(cluster.props, "id")])].flatMap((key) => (key ? (instancesOf.get(key) ?? []) : []));
            const zones = members.map((member) => str(member.props, "availabilityZone"));
            const pinnedToOneZone = members.length >= 2 && zones.every((zone) => zone !== undefined) && new Set(zones).size < 2;
            if (production && (members.length < 2 || pinnedToOneZone)) {
                reportViolation(`Production Aurora cluster has ${members.length} instance(s)${pinnedToOneZone ? " in one AZ" : ""}: it needs a failover standby in another AZ (Aurora Multi-AZ).`, cluster.urn);
            }
        }
        for (const target of ofType(resources, T.appAutoscalingTarget)) {
            if (str(target.props, "scalableDimension") === "rds:cluster:ReadReplicaCount") {
                reportViolation("Aurora reader auto scaling: W&B does not use read replicas.", target.urn);
            }
        }
        for (const instance of ofType(resources, T.rdsInstance)) {
            if (str(instance.props, "replicateSourceDb")) {
                reportViolation("An RDS read replica: W&B does not support read replicas for the application database.", instance.urn);
            } else if (production && str(instance.props, "engine") === "mysql" && bool(instance.props, "multiAz") !== true) {
                reportViolation("Production RDS MySQL without Multi-AZ standby.", instance.urn);
            }
        }
        for (const instance of ofType(resources, T.cloudSql)) {
            if (str(instance.props, "masterInstanceName")) {
                reportViolation("A Cloud SQL read replica: W&B does not support read replicas for the application database.", instance.urn);
            } else if (production && str(instance.props, "settings.availabilityType") !== "REGIONAL") {
                reportViolation("Production Cloud SQL is not REGIONAL (no standby in another zone).", instance.urn);
            }
        }
        for (const server of ofType(resources, T.azureMysqlServer)) {
            if (str(server.props, "createMode") === "Replica" || str(server.props, "replicationRole") === "Replica") {
                reportViolation("An Azure MySQL read replica: W&B does not support read replicas for the application database.", server.urn);
            } else if (production && str(server.props, "highAvailability.mode") !== "ZoneRedundant") {
                reportViolation("Production Azure MySQL without zone-redundant high availability.", server.urn);
            }
        }
        for (const cr of ofType(resources, T.wandbCr)) {
            const host = str(cr.props, "spec.values.global.mysql.host") ?? "";
            if (readerEndpoints.has(host) || /\.cluster-ro-/.test(host)) {
                reportViolation(`W&B connects to the Aurora reader endpoint ${host}; it must use the cluster (writer) endpoint.`, cr.urn);
            }
        }
    },
};
