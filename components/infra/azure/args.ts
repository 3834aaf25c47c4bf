/** Azure settings of `WandbInfra` (selects Azure). */
export interface AzureInfraArgs {
    /** Azure location, e.g. `eastus2`. */
    location: string;
}
