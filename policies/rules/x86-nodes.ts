import { ResourceValidationPolicy } from "@pulumi/policy";
import { armFamily, isArmAmiType } from "../../components/util/machines";
import { list, str } from "../lib/props";
import { T, isType } from "../lib/types";

/** Arm settings of a machine-type field: one message, naming the Arm table row it matched. */
function armMachine(cloud: "aws" | "gcp" | "azure", what: string, machineType: string | undefined): string[] {
    const family = machineType ? armFamily(cloud, machineType) : undefined;
    return family ? [`${what} ${machineType} is Arm (${family.families})`] : [];
}

/** GKE `nodeConfig` of the cluster's default pool and of each inline `nodePools[]` entry. */
function gkeClusterNodes(props: unknown): string[] {
    return [
        ...armMachine("gcp", "nodeConfig.machineType", str(props, "nodeConfig.machineType")),
        ...list(props, "nodePools").flatMap((pool) => armMachine("gcp", `nodePools[${str(pool, "name") ?? "?"}].nodeConfig.machineType`, str(pool, "nodeConfig.machineType"))),
    ];
}

/** Instance-type requirement keys of Karpenter's providers (AWS, Azure), and the cloud whose names they hold. */
const KARPENTER_TYPE_KEYS: Readonly<Record<string, "aws" | "azure">> = {
    "node.kubernetes.io/instance-type": "aws",
    "karpenter.k8s.aws/instance-family": "aws",
    "karpenter.azure.com/sku-name": "azure",
};

/**
 * A Karpenter (or EKS Auto Mode / AKS node auto-provisioning) NodePool launches Arm nodes unless its
 * requirements pin `kubernetes.io/arch` to amd64: without the requirement Karpenter may pick arm64
 * instances for Pods that do not select an architecture, which W&B's Pods do not.
 */
function karpenterNodes(props: unknown): string[] {
    const requirements = list(props, "spec.template.spec.requirements");
    const found: string[] = [];
    const arch = requirements.filter((r) => str(r, "key") === "kubernetes.io/arch");
    const values = (r: unknown) => list(r, "values").map((v) => String(v).toLowerCase());
    const amd64Only = arch.some((r) => (str(r, "operator") === "In" && values(r).length > 0 && values(r).every((v) => v === "amd64")) || (str(r, "operator") === "NotIn" && values(r).includes("arm64")));
    if (!amd64Only) {
        found.push("requirements do not pin kubernetes.io/arch to amd64, so it may launch Arm nodes");
    }
    for (const requirement of requirements) {
        const cloud = KARPENTER_TYPE_KEYS[str(requirement, "key") ?? ""];
        if (cloud && str(requirement, "operator") === "In") {
            for (const value of list(requirement, "values").map(String)) {
                found.push(...armMachine(cloud, `requirement ${str(requirement, "key")}`, value));
            }
        }
    }
    return found;
}

/** GKE ComputeClass priorities that steer node auto-provisioning to an Arm machine family or type. */
function computeClassNodes(props: unknown): string[] {
    return list(props, "spec.priorities").flatMap((priority, index) => {
        return [...armMachine("gcp", `priorities[${index}].machineFamily`, str(priority, "machineFamily")), ...armMachine("gcp", `priorities[${index}].machineType`, str(priority, "machineType"))];
    });
}

/** Arm settings of a node resource: one message each. Database classes (db.r6g.*) are not nodes and never looked at. */
function armSettings(type: string, props: unknown): string[] {
    if (type === T.eksNodeGroup) {
        const amiType = str(props, "amiType");
        return [
            ...(amiType && isArmAmiType(amiType) ? [`amiType ${amiType} is Arm`] : []),
            ...list(props, "instanceTypes").flatMap((t) => armMachine("aws", "instance type", typeof t === "string" ? t : undefined)),
        ];
    }
    if (type === T.launchTemplate) {
        return armMachine("aws", "instance type", str(props, "instanceType"));
    }
    if (type === T.gkeNodePool) {
        return armMachine("gcp", "machine type", str(props, "nodeConfig.machineType"));
    }
    if (type === T.gkeCluster) {
        return gkeClusterNodes(props);
    }
    if (type === T.aksAgentPool) {
        return armMachine("azure", "VM size", str(props, "vmSize"));
    }
    if (type === T.aksCluster) {
        return list(props, "agentPoolProfiles").flatMap((pool) => armMachine("azure", `agent pool ${str(pool, "name") ?? "?"} VM size`, str(pool, "vmSize")));
    }
    if (isType(type, T.karpenterNodePool)) {
        return karpenterNodes(props);
    }
    if (type === T.gkeComputeClass) {
        return computeClassNodes(props);
    }
    return [];
}

/** W&B runs on x86-64 only: every Kubernetes worker must be x86-64. */
export const x86Nodes: ResourceValidationPolicy = {
    name: "x86-nodes",
    description: "Kubernetes worker nodes are x86-64 (W&B does not support Arm): node groups and pools, pools declared inside cluster resources, Karpenter/EKS Auto Mode/AKS NAP NodePools, GKE ComputeClasses.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Use x86-64 node types (AWS r6i/m6i, GCP n2-highmem, Azure Standard_E*_v5) and x86_64 AMI types; give Karpenter NodePools a kubernetes.io/arch In [amd64] requirement. Graviton is fine for the database (db.r6g.*), not for nodes.",
    validateResource: (args, reportViolation) => {
        for (const message of armSettings(args.type, args.props)) {
            reportViolation(`${message}; W&B runs on x86-64 only.`);
        }
    },
};
