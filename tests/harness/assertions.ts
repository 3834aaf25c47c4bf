/** Small helpers the per-cloud specs share. */
import { expect } from "chai";
import { WandbInfra, WandbInfraArgs } from "../../components/infra";
import { WandbArgumentError } from "../../components/util/errors";
import { OfflinePlan, RecordedResource, runOffline } from "./engine";
import { resourcesOfType } from "./plan";

/** The single resource of `type` in `plan` (fails the test when there is not exactly one). */
export function one(plan: OfflinePlan, type: string): RecordedResource {
    const found = resourcesOfType(plan, type);
    expect(found, type).to.have.length(1);
    return found[0];
}

/** The value at a dotted path of a plain object. */
export function get(value: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);
}

/** Constructs `WandbInfra` offline with `args` and returns the WandbArgumentError it throws (fails the test otherwise). */
export async function infraArgumentError(args: WandbInfraArgs): Promise<WandbArgumentError> {
    const error = await runOffline(() => void new WandbInfra("wandb", args)).then(
        () => undefined,
        (e: Error) => e,
    );
    expect(error, "construction should fail with a WandbArgumentError").to.be.instanceOf(WandbArgumentError);
    return error as WandbArgumentError;
}

/** The offline plan of `WandbInfra` built alone with `args`. */
export function infraPlan(args: WandbInfraArgs): Promise<OfflinePlan> {
    return runOffline(() => void new WandbInfra("wandb", args));
}

/** URNs of the resources of `types` when `WandbInfra` is built with `args`, sorted. */
export async function infraUrns(args: WandbInfraArgs, types: string[]): Promise<string[]> {
    const plan = await infraPlan(args);
    return plan.resources.filter((r) => types.includes(r.type)).map((r) => r.urn).sort();
}

/** One `it` per bad-input case: construction fails naming `argument`, with a message matching `message`. */
export function badInfraInputCases(base: WandbInfraArgs, cases: [string, Partial<WandbInfraArgs>, string, RegExp][]): void {
    for (const [what, override, argument, message] of cases) {
        it(`refuses ${what}`, async () => {
            const error = await infraArgumentError({ ...base, ...override });
            expect(error.argument).to.equal(argument);
            expect(error.message).to.match(message);
        });
    }
}
