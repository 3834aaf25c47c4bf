import * as pulumi from "@pulumi/pulumi";
import { WandbArgumentError, requireOneOf } from "../components/util/errors";
import { wandbConfig } from "./config";
import { awsProgram } from "./aws";
import { azureProgram } from "./azure";
import { gcpProgram } from "./gcp";
import { onpremProgram } from "./onprem";

/** A per-environment program: registers resources and returns the stack outputs. */
export type WandbProgram = () => Record<string, pulumi.Output<unknown>>;

/** The programs a stack can run, by the name in `wandb:program`. */
export const PROGRAMS: Readonly<Record<string, WandbProgram>> = {
    onprem: onpremProgram,
    aws: awsProgram,
    gcp: gcpProgram,
    azure: azureProgram,
};

/** Runs the program the stack's `wandb:program` names. */
export function runStackProgram(): Record<string, pulumi.Output<unknown>> {
    const name = wandbConfig().get("program");
    if (name === undefined) {
        throw new WandbArgumentError("wandb:program", name, `set it in Pulumi.<stack>.yaml to one of ${Object.keys(PROGRAMS).join(", ")}`);
    }
    return PROGRAMS[requireOneOf("wandb:program", name, Object.keys(PROGRAMS))]();
}
