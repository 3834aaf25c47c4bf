/** Google Cloud settings of `WandbInfra` (selects GCP). */
export interface GcpInfraArgs {
    /** Project id. */
    project: string;
    /** Region, e.g. `us-central1`. */
    region: string;
}
