import * as pulumi from "@pulumi/pulumi";
import { cloudProgram } from "../cloud";

/** W&B on AWS: `WandbInfra` (EKS, Aurora, ElastiCache, S3, ALB) from `wandb:infra`, then the operator and the instance. */
export function awsProgram(): Record<string, pulumi.Output<unknown>> {
    return cloudProgram("aws");
}
