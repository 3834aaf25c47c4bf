import { ResourceValidationPolicy } from "@pulumi/policy";
import { isArmAmiType, isArmAwsInstance, isArmAzureVm, isArmGceMachine } from "../../components/util/machines";
import { list, str } from "../lib/props";
import { T } from "../lib/types";

/** Arm settings of a node resource: one message each. Database classes (db.r6g.*) are not nodes and never looked at. */
function armSettings(type: string, props: unknown): string[] {
    const found: string[] = [];
    if (type === T.eksNodeGroup) {
        const amiType = str(props, "amiType");
        if (amiType && isArmAmiType(amiType)) {
            found.push(`amiType ${amiType} is Arm`);
        }
        for (const instanceType of list(props, "instanceTypes").filter((t): t is string => typeof t === "string")) {
            if (isArmAwsInstance(instanceType)) {
                found.push(`instance type ${instanceType} is Graviton (Arm)`);
            }
        }
    } else if (type === T.launchTemplate) {
        const instanceType = str(props, "instanceType");
        if (instanceType && isArmAwsInstance(instanceType)) {
            found.push(`instance type ${instanceType} is Graviton (Arm)`);
        }
    } else if (type === T.gkeNodePool || type === T.gkeCluster) {
        const machineType = str(props, "nodeConfig.machineType");
        if (machineType && isArmGceMachine(machineType)) {
            found.push(`machine type ${machineType} is Arm`);
        }
    } else if (type === T.aksAgentPool) {
        const vmSize = str(props, "vmSize");
        if (vmSize && isArmAzureVm(vmSize)) {
            found.push(`VM size ${vmSize} is Arm`);
        }
    } else if (type === T.aksCluster) {
        for (const pool of list(props, "agentPoolProfiles")) {
            const vmSize = str(pool, "vmSize");
            if (vmSize && isArmAzureVm(vmSize)) {
                found.push(`agent pool ${str(pool, "name") ?? "?"} VM size ${vmSize} is Arm`);
            }
        }
    }
    return found;
}

/** W&B runs on x86-64 only: every Kubernetes worker must be x86-64. */
export const x86Nodes: ResourceValidationPolicy = {
    name: "x86-nodes",
    description: "Kubernetes worker nodes are x86-64 (W&B does not support Arm): EKS node groups and launch templates, GKE node pools, AKS agent pools.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Use x86-64 node types (AWS r6i/m6i, GCP n2-highmem, Azure Standard_E*_v5) and x86_64 AMI types. Graviton is fine for the database (db.r6g.*), not for nodes.",
    validateResource: (args, reportViolation) => {
        for (const message of armSettings(args.type, args.props)) {
            reportViolation(`${message}; W&B runs on x86-64 only.`);
        }
    },
};
