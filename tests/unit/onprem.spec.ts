import { expect } from "chai";
import { OfflinePlan } from "../harness/engine";
import { WANDB_CR_TYPE, crSecretLeaks, planStack, resourcesOfType } from "../harness/plan";

describe("onprem stack (offline engine)", () => {
    let plan: OfflinePlan;
    before(async () => {
        plan = await planStack("onprem");
    });

    it("registers the operator release, the CR and its Secrets", () => {
        expect(resourcesOfType(plan, "kubernetes:helm.sh/v3:Release")).to.have.length(1);
        expect(resourcesOfType(plan, WANDB_CR_TYPE)).to.have.length(1);
        const secrets = resourcesOfType(plan, "kubernetes:core/v1:Secret").map((s) => (s.inputs.metadata as { name: string }).name);
        expect(secrets).to.have.members(["wandb-license", "wandb-mysql", "wandb-redis", "wandb-bucket"]);
    });

    it("uses the kubeconfig provider for every Kubernetes resource", () => {
        const provider = resourcesOfType(plan, "pulumi:providers:kubernetes")[0];
        for (const resource of plan.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"))) {
            expect(resource.provider, resource.name).to.match(new RegExp(`^${provider.urn.replace(/[$]/g, "\\$")}::`));
        }
    });

    it("lets Secrets change in place (a license rotation updates its Secret, no delete-before-replace)", () => {
        const provider = resourcesOfType(plan, "pulumi:providers:kubernetes")[0];
        expect(String(provider.inputs.enableSecretMutable)).to.equal("true");
    });

    it("keeps every secret out of the custom resource", () => {
        expect(crSecretLeaks(plan)).to.deep.equal([]);
    });
});
