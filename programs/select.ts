import * as pulumi from "@pulumi/pulumi";
import { WandbArgumentError, requireOneOf } from "../components/util/errors";
import { PROGRAM_NAMES, stackKey } from "./config";
import { awsProgram } from "./aws";
import { azureProgram } from "./azure";
import { gcpProgram } from "./gcp";
import { onpremProgram } from "./onprem";

/** A per-environment program: validates the stack configuration, registers resources and returns the stack outputs. */
export type WandbProgram = () => Record<string, pulumi.Output<unknown>>;

/** The programs a stack can run, by the name in `wandb:program`. */
export const PROGRAMS: Readonly<Record<(typeof PROGRAM_NAMES)[number], WandbProgram>> = {
    onprem: onpremProgram,
    aws: awsProgram,
    gcp: gcpProgram,
    azure: azureProgram,
};

/** Runs the program the stack's `wandb:program` names. */
export function runStackProgram(): Record<string, pulumi.Output<unknown>> {
    const name = pulumi.runtime.getConfig(stackKey("program"));
    if (name === undefined) {
        throw new WandbArgumentError(stackKey("program"), name, `set it in Pulumi.<stack>.yaml to one of ${PROGRAM_NAMES.join(", ")}`);
    }
    return PROGRAMS[requireOneOf(stackKey("program"), name, PROGRAM_NAMES)]();
}
