import * as pulumi from "@pulumi/pulumi";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { Provider } from "@pulumi/kubernetes/provider";
import { InfraScope, childName } from "./scope";

/** A chart this package pins: repository, name and version. */
export interface PinnedChart {
    repository: string;
    chart: string;
    version: string;
}

/** A cluster add-on installed with Helm at a pinned chart version (release name = chart name). */
export function pinnedRelease(
    scope: InfraScope,
    chart: PinnedChart,
    namespace: string,
    values: Record<string, unknown>,
    provider: Provider,
    dependsOn: pulumi.Input<pulumi.Resource>[],
): Release {
    return new Release(
        childName(scope, chart.chart),
        {
            name: chart.chart,
            namespace,
            createNamespace: namespace !== "kube-system",
            chart: chart.chart,
            version: chart.version,
            repositoryOpts: { repo: chart.repository },
            values,
        },
        { parent: scope.parent, provider, dependsOn },
    );
}
