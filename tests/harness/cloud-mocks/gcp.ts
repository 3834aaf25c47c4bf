/** Mock outputs and invoke results for gcp resource types (see ../mocks.ts). */
import type { CallResult, OutputsFor } from "../mocks";

/** gcp resource type → extra outputs. */
export const GCP_RESOURCE_OUTPUTS: Record<string, OutputsFor> = {};

/** gcp invoke token → result. */
export const GCP_CALL_RESULTS: Record<string, CallResult> = {};
