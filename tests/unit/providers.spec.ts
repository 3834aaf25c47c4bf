/** Every stack's Kubernetes provider updates Secrets in place, so rotating a license or password never replaces its Secret. */
import { expect } from "chai";
import { planStack, resourcesOfType } from "../harness/plan";
import { listStacks } from "../harness/stacks";

describe("Kubernetes providers", () => {
    for (const stack of listStacks()) {
        it(`${stack}: the provider keeps Secrets mutable`, async () => {
            const providers = resourcesOfType(await planStack(stack), "pulumi:providers:kubernetes");
            expect(providers).to.have.length(1);
            // Provider inputs reach the engine as strings.
            expect(String(providers[0].inputs.enableSecretMutable)).to.equal("true");
        });
    }
});
