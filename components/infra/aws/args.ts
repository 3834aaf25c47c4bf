/** AWS settings of `WandbInfra` (selects AWS). */
export interface AwsInfraArgs {
    /** AWS region, e.g. `us-west-2`. */
    region: string;
}
