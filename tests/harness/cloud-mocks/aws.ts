/** Mock outputs and invoke results for aws resource types (see ../mocks.ts). */
import type { CallResult, OutputsFor } from "../mocks";

/** aws resource type → extra outputs. */
export const AWS_RESOURCE_OUTPUTS: Record<string, OutputsFor> = {};

/** aws invoke token → result. */
export const AWS_CALL_RESULTS: Record<string, CallResult> = {};
