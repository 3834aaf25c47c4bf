/**
 * Realistic mock outputs for the offline engine: what each resource type's provider would return
 * after create, so programs that read outputs (endpoints, ARNs, kubeconfigs, generated passwords)
 * behave as they do for real. Types not listed echo their inputs, with an id derived from the name.
 */
import * as pulumi from "@pulumi/pulumi";
import { AWS_CALL_RESULTS, AWS_RESOURCE_OUTPUTS } from "./cloud-mocks/aws";
import { AZURE_CALL_RESULTS, AZURE_RESOURCE_OUTPUTS } from "./cloud-mocks/azure";
import { GCP_CALL_RESULTS, GCP_RESOURCE_OUTPUTS } from "./cloud-mocks/gcp";

/** Produces extra outputs for one resource type from its mock arguments. */
export type OutputsFor = (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown>;
/** Produces an invoke's result from its inputs. */
export type CallResult = (inputs: Record<string, unknown>) => Record<string, unknown>;

const ACCOUNT = "123456789012";
const REGION = "us-west-2";

function physicalName(args: pulumi.runtime.MockResourceArgs): string {
    const named = args.inputs.name ?? args.inputs.bucket ?? args.inputs.identifier ?? args.inputs.clusterIdentifier;
    return typeof named === "string" && named !== "" ? named : `${args.name}-0a1b2c3`;
}

/** Deterministic stand-in for a generated secret, so plans are stable run to run. */
function fakeGenerated(name: string, length: number): string {
    let out = "";
    let seed = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
    const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    while (out.length < length) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        out += alphabet[seed % alphabet.length];
    }
    return out;
}

/** Per-type outputs. Cloud issues add their resource types here. */
export const RESOURCE_OUTPUTS: Record<string, OutputsFor> = {
    "random:index/randomPassword:RandomPassword": (args) => ({
        result: fakeGenerated(args.name, Number(args.inputs.length ?? 32)),
    }),
    "random:index/randomString:RandomString": (args) => ({
        result: fakeGenerated(args.name, Number(args.inputs.length ?? 8)).toLowerCase(),
    }),
    "random:index/randomId:RandomId": (args) => ({
        hex: fakeGenerated(args.name, Number(args.inputs.byteLength ?? 4) * 2).toLowerCase(),
    }),
    "kubernetes:helm.sh/v3:Release": (args) => ({
        status: { name: args.inputs.name ?? args.name, namespace: args.inputs.namespace, status: "deployed", version: 1 },
    }),
    "kubernetes:apps.wandb.com/v1:WeightsAndBiases": () => ({ status: { phase: "Completed" } }),
    "kubernetes:apps/v1:DeploymentPatch": () => ({
        status: { conditions: [{ type: "Available", status: "True" }], availableReplicas: 1 },
    }),
    ...AWS_RESOURCE_OUTPUTS,
    ...GCP_RESOURCE_OUTPUTS,
    ...AZURE_RESOURCE_OUTPUTS,
};

/** The mock `newResource`: inputs echoed back, plus realistic per-type outputs. */
export function mockResourceState(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    if (!args.custom) {
        return { id: undefined, state: {} };
    }
    const name = physicalName(args);
    const extra = RESOURCE_OUTPUTS[args.type]?.(args) ?? {};
    const id = args.id || (typeof extra.id === "string" ? extra.id : `${name}-id`);
    const state: Record<string, unknown> = {
        ...args.inputs,
        ...(args.type.startsWith("aws:") ? { arn: `arn:aws:mock:${REGION}:${ACCOUNT}:${args.type.split(":").pop()?.toLowerCase()}/${name}` } : {}),
        ...extra,
    };
    if (args.type.startsWith("kubernetes:") && typeof state.metadata === "object" && state.metadata !== null) {
        const metadata = state.metadata as Record<string, unknown>;
        state.metadata = { ...metadata, name: metadata.name ?? name, uid: `${name}-uid` };
    }
    return { id, state };
}

/** Per-invoke results. Cloud issues add their data sources here. */
export const CALL_RESULTS: Record<string, CallResult> = { ...AWS_CALL_RESULTS, ...GCP_CALL_RESULTS, ...AZURE_CALL_RESULTS };

/** The mock `call`: known invokes return realistic data; unknown ones fail loudly (a missing mock is a test bug). */
export function mockCall(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const result = CALL_RESULTS[args.token];
    if (!result) {
        throw new Error(`offline engine: no mock for invoke ${args.token}`);
    }
    return result(args.inputs);
}
