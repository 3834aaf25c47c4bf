/**
 * CPU architecture and size of cloud machine types, from their names.
 *
 * - AWS: `<family><generation><options>.<size>`; a `g` option is Graviton (Arm): m6g, c7gn, r8g,
 *   t4g (the same test pulumi-eks uses); `a1` is the first Arm generation.
 * - GCP: the Arm series are Tau T2A (`t2a-`), Axion C4A (`c4a-`) and Axion N4A (`n4a-`).
 * - Azure: a `p` among the size's feature letters is an Arm (Ampere/Cobalt) size: Standard_D4ps_v5,
 *   Standard_E8pds_v5, Standard_D2pls_v6.
 */

/** True for an Arm (not x86-64) AWS EC2 instance type. */
export function isArmAwsInstance(instanceType: string): boolean {
    const match = /^([a-z]+)(\d+)([a-z-]*)\./.exec(instanceType.trim().toLowerCase());
    if (!match) {
        return false;
    }
    return (match[1] === "a" && match[2] === "1") || match[3].includes("g");
}

/** True for an Arm EKS AMI type (`AL2023_ARM_64_STANDARD`, `BOTTLEROCKET_ARM_64`, ...). */
export function isArmAmiType(amiType: string): boolean {
    return /ARM_64/i.test(amiType);
}

/** True for an Arm GCE machine type. */
export function isArmGceMachine(machineType: string): boolean {
    return /^(t2a|c4a|n4a)-/i.test(machineType.trim());
}

/** True for an Arm Azure VM size. */
export function isArmAzureVm(vmSize: string): boolean {
    const match = /^Standard_([A-Z]+)(\d+)(-\d+)?([a-z]*)_/i.exec(vmSize.trim());
    return match !== null && match[4].toLowerCase().includes("p");
}

/** vCPUs and memory (GB) of a machine type, when its name says. */
export interface MachineSize {
    cpu: number;
    memoryGb: number;
}

const AWS_SIZE_CPUS: Record<string, number> = { large: 2, xlarge: 4, "2xlarge": 8, "4xlarge": 16, "8xlarge": 32, "12xlarge": 48, "16xlarge": 64, "24xlarge": 96 };
const AWS_FAMILY_GB_PER_CPU: Record<string, number> = { r: 8, x: 16, m: 4, c: 2, t: 4 };
const AZURE_FAMILY_GB_PER_CPU: Record<string, number> = { E: 8, D: 4, F: 2, M: 28 };
const GCE_GB_PER_CPU: Record<string, number> = { highmem: 8, standard: 4, highcpu: 1 };

/** Size of an AWS, GCE or Azure machine type from its name; undefined when the name does not say. */
export function machineSize(machineType: string): MachineSize | undefined {
    const aws = /^([a-z]+)\d+[a-z-]*\.(\w+)$/.exec(machineType);
    if (aws && AWS_SIZE_CPUS[aws[2]] && AWS_FAMILY_GB_PER_CPU[aws[1][0]]) {
        const cpu = AWS_SIZE_CPUS[aws[2]];
        return { cpu, memoryGb: cpu * AWS_FAMILY_GB_PER_CPU[aws[1][0]] };
    }
    const gce = /^[a-z]\d[a-z]?-(highmem|standard|highcpu)-(\d+)$/.exec(machineType);
    if (gce) {
        const cpu = Number(gce[2]);
        return { cpu, memoryGb: cpu * GCE_GB_PER_CPU[gce[1]] };
    }
    const azure = /^Standard_([A-Z])(\d+)[a-z]*_v\d+$/.exec(machineType);
    if (azure && AZURE_FAMILY_GB_PER_CPU[azure[1]]) {
        const cpu = Number(azure[2]);
        return { cpu, memoryGb: cpu * AZURE_FAMILY_GB_PER_CPU[azure[1]] };
    }
    return undefined;
}
