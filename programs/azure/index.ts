import * as pulumi from "@pulumi/pulumi";
import { cloudProgram } from "../cloud";

/** W&B on Azure: `WandbInfra` (AKS, MySQL flexible server, Managed Redis, Blob Storage, ingress-nginx) from `wandb:infra`, then the operator and the instance. */
export function azureProgram(): Record<string, pulumi.Output<unknown>> {
    return cloudProgram("azure");
}
