/**
 * The images a stack's instance and operator will run, computed the way the components pin them: the
 * custom resource renderer's image values (W&B release, per-image overrides, air-gapped mirror,
 * products) and the operator's controller image.
 */
import { instanceImages } from "../instance/images";
import { renderWandbSpec } from "../instance/spec";
import { OPERATOR_CHART, PLATFORM_CHART, WANDB_RELEASE, WandbImageVersions } from "../release";
import { PRODUCT_MIXES, ProductMix } from "../requirements";
import { definedOnly } from "../util/merge";

/** The settings that decide which images run (as in the stack's `wandb:instance` / `wandb:operator`). */
export interface DeploymentImageSettings {
    /** `models`, `weave` or `models-and-weave`. Default `models`. */
    products?: string;
    /** Per-image tag overrides (`WandbInstanceArgs.images`). */
    images?: Partial<WandbImageVersions>;
    /** The W&B image mirror (`WandbInstanceArgs.airgapped.imageRegistry`). */
    imageRegistry?: string;
    /** Controller image tag (`WandbOperatorArgs.controllerImageTag`). */
    controllerImageTag?: string;
    /** Controller image repository in a mirror (`WandbOperatorArgs.airgapped.controllerImageRepository`). */
    controllerImageRepository?: string;
}

/** `repository:tag` of every image the instance and the operator will run. */
export function deploymentImages(settings: DeploymentImageSettings): string[] {
    const products = (PRODUCT_MIXES as readonly string[]).includes(settings.products ?? "models") ? ((settings.products ?? "models") as ProductMix) : "models";
    const definedImages = definedOnly(settings.images ?? {});
    // Only the image values matter here; the connection settings are placeholders the renderer needs.
    const spec = renderWandbSpec({
        host: "https://placeholder.invalid",
        products,
        environment: "test",
        database: { host: "placeholder", port: 3306, name: "placeholder", user: "placeholder" },
        bucket: { provider: "s3", name: "placeholder" },
        ingress: {},
        chart: { url: PLATFORM_CHART.url, name: PLATFORM_CHART.name, version: PLATFORM_CHART.version },
        images: { ...WANDB_RELEASE.images, ...definedImages },
        imageRegistry: settings.imageRegistry,
        secrets: { license: "placeholder", mysql: "placeholder" },
    });
    const controller = `${settings.controllerImageRepository ?? OPERATOR_CHART.controllerImageRepository}:${settings.controllerImageTag ?? OPERATOR_CHART.controllerImageTag}`;
    return [...instanceImages(spec.values), controller];
}
