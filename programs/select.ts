import * as pulumi from "@pulumi/pulumi";
import { WandbArgumentError, requireOneOf } from "../components/util/errors";
import { PROGRAM_NAMES, stackKey } from "./config";

/** A per-environment program: validates the stack configuration, registers resources and returns the stack outputs. */
export type WandbProgram = () => Record<string, pulumi.Output<unknown>>;

/**
 * The programs a stack can run, by the name in `wandb:program`. Each is loaded only when it runs, so a stack loads
 * its own cloud's components and provider SDK and no other (an onprem preview spent most of its program start-up
 * loading the AWS, GCP and Azure ones; docs/performance.md, "Preview cost").
 */
export const PROGRAMS: Readonly<Record<(typeof PROGRAM_NAMES)[number], WandbProgram>> = {
    onprem: () => (require("./onprem") as typeof import("./onprem")).onpremProgram(),
    aws: () => (require("./aws") as typeof import("./aws")).awsProgram(),
    gcp: () => (require("./gcp") as typeof import("./gcp")).gcpProgram(),
    azure: () => (require("./azure") as typeof import("./azure")).azureProgram(),
};

/** Runs the program the stack's `wandb:program` names. */
export function runStackProgram(): Record<string, pulumi.Output<unknown>> {
    const name = pulumi.runtime.getConfig(stackKey("program"));
    if (name === undefined) {
        throw new WandbArgumentError(stackKey("program"), name, `set it in Pulumi.<stack>.yaml to one of ${PROGRAM_NAMES.join(", ")}`);
    }
    return PROGRAMS[requireOneOf(stackKey("program"), name, PROGRAM_NAMES)]();
}
