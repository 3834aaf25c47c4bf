import { expect } from "chai";
import { WandbOperator, WandbOperatorArgs } from "../../components/operator";
import { OPERATOR_CHART } from "../../components/release";
import { OfflinePlan, RecordedResource, runOffline } from "../harness/engine";
import { fixturePlatform } from "../harness/fixtures";
import { resourcesOfType } from "../harness/plan";

async function planOperators(...installs: [string, WandbOperatorArgs][]): Promise<OfflinePlan> {
    return runOffline(() => {
        const provider = fixturePlatform().kubernetesProvider;
        for (const [name, args] of installs) {
            new WandbOperator(name, args, { providers: { kubernetes: provider } });
        }
    });
}

function releases(plan: OfflinePlan): RecordedResource[] {
    return resourcesOfType(plan, "kubernetes:helm.sh/v3:Release");
}

describe("WandbOperator", () => {
    it("installs the pinned operator chart and controller image in wandb-cr", async () => {
        const [release] = releases(await planOperators(["wandb-operator", {}]));
        expect(release.inputs).to.deep.include({ chart: "operator", version: OPERATOR_CHART.version, namespace: "wandb-cr", name: "wandb-operator", skipAwait: false });
        expect((release.inputs.repositoryOpts as { repo: string }).repo).to.equal("https://charts.wandb.ai");
        const values = release.inputs.values as Record<string, unknown>;
        expect(values.image).to.deep.equal({ repository: "wandb/controller", tag: OPERATOR_CHART.controllerImageTag, pullPolicy: "IfNotPresent" });
        expect(values.airgapped).to.equal(false);
        expect(OPERATOR_CHART.controllerImageTag).to.not.equal("latest");
    });

    it("creates its namespace before the release", async () => {
        const plan = await planOperators(["wandb-operator", {}]);
        const [namespace] = resourcesOfType(plan, "kubernetes:core/v1:Namespace");
        expect((namespace.inputs.metadata as { name: string }).name).to.equal("wandb-cr");
        expect(releases(plan)[0].dependencies).to.include(namespace.urn);
    });

    it("air-gapped: internal chart repository with secret credentials, mirrored controller, airgapped: true, custom CAs", async () => {
        const plan = await planOperators([
            "wandb-operator",
            {
                airgapped: {
                    chartRepository: "https://charts.internal.example.com",
                    chartRepositoryUsername: "robot",
                    chartRepositoryPassword: "repo-password-123",
                    controllerImageRepository: "registry.internal.example.com/library/controller",
                },
                controllerImageTag: "1.13.3",
                customCACerts: ["-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"],
                imagePullSecrets: ["internal-registry"],
                pod: { nodeSelector: { pool: "system" }, tolerations: [{ key: "dedicated", operator: "Exists" }], resources: { limits: { memory: "1Gi" } } },
            },
        ]);
        const [release] = releases(plan);
        expect(release.inputs.repositoryOpts).to.deep.equal({ repo: "https://charts.internal.example.com", username: "robot", password: "repo-password-123" });
        expect(release.secretPaths).to.include("repositoryOpts.password");
        const values = release.inputs.values as Record<string, unknown>;
        expect(values.airgapped).to.equal(true);
        expect(values.image).to.deep.equal({
            repository: "registry.internal.example.com/library/controller",
            tag: "1.13.3",
            pullPolicy: "IfNotPresent",
            // The operator chart renders `- name: {{ . }}` per entry: names, not {name} objects.
            pullSecrets: ["internal-registry"],
        });
        expect(values.customCACerts).to.have.length(1);
        expect(values.nodeSelector).to.deep.equal({ pool: "system" });
        expect(values.tolerations).to.have.length(1);
        expect(values.resources).to.deep.equal({ limits: { memory: "1Gi" } });
    });

    it("two installs in one cluster get distinct release names and nameOverrides (cluster-scoped RBAC)", async () => {
        const plan = await planOperators(["team-a-operator", { namespace: "team-a" }], ["team-b-operator", { namespace: "team-b" }]);
        const overrides = releases(plan).map((r) => (r.inputs.values as { nameOverride: string }).nameOverride);
        expect(new Set(overrides).size).to.equal(2);
        expect(new Set(releases(plan).map((r) => r.inputs.name)).size).to.equal(2);
    });

    it("merges the values escape hatch last", async () => {
        const [release] = releases(await planOperators(["wandb-operator", { values: { namespaceIsolation: { enabled: true }, image: { pullPolicy: "Always" } } }]));
        const values = release.inputs.values as Record<string, Record<string, unknown>>;
        expect(values.namespaceIsolation).to.deep.equal({ enabled: true });
        expect(values.image).to.deep.include({ tag: OPERATOR_CHART.controllerImageTag, pullPolicy: "Always" });
    });
});
