import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { InfraScope, childName } from "./scope";

/**
 * The Kubernetes provider of a cluster this package created, usable once `nodes` (and any access
 * grant the provider's identity needs) exist. Secrets are
 * mutable, so rotating the license or a password updates its Secret in place instead of replacing it
 * (found by the real-engine suite, tests/e2e scenario 6).
 */
export function clusterProvider(scope: InfraScope, kubeconfig: pulumi.Input<string>, nodes: pulumi.Resource | pulumi.Resource[]): Provider {
    return new Provider(childName(scope, "k8s"), { kubeconfig, enableSecretMutable: true }, { parent: scope.parent, dependsOn: Array.isArray(nodes) ? nodes : [nodes] });
}
