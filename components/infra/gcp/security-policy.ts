import { SecurityPolicy } from "@pulumi/gcp/compute/securityPolicy";
import { InfraScope, childName, physicalName } from "../scope";
import { GcpInfraArgs } from "./args";

/** Cloud Armor's basic (`SRC_IPS_V1`) match takes at most 10 ranges per rule. */
const RANGES_PER_RULE = 10;
/** The default rule's priority: Cloud Armor evaluates it last. */
const DEFAULT_RULE_PRIORITY = 2147483647;

/**
 * A Cloud Armor backend security policy that allows the given IPv4 and IPv6 CIDRs (10 per rule) and
 * denies everything else with 403. The chart attaches it to every W&B backend through the BackendConfig
 * it renders on GKE (`global.gcpSecurityPolicy`).
 */
export function createGcpSecurityPolicy(scope: InfraScope, args: GcpInfraArgs, allowedCidrs: string[]): SecurityPolicy {
    const chunks = Array.from({ length: Math.ceil(allowedCidrs.length / RANGES_PER_RULE) }, (_, index) => allowedCidrs.slice(index * RANGES_PER_RULE, (index + 1) * RANGES_PER_RULE));
    return new SecurityPolicy(
        childName(scope, "security-policy"),
        {
            project: args.project,
            name: physicalName(scope, "allow-list"),
            description: "W&B: allow the listed source ranges, deny the rest",
            type: "CLOUD_ARMOR",
            rules: [
                ...chunks.map((srcIpRanges, index) => ({ action: "allow", priority: 1000 + index, description: `W&B allowed sources ${index + 1}`, match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges } } })),
                { action: "deny(403)", priority: DEFAULT_RULE_PRIORITY, description: "Everything else", match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } } },
            ],
        },
        { parent: scope.parent },
    );
}
