/**
 * W&B reference-architecture facts, in one place.
 *
 * Components set these values, the policy pack enforces them and the plan prints them. Each fact is
 * tested against the literal text of W&B's documents (`tests/unit/requirements.spec.ts`).
 *
 * Sources: the 2026 reference architecture (`seeds/002_…`, newer, wins) and the platform docs
 * (`seeds/000_…`: the on-prem guide holds the MySQL parameters; the older reference architecture holds
 * the per-product sizing tables, which the 2026 page only renders for its first tab).
 */

/*
 * The string choices below are `as const` objects with a type of the same name: TypeScript takes the literal
 * strings (`environment: "production"`), and Pulumi's schema inference turns them into enum types for other
 * languages (`Environment.Production`). The arrays are derived from the objects, never written twice.
 */

/** A deployment environment: `test` (the docs' Test/Dev column) or `production`. */
export const Environment = {
    /** The sizing tables' "Test/Dev" column. */
    Test: "test",
    /** The sizing tables' "Production" column: HA, autoscaling, deletion protection. */
    Production: "production",
} as const;
/** A deployment environment: `test` (the docs' Test/Dev column) or `production`. */
export type Environment = (typeof Environment)[keyof typeof Environment];
/** The two deployment environments of the sizing tables ("Test/Dev" and "Production"). */
export const ENVIRONMENTS: readonly Environment[] = Object.values(Environment);

/** Which W&B products an instance serves: Models only, Weave only, or both. */
export const ProductMix = {
    /** W&B Models only. */
    Models: "models",
    /** W&B Weave only. */
    Weave: "weave",
    /** Models and Weave. */
    ModelsAndWeave: "models-and-weave",
} as const;
/** Which W&B products an instance serves: Models only, Weave only, or both. */
export type ProductMix = (typeof ProductMix)[keyof typeof ProductMix];
/** The product mixes the Kubernetes sizing table distinguishes. */
export const PRODUCT_MIXES: readonly ProductMix[] = Object.values(ProductMix);

/** A cloud with a managed-service recommendation in the reference architecture. */
export const Cloud = {
    /** Amazon Web Services. */
    Aws: "aws",
    /** Google Cloud. */
    Gcp: "gcp",
    /** Microsoft Azure. */
    Azure: "azure",
} as const;
/** A cloud with instance recommendations. */
export type Cloud = (typeof Cloud)[keyof typeof Cloud];
/** The clouds with a managed-service recommendation in the reference architecture. */
export const CLOUDS: readonly Cloud[] = Object.values(Cloud);

/** Minimum software versions (2026 reference architecture, "Versions" table). */
export const MIN_VERSIONS = {
    /** "v1.34 or newer". */
    kubernetes: "1.34",
    /** "v8.0.x is required, v8.0.32 or newer". */
    mysql: "8.0.32",
    /** "v8.0.44 or newer is recommended". */
    mysqlRecommended: "8.0.44",
    /** "Aurora MySQL 3.x releases, must be v3.05.2 or newer". */
    auroraMysql: "3.05.2",
    /** "Redis v7.x": the major version W&B supports. */
    redisMajor: 7,
    /** "Helm v3.x". */
    helmMajor: 3,
} as const;

/**
 * The MySQL 8 parameters W&B requires (on-prem guide, "Parameter group configuration"). Values are the
 * strings a parameter group / database flag / server configuration takes.
 */
export const MYSQL_PARAMETERS = {
    binlog_format: "ROW",
    innodb_online_alter_log_max_size: "268435456",
    sync_binlog: "1",
    innodb_flush_log_at_trx_commit: "1",
    binlog_row_image: "MINIMAL",
    sort_buffer_size: "67108864",
} as const;
/** The name of one of the required MySQL parameters. */
export type MysqlParameterName = keyof typeof MYSQL_PARAMETERS;

/** The database and character set the docs create ("CREATE DATABASE wandb_local CHARACTER SET utf8mb4 ..."). */
export const MYSQL_DATABASE = {
    name: "wandb_local",
    charset: "utf8mb4",
    collation: "utf8mb4_general_ci",
} as const;

/** Per-node size of one sizing-table row. */
export interface NodeSize {
    /** CPU cores per node. */
    readonly cpu: number;
    /** Memory per node, GB. */
    readonly memoryGb: number;
    /** Disk per node, GB. */
    readonly diskGb: number;
}

/** Kubernetes worker-node sizing per product mix and environment ("Numbers are per Kubernetes worker node"). */
export const KUBERNETES_NODE_SIZING: Readonly<Record<ProductMix, Readonly<Record<Environment, NodeSize>>>> = {
    models: {
        test: { cpu: 2, memoryGb: 16, diskGb: 100 },
        production: { cpu: 8, memoryGb: 64, diskGb: 100 },
    },
    weave: {
        test: { cpu: 4, memoryGb: 32, diskGb: 100 },
        production: { cpu: 12, memoryGb: 96, diskGb: 100 },
    },
    "models-and-weave": {
        test: { cpu: 4, memoryGb: 32, diskGb: 100 },
        production: { cpu: 16, memoryGb: 128, diskGb: 100 },
    },
};

/** MySQL sizing per environment; "These recommendations don't vary by product mix". */
export const MYSQL_NODE_SIZING: Readonly<Record<Environment, NodeSize>> = {
    test: { cpu: 2, memoryGb: 16, diskGb: 100 },
    production: { cpu: 8, memoryGb: 64, diskGb: 500 },
};

/** One row of a cloud's instance recommendation table. */
export interface CloudInstanceRow {
    /** Kubernetes node type per product mix. */
    readonly kubernetes: Readonly<Record<ProductMix, string>>;
    /** Managed MySQL instance class / tier / SKU. */
    readonly mysql: string;
}

/** "Cloud provider instance recommendations", per cloud and environment. */
export const CLOUD_INSTANCE_TYPES: Readonly<Record<Cloud, Readonly<Record<Environment, CloudInstanceRow>>>> = {
    aws: {
        test: { kubernetes: { models: "r6i.large", weave: "r6i.xlarge", "models-and-weave": "r6i.xlarge" }, mysql: "db.r6g.large" },
        production: { kubernetes: { models: "r6i.2xlarge", weave: "r6i.4xlarge", "models-and-weave": "r6i.4xlarge" }, mysql: "db.r6g.2xlarge" },
    },
    gcp: {
        test: { kubernetes: { models: "n2-highmem-2", weave: "n2-highmem-4", "models-and-weave": "n2-highmem-4" }, mysql: "db-n1-highmem-2" },
        production: { kubernetes: { models: "n2-highmem-8", weave: "n2-highmem-16", "models-and-weave": "n2-highmem-16" }, mysql: "db-n1-highmem-8" },
    },
    azure: {
        test: { kubernetes: { models: "Standard_E2_v5", weave: "Standard_E4_v5", "models-and-weave": "Standard_E4_v5" }, mysql: "MO_Standard_E2ds_v4" },
        production: { kubernetes: { models: "Standard_E8_v5", weave: "Standard_E16_v5", "models-and-weave": "Standard_E16_v5" }, mysql: "MO_Standard_E8ds_v4" },
    },
};

/** "W&B recommends starting with a minimum of 3 worker nodes for both Test/Dev and Production". */
export const MIN_WORKER_NODES = 3;
/** "... and enabling cluster autoscaling in Production". */
export const AUTOSCALING_REQUIRED: Readonly<Record<Environment, boolean>> = { test: false, production: true };

/** "W&B runs on Intel and AMD 64-bit architecture. ARM isn't supported." Kubernetes `kubernetes.io/arch` value. */
export const SUPPORTED_CPU_ARCHITECTURE = "amd64";

/** Backups for the metadata database: "daily backups with at least 1 week of retention". */
export const DATABASE_BACKUP = { frequencyHours: 24, minRetentionDays: 7 } as const;

/**
 * The metadata database's CPU monitoring rule: "If CPU usage is sustained at > 90% of the system for more
 * than 5 minutes, consider adding CPU capacity." Each cloud turns it into a metric alert.
 */
export const DATABASE_CPU_ALERT = { thresholdPercent: 90, sustainedMinutes: 5 } as const;

/** The MySQL topology the application database may use. */
export const MYSQL_TOPOLOGY = {
    /** Production: a hot standby in another zone ("Aurora Multi-AZ on AWS"). */
    productionStandby: true,
    /** "W&B doesn't support a multi-primary topology or read-only replicas for the application database." */
    multiPrimarySupported: false,
    readReplicasSupported: false,
} as const;

/** One row of the "W&B service routing" table. */
export interface IngressRoute {
    /** URL path prefix. */
    readonly path: string;
    /** Kubernetes Service name, without the release prefix (`wandb-app` for release `wandb`). */
    readonly service: string;
    /** Service port. */
    readonly port: number;
    /** What the route serves. */
    readonly purpose: string;
    /** Which products need the route; the weave-trace route exists only when Weave is enabled. */
    readonly requires?: "weave";
}

/** "The W&B Operator routes requests automatically to multiple backend services based on path". */
export const INGRESS_ROUTES: readonly IngressRoute[] = [
    { path: "/", service: "wandb-app", port: 8080, purpose: "Main web application UI" },
    { path: "/api", service: "wandb-api", port: 8081, purpose: "API service" },
    { path: "/graphql", service: "wandb-api", port: 8081, purpose: "GraphQL API endpoint" },
    { path: "/graphql2", service: "wandb-api", port: 8081, purpose: "GraphQL API v2 endpoint" },
    { path: "/console", service: "wandb-console", port: 8082, purpose: "System Console" },
    { path: "/traces", service: "wandb-weave-trace", port: 8722, purpose: "Weave tracing service (if enabled)", requires: "weave" },
];

/** TLS: "SSL/TLS termination must occur on the ingress/load balancer"; "W&B does not support self-signed certificates and custom CAs". */
export const TLS = { required: true, selfSignedSupported: false, customCaSupported: false, hostScheme: "https://" } as const;

/** The CORS rule the object store needs (on-prem guide, "the following CORS policy needs to be applied"). */
export const BUCKET_CORS = {
    allowedMethods: ["GET", "PUT", "HEAD"],
    allowedHeaders: ["*"],
} as const;

/** "In case of Nginx you might have to add the following annotation". */
export const NGINX_PROXY_BODY_SIZE = { annotation: "nginx.ingress.kubernetes.io/proxy-body-size", value: "64m" } as const;

/** Endpoints a networked (not air-gapped) deployment must reach during installation and runtime. */
export const REQUIRED_EGRESS = ["https://deploy.wandb.ai", "https://charts.wandb.ai", "https://quay.io"] as const;

/** True when `product` needs the Weave services (weave-trace and its `/traces` route). */
export function includesWeave(products: ProductMix): boolean {
    return products !== "models";
}
