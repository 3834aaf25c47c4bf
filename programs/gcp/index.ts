import * as pulumi from "@pulumi/pulumi";
import { cloudProgram } from "../cloud";

/** W&B on Google Cloud: `WandbInfra` (GKE, Cloud SQL, Memorystore, GCS, GCE ingress) from `wandb:infra`, then the operator and the instance. */
export function gcpProgram(): Record<string, pulumi.Output<unknown>> {
    return cloudProgram("gcp");
}
