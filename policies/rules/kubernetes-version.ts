import { ResourceValidationPolicy } from "@pulumi/policy";
import { MIN_VERSIONS } from "../../components/requirements";
import { versionAtLeast } from "../../components/util/versions";
import { list, str } from "../lib/props";
import { T } from "../lib/types";

/** The Kubernetes version fields of a resource: [what, version]. An unset field is reported as such. */
function kubernetesVersions(type: string, props: unknown): [string, string | undefined][] {
    switch (type) {
        case T.eksCluster:
            return [["version", str(props, "version")]];
        case T.eksNodeGroup:
            return str(props, "version") ? [["version", str(props, "version")]] : [];
        case T.gkeCluster:
            // Without minMasterVersion the release channel's default decides, which this rule cannot see.
            return [["minMasterVersion", str(props, "minMasterVersion")]];
        case T.gkeNodePool:
            return str(props, "version") ? [["version", str(props, "version")]] : [];
        case T.aksCluster:
            return [
                ["kubernetesVersion", str(props, "kubernetesVersion")],
                ...list(props, "agentPoolProfiles")
                    .filter((pool) => str(pool, "orchestratorVersion"))
                    .map((pool): [string, string | undefined] => [`agentPoolProfiles[${str(pool, "name")}].orchestratorVersion`, str(pool, "orchestratorVersion")]),
            ];
        case T.aksAgentPool:
            return str(props, "orchestratorVersion") ? [["orchestratorVersion", str(props, "orchestratorVersion")]] : [];
        default:
            return [];
    }
}

/** EKS, GKE and AKS at Kubernetes 1.34 or newer. */
export const kubernetesVersion: ResourceValidationPolicy = {
    name: "kubernetes-version",
    description: `Kubernetes ${MIN_VERSIONS.kubernetes} or newer on EKS, GKE (minMasterVersion) and AKS.`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: `Set the cluster version (EKS version, GKE minMasterVersion, AKS kubernetesVersion) to ${MIN_VERSIONS.kubernetes} or newer.`,
    configSchema: { properties: { minVersion: { type: "string", default: MIN_VERSIONS.kubernetes } } },
    validateResource: (args, reportViolation) => {
        const minimum = args.getConfig<{ minVersion?: string }>().minVersion ?? MIN_VERSIONS.kubernetes;
        for (const [field, version] of kubernetesVersions(args.type, args.props)) {
            if (version === undefined) {
                reportViolation(`${field} is not set, so the cloud's default decides the Kubernetes version; set it to ${minimum} or newer.`);
            } else if (!versionAtLeast(version, minimum)) {
                reportViolation(`${field} ${version} is older than Kubernetes ${minimum}.`);
            }
        }
    },
};
