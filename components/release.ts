/**
 * The versions this package pins, so nothing upgrades silently. Upgrading W&B means changing these
 * (or overriding them per instance) and running `pulumi up`; the operator's deployer cannot roll the
 * application on its own, because the custom resource pins both the chart and every image tag.
 *
 * These are package choices, not reference-architecture facts (those live in `requirements.ts`).
 */

/** The W&B operator (v1 line) chart and controller image. */
export const OPERATOR_CHART = {
    /** Helm repository of the `operator` chart. */
    repository: "https://charts.wandb.ai",
    /** Chart name. */
    chart: "operator",
    /** wandb/helm-charts `charts/operator/Chart.yaml`. */
    version: "1.4.8",
    /** Controller image repository. */
    controllerImageRepository: "wandb/controller",
    /** Newest v1 controller release (wandb/operator tag v1.22.0); tags carry no `v` prefix. */
    controllerImageTag: "1.22.0",
} as const;

/** The `operator-wandb` chart the operator installs for each `WeightsAndBiases` resource. */
export const PLATFORM_CHART = {
    /** Helm repository (`spec.chart.url`). */
    url: "https://charts.wandb.ai",
    /** Chart name (`spec.chart.name`). */
    name: "operator-wandb",
    /** wandb/helm-charts `charts/operator-wandb/Chart.yaml`. */
    version: "0.43.8",
} as const;

/** The W&B images the `operator-wandb` chart runs, each pinned to the tag of one W&B Server release. */
export interface WandbImageVersions {
    /** `wandb/local`: the app (`app.image`). */
    local: string;
    /** `wandb/console`: the System Console (`console.image`). */
    console: string;
    /** `wandb/megabinary`: api, parquet, glue, executor, filestream, history and migration jobs. */
    megabinary: string;
    /** `wandb/weave-python`: Weave (`weave.image`). */
    weavePython: string;
    /** `wandb/weave-trace`: weave-trace and its workers. */
    weaveTrace: string;
    /** `wandb/frontend-nginx` (`frontend.image`). */
    frontendNginx: string;
    /** `wandb/anaconda2` (`anaconda2.image`). */
    anaconda2: string;
}

/** The W&B image a chart subsystem runs, and which of {@link WandbImageVersions} pins its tag. */
export interface SubsystemImage {
    /** Default repository of the image (without a registry prefix). */
    repository: string;
    /** Which version-map entry pins the tag. */
    version: keyof WandbImageVersions;
}

/**
 * Every `operator-wandb` subsystem that runs a W&B image (the chart's `wandb-base` dependencies, chart
 * 0.43.8), installed by default or not: a subsystem enabled later must not start on `latest`. The
 * values file also has a `history-reader` block, but no workload reads it.
 */
export const WANDB_SUBSYSTEM_IMAGES: Readonly<Record<string, SubsystemImage>> = {
    app: { repository: "wandb/local", version: "local" },
    console: { repository: "wandb/console", version: "console" },
    api: { repository: "wandb/megabinary", version: "megabinary" },
    parquet: { repository: "wandb/megabinary", version: "megabinary" },
    "parquet-metadata-cache": { repository: "wandb/megabinary", version: "megabinary" },
    glue: { repository: "wandb/megabinary", version: "megabinary" },
    executor: { repository: "wandb/megabinary", version: "megabinary" },
    filestream: { repository: "wandb/megabinary", version: "megabinary" },
    filemeta: { repository: "wandb/megabinary", version: "megabinary" },
    "flat-run-fields-updater": { repository: "wandb/megabinary", version: "megabinary" },
    "history-updater": { repository: "wandb/megabinary", version: "megabinary" },
    "metric-observer": { repository: "wandb/megabinary", version: "megabinary" },
    internalSignerPreHook: { repository: "wandb/megabinary", version: "megabinary" },
    settingsMigrationJob: { repository: "wandb/megabinary", version: "megabinary" },
    clickhouseMigrationJob: { repository: "wandb/megabinary", version: "megabinary" },
    weave: { repository: "wandb/weave-python", version: "weavePython" },
    "weave-trace": { repository: "wandb/weave-trace", version: "weaveTrace" },
    "weave-trace-worker": { repository: "wandb/weave-trace", version: "weaveTrace" },
    "weave-evaluate-model-worker": { repository: "wandb/weave-trace", version: "weaveTrace" },
    "weave-trace-agent-scoring-worker": { repository: "wandb/weave-trace", version: "weaveTrace" },
    frontend: { repository: "wandb/frontend-nginx", version: "frontendNginx" },
    anaconda2: { repository: "wandb/anaconda2", version: "anaconda2" },
};

/**
 * The W&B Server release this package deploys by default, and its image tags.
 *
 * 0.83.0 is the server release that goes with operator-wandb 0.43.8 (wandb/server release 0.83.0,
 * 2026-07-22). Every W&B server image carries the bare server version (W&B's v2 server manifests tag all
 * `wandb/*` images with it; no `v` prefix). The System Console (`wandb/console`) is versioned on its own
 * 2.x line and no published source pairs a console tag with 0.83.0: 2.18.12 is the newest tag seen
 * published beside a server release (0.78.2). Before a real install, read the matching tag from the
 * deployer channel (`GET https://deploy.wandb.ai/api/v1/operator/channel`, what `wsm list` reads) or
 * from a running instance's `<cr>-spec-active` Secret, and set `images.console`.
 */
export const WANDB_RELEASE: { readonly server: string; readonly images: Readonly<WandbImageVersions> } = {
    server: "0.83.0",
    images: {
        local: "0.83.0",
        console: "2.18.12",
        megabinary: "0.83.0",
        weavePython: "0.83.0",
        weaveTrace: "0.83.0",
        frontendNginx: "0.83.0",
        anaconda2: "0.83.0",
    },
};
