// The Pulumi entry point (Pulumi.yaml `main`): the stack's `wandb:program` picks the program.
import { runStackProgram } from "./select";

export = runStackProgram();
