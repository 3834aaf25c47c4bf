/**
 * What the cluster must hold after an onprem instance's `up` (scenario 3) and after its `destroy` (scenario 7),
 * whichever program deployed it: the TypeScript stack (onprem.spec.ts) or the Pulumi YAML program (languages.spec.ts).
 */
import { expect } from "chai";
import { OPERATOR_CHART, PLATFORM_CHART, WANDB_RELEASE } from "../../components/release";
import { KubeClient, waitUntil } from "./cluster";
import { IMAGE_REGISTRY, InstanceNames, SECRETS } from "./environment";
import { OPERATOR_FINALIZER, PHASE, PlayedOperator } from "./operator";

/** Secret name → the data it must hold exactly. */
export type ExpectedSecrets = Record<string, Record<string, string>>;

/** The Secrets an onprem instance named `crName` creates from `SECRETS` (OIDC and SMTP only when configured). */
export function expectedSecrets(crName: string, configured: { oidc: boolean; smtp: boolean }): ExpectedSecrets {
    return {
        [`${crName}-license`]: { license: SECRETS.license },
        [`${crName}-mysql`]: { MYSQL_PASSWORD: SECRETS.databasePassword },
        [`${crName}-redis`]: { REDIS_PASSWORD: SECRETS.redisPassword },
        [`${crName}-bucket`]: { ACCESS_KEY: SECRETS.bucketAccessKey, SECRET_KEY: SECRETS.bucketSecretKey },
        ...(configured.oidc ? { [`${crName}-oidc`]: { OIDC_SECRET: SECRETS.oidcClientSecret } } : {}),
        ...(configured.smtp ? { [`${crName}-smtp`]: { SMTP_PASSWORD: SECRETS.smtpPassword } } : {}),
    };
}

/**
 * The operator as the air-gapped path installs it: one controller Deployment with the mirrored controller image and
 * `AIRGAPPED=true`, made available by the real Deployment controller on a kwok node.
 */
export async function expectOperatorInstalled(client: KubeClient, operatorNamespace: string): Promise<void> {
    const controller = await client.get(`/apis/apps/v1/namespaces/${operatorNamespace}/deployments`);
    expect(controller.items.map((d: any) => d.spec.template.spec.containers[0].image))
        .to.deep.equal([`registry.e2e.example.internal/wandb/controller:${OPERATOR_CHART.controllerImageTag}`]);
    expect(controller.items[0].spec.template.spec.containers[0].env).to.deep.include({ name: "AIRGAPPED", value: "true" });
    expect(controller.items[0].status?.availableReplicas, "operator controller available").to.equal(1);
}

/**
 * Scenario 3's instance side: each Secret holds exactly its values; the CR pins the chart served at `chartUrl` and
 * the mirrored images, carries the operator's finalizer and `Completed`, owns the active spec, names every Secret
 * and holds no secret value.
 */
export async function expectInstanceApplied(client: KubeClient, names: InstanceNames, chartUrl: string, expected: ExpectedSecrets): Promise<void> {
    for (const ns of [names.operatorNamespace, names.instanceNamespace]) expect(await client.get(`/api/v1/namespaces/${ns}`), ns).to.not.equal(undefined);
    for (const [name, data] of Object.entries(expected)) {
        const secret = await client.get(`/api/v1/namespaces/${names.instanceNamespace}/secrets/${name}`);
        expect(secret, name).to.not.equal(undefined);
        const decoded = Object.fromEntries(Object.entries(secret.data as Record<string, string>)
            .map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));
        expect(decoded, name).to.deep.equal(data);
    }

    const cr = await client.get(`/apis/apps.wandb.com/v1/namespaces/${names.instanceNamespace}/weightsandbiases/${names.crName}`);
    expect(cr, `the CR ${names.crName}`).to.not.equal(undefined);
    expect(cr.spec.chart).to.deep.equal({ url: chartUrl, name: "operator-wandb", version: PLATFORM_CHART.version });
    expect(cr.spec.values.app.image).to.deep.equal({ repository: `${IMAGE_REGISTRY}/local`, tag: WANDB_RELEASE.images.local });
    // The operator's side of the CR: its finalizer, its active-spec Secret (owned by the CR), Completed.
    expect(cr.metadata.finalizers).to.include(OPERATOR_FINALIZER);
    expect(cr.status.phase).to.equal(PHASE.completed);
    const active = await client.get(`/api/v1/namespaces/${names.instanceNamespace}/secrets/${names.crName}-spec-active`);
    expect(JSON.parse(Buffer.from(active.data.chart, "base64").toString()).version).to.equal(PLATFORM_CHART.version);
    expect(active.metadata.ownerReferences[0]).to.include({ kind: "WeightsAndBiases", name: names.crName, controller: true });
    const values = JSON.stringify(cr.spec.values);
    for (const name of Object.keys(expected)) expect(values, `the CR references ${name}`).to.include(`"${name}"`);
    const whole = JSON.stringify(cr);
    for (const [k, v] of Object.entries(SECRETS)) expect(whole, `the CR holds no ${k}`).not.to.include(v);
}

/**
 * Scenario 7's end, for a `destroy` started at `since`: the CR went while the operator still ran (it pruned the
 * release and removed its finalizer), then the operator release; the namespace controller and garbage collector
 * then leave nothing of ours (namespaces, Secrets, ServiceAccounts, ConfigMaps, pods, Deployments, ReplicaSets,
 * CRs, Helm release records).
 */
export async function expectDestroyedCleanly(client: KubeClient, operator: PlayedOperator, names: InstanceNames, since: number): Promise<void> {
    const pruned = operator.first(`${names.instanceNamespace}/${names.crName}`, "finalizer-removed", since);
    const gone = operator.first(names.operatorNamespace, "controller-gone", since);
    expect(operator.first(`${names.instanceNamespace}/${names.crName}`, "orphaned"), "the CR was being deleted after the operator was gone").to.equal(undefined);
    expect(pruned, "the operator pruned the release and removed its finalizer").to.not.equal(undefined);
    expect(gone, "the operator release was uninstalled").to.not.equal(undefined);
    expect(pruned!.at, "the CR went while the operator ran").to.be.lessThan(gone!.at);

    const namespaces = [names.operatorNamespace, names.instanceNamespace];
    await waitUntil(`namespaces ${namespaces.join(", ")} removed by the namespace controller`, 60000, async () => {
        for (const ns of namespaces) if (await client.get(`/api/v1/namespaces/${ns}`)) return undefined;
        return true;
    });
    const left: string[] = [];
    for (const list of ["/api/v1/secrets", "/api/v1/serviceaccounts", "/api/v1/configmaps", "/api/v1/pods", "/apis/apps/v1/deployments",
        "/apis/apps/v1/replicasets", "/apis/apps.wandb.com/v1/weightsandbiases"]) {
        left.push(...((await client.get(list))?.items ?? []).filter((o: any) => namespaces.includes(o.metadata.namespace))
            .map((o: any) => `${list}: ${o.metadata.namespace}/${o.metadata.name}`));
    }
    expect(left).to.deep.equal([]);
    const releaseSecrets = ((await client.get("/api/v1/secrets?labelSelector=owner%3Dhelm"))?.items ?? [])
        .filter((o: any) => namespaces.includes(o.metadata.namespace));
    expect(releaseSecrets.map((s: any) => s.metadata.name)).to.deep.equal([]);
}
