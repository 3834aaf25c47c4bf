/**
 * The component host's handling of a Kubernetes provider passed by a Python, Go or YAML program: `construct` receives
 * it as a resource reference, which must become a `Provider` the components can use (not its URN string).
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { ConfigMap } from "@pulumi/kubernetes/core/v1";
import { registerKubernetesProviderPackage } from "../../components/plugin-host";
import { runOffline } from "../harness/engine";

const PROVIDER_URN = "urn:pulumi:dev::wandb-yaml-onprem::pulumi:providers:kubernetes::cluster";

describe("component host: a Kubernetes provider from another language", () => {
    it("turns the provider reference construct receives into a Provider, not its URN string", async () => {
        registerKubernetesProviderPackage();
        await runOffline(() => {
            const received = pulumi.runtime.deserializeProperty({
                [pulumi.runtime.specialSigKey]: pulumi.runtime.specialResourceSig,
                urn: PROVIDER_URN,
            });
            expect(received, "a Provider, not the URN string").to.be.instanceOf(Provider);
            new ConfigMap("probe", { data: { a: "b" } });
        });
    });
});
