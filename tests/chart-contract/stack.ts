/**
 * What the chart contract needs from a stack's offline plan: the W&B custom resource (name, namespace,
 * values, products), the Secrets this package creates beside it (names and keys only, never values),
 * the operator's Helm release and the Deployments the readiness wait patches.
 */
import { PRODUCTS_LABEL } from "../../components/labels";
import { INGRESS_ROUTES, PRODUCT_MIXES, ProductMix, includesWeave } from "../../components/requirements";
import { OfflinePlan, RecordedResource } from "../harness/engine";
import { WANDB_CR_TYPE } from "../harness/plan";
import { KnownSecret, Route } from "./rules";

/** The inputs of the contract for one stack. */
export interface StackContractInputs {
    /** Stack name. */
    stack: string;
    /** The custom resource: the operator installs release `name` in `namespace` with `values`. */
    cr: { name: string; namespace: string; values: Record<string, unknown>; products: ProductMix };
    /** Secrets this package creates in the CR's namespace (keys only). */
    ourSecrets: KnownSecret[];
    /** The operator chart's release, when the stack installs the operator. */
    operator?: { release: string; namespace: string; values: Record<string, unknown> };
    /** Deployments the readiness wait patches. */
    readinessDeployments: string[];
}

const SECRET_TYPE = "kubernetes:core/v1:Secret";
const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
const DEPLOYMENT_PATCH_TYPE = "kubernetes:apps/v1:DeploymentPatch";

function metadataOf(resource: RecordedResource): { name?: string; namespace?: string; labels?: Record<string, string> } {
    return (resource.inputs.metadata ?? {}) as { name?: string; namespace?: string; labels?: Record<string, string> };
}

/** Reads the contract inputs out of a plan; throws when the stack has no W&B custom resource. */
export function contractInputs(plan: OfflinePlan): StackContractInputs {
    const crs = plan.resources.filter((r) => r.type === WANDB_CR_TYPE);
    if (crs.length !== 1) {
        throw new Error(`stack ${plan.stack}: expected one W&B custom resource, found ${crs.length}`);
    }
    const cr = crs[0];
    const metadata = metadataOf(cr);
    const namespace = metadata.namespace ?? "default";
    const productsLabel = metadata.labels?.[PRODUCTS_LABEL];
    const products = (PRODUCT_MIXES as readonly string[]).includes(productsLabel ?? "") ? (productsLabel as ProductMix) : "models";
    const spec = cr.inputs.spec as { values?: Record<string, unknown> };

    const ourSecrets: KnownSecret[] = plan.resources
        .filter((r) => r.type === SECRET_TYPE && (metadataOf(r).namespace ?? "default") === namespace)
        .map((r) => ({
            name: metadataOf(r).name ?? "",
            keys: [...Object.keys((r.inputs.stringData as object) ?? {}), ...Object.keys((r.inputs.data as object) ?? {})],
            source: "ours" as const,
        }));

    const releases = plan.resources.filter((r) => r.type === RELEASE_TYPE && r.inputs.chart === "operator");
    const operator = releases[0]
        ? { release: String(releases[0].inputs.name), namespace: String(releases[0].inputs.namespace), values: (releases[0].inputs.values ?? {}) as Record<string, unknown> }
        : undefined;

    const readinessDeployments = plan.resources
        .filter((r) => r.type === DEPLOYMENT_PATCH_TYPE && (metadataOf(r).namespace ?? "default") === namespace)
        .map((r) => metadataOf(r).name ?? "");

    return {
        stack: plan.stack,
        cr: { name: metadata.name ?? "", namespace, values: spec.values ?? {}, products },
        ourSecrets,
        operator,
        readinessDeployments,
    };
}

/** The routes requirements.ts expects for a product mix. */
export function expectedRoutes(products: ProductMix): Route[] {
    return INGRESS_ROUTES.filter((route) => route.requires !== "weave" || includesWeave(products)).map((r) => ({ path: r.path, service: r.service, port: r.port }));
}
