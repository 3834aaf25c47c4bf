/**
 * CPU architecture and size of cloud machine types, from their names. Which names are Arm is kept in
 * one table per cloud (`ARM_FAMILIES`), each row with the page that says so.
 */

/** One row of the Arm table: what it matches, an example, and where the cloud says it is Arm. */
export interface ArmFamily {
    /** The families or series the row covers. */
    families: string;
    /** Matches a machine type (instance type, machine type, VM size) of the row. */
    pattern: RegExp;
    /** The cloud's page that names the row's CPU as Arm. */
    source: string;
}

/** Arm machine families per cloud; anything not matched is taken as x86-64. */
export const ARM_FAMILIES: Readonly<Record<"aws" | "gcp" | "azure", readonly ArmFamily[]>> = {
    aws: [
        // `<family><generation><options>.<size>`: a `g` among the options is AWS Graviton (m6g, c7gn, r8g, t4g, x2gd, im4gn, is4gen, i4g).
        { families: "Graviton: any generation with a g option (m6g, c7gn, r8g, t4g, x2gd, im4gn, is4gen)", pattern: /^[a-z]+\d+[a-z-]*g[a-z-]*(\.|$)/, source: "https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html" },
        { families: "A1 (first-generation Graviton)", pattern: /^a1(\.|$)/, source: "https://aws.amazon.com/ec2/instance-types/a1/" },
        { families: "G5g (Graviton2 host with NVIDIA T4G GPUs)", pattern: /^g5g(\.|$)/, source: "https://aws.amazon.com/ec2/instance-types/g5g/" },
        { families: "P6e-GB200 (NVIDIA Grace Arm host with Blackwell GPUs)", pattern: /^p6e-gb\d+(\.|$)/, source: "https://aws.amazon.com/ec2/instance-types/p6/" },
    ],
    gcp: [
        { families: "Tau T2A (Ampere Altra)", pattern: /^t2a(-|$)/, source: "https://cloud.google.com/compute/docs/general-purpose-machines#t2a_machines" },
        { families: "C4A (Google Axion)", pattern: /^c4a(-|$)/, source: "https://cloud.google.com/compute/docs/general-purpose-machines#c4a_series" },
        { families: "N4A (Google Axion)", pattern: /^n4a(-|$)/, source: "https://cloud.google.com/compute/docs/general-purpose-machines#n4a_series" },
        { families: "A4X (NVIDIA GB200: Grace Arm host CPUs)", pattern: /^a4x(-|$)/, source: "https://cloud.google.com/compute/docs/accelerator-optimized-machines#a4x-vms" },
    ],
    azure: [
        // Standard_<family><vCPUs>[-<constrained>]<features>_v<n>: a `p` feature letter is an Arm CPU.
        { families: "p feature letter: Dpsv5, Dplsv5, Epsv5 (Ampere Altra), Dpsv6, Epsv6 (Cobalt 100)", pattern: /^standard_[a-z]+\d+(-\d+)?[a-z]*p[a-z]*_/, source: "https://learn.microsoft.com/azure/virtual-machines/vm-naming-conventions" },
        { families: "ND GB200 v6 / ND GB300 v6 (NVIDIA Grace Arm host CPUs)", pattern: /^standard_nd\d+[a-z]*(_ndr)?_gb\d+_v\d+$/, source: "https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/nd-gb200-v6-series" },
    ],
};

/**
 * The Arm row of `cloud` a machine type (`m7g.large`, `c4a-highmem-8`, `Standard_D4ps_v5`) or a bare
 * AWS/GCP family (`m7g`, `c4a`) belongs to; undefined for x86-64. Case and spaces are ignored.
 */
export function armFamily(cloud: keyof typeof ARM_FAMILIES, machineType: string): ArmFamily | undefined {
    const name = machineType.trim().toLowerCase();
    return ARM_FAMILIES[cloud].find((row) => row.pattern.test(name));
}

/** True for an Arm (not x86-64) AWS EC2 instance type. */
export function isArmAwsInstance(instanceType: string): boolean {
    return armFamily("aws", instanceType) !== undefined;
}

/** True for an Arm EKS AMI type (`AL2023_ARM_64_STANDARD`, `BOTTLEROCKET_ARM_64`, `AL2_ARM_64`). */
export function isArmAmiType(amiType: string): boolean {
    // https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html#AmazonEKS-Type-Nodegroup-amiType
    return /ARM_64/i.test(amiType);
}

/** True for an Arm GCE machine type. */
export function isArmGceMachine(machineType: string): boolean {
    return armFamily("gcp", machineType) !== undefined;
}

/** True for an Arm Azure VM size. */
export function isArmAzureVm(vmSize: string): boolean {
    return armFamily("azure", vmSize) !== undefined;
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
