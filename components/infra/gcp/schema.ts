import { Schema, flag, integer, list, object, required, text } from "../../util/schema";
import { RULES } from "../../util/validate";
import { GcpExistingNetwork, GcpInfraArgs } from "./args";

/** A Google Cloud region name (`<area>-<location><n>`). */
export const GCP_REGION_RULE = { allowed: "a Google Cloud region name", example: "us-central1", test: (v: string) => /^[a-z]+-[a-z]+\d+$/.test(v) };

const EXISTING_NETWORK_SCHEMA: Schema<GcpExistingNetwork> = {
    networkId: required(text(RULES.nonEmpty)),
    subnetworkId: required(text(RULES.nonEmpty)),
    podsRangeName: required(text(RULES.nonEmpty)),
    servicesRangeName: required(text(RULES.nonEmpty)),
    privateServicesAccess: required(flag),
};

/** {@link GcpInfraArgs}: `wandb:infra.gcp`. */
export const GCP_SCHEMA: Schema<GcpInfraArgs> = {
    project: required(text({ allowed: "a Google Cloud project id: 6-30 lower-case letters, digits and '-'", example: "ml-platform-prod", test: (v) => /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(v) })),
    region: required(text(GCP_REGION_RULE)),
    zone: text({ allowed: "a zone of the region (<region>-<letter>)", example: "us-central1-a", test: (v) => /^[a-z]+-[a-z]+\d+-[a-z]$/.test(v) }),
    existingNetwork: object(EXISTING_NETWORK_SCHEMA),
    subnetCidr: text(RULES.cidr),
    managedZone: required(text({ allowed: "a Cloud DNS managed zone name (not its DNS name)", example: "ml-example-com", test: (v) => /^[a-z][a-z0-9-]{0,62}$/.test(v) })),
    managedZoneDnsName: required(text({ ...RULES.fqdn, allowed: "the managed zone's DNS name, with or without the trailing dot", example: "example.com." })),
    masterAuthorizedCidrs: list(text(RULES.cidr)),
    databaseVersion: text({ allowed: "a Cloud SQL version MYSQL_8_0_<minor>", example: "MYSQL_8_0_41", test: (v) => /^MYSQL_8_0_\d+$/.test(v) }),
    retainedBackups: integer(1, 365),
    highAvailability: flag,
    redis: flag,
    queue: flag,
    instanceNamespace: text(RULES.kubernetesName),
    serviceAccountName: text(RULES.kubernetesName),
};
