/** Mock outputs and invoke results for azure resource types (see ../mocks.ts). */
import type { CallResult, OutputsFor } from "../mocks";

/** azure resource type → extra outputs. */
export const AZURE_RESOURCE_OUTPUTS: Record<string, OutputsFor> = {};

/** azure invoke token → result. */
export const AZURE_CALL_RESULTS: Record<string, CallResult> = {};
