/**
 * Every reference-architecture fact in components/requirements.ts against the literal text of W&B's
 * documents. The quotes below are copied verbatim from the seeds; when the seeds are present
 * (`../shared/seeds`, or WANDB_SEEDS_DIR), each quote is also checked to occur in its document.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import {
    AUTOSCALING_REQUIRED,
    BUCKET_CORS,
    CLOUD_INSTANCE_TYPES,
    DATABASE_BACKUP,
    DATABASE_CPU_ALERT,
    INGRESS_ROUTES,
    KUBERNETES_NODE_SIZING,
    MIN_VERSIONS,
    MIN_WORKER_NODES,
    MYSQL_DATABASE,
    MYSQL_NODE_SIZING,
    MYSQL_PARAMETERS,
    MYSQL_TOPOLOGY,
    NGINX_PROXY_BODY_SIZE,
    SUPPORTED_CPU_ARCHITECTURE,
    TLS,
    WEAVE_ONLINE_EVALUATIONS,
} from "../../components/requirements";

const SEEDS_DIR = process.env.WANDB_SEEDS_DIR ?? path.resolve(__dirname, "..", "..", "..", "shared", "seeds");
const NEW = "002_7c6512c312bc003b.txt";
const OLD = "000_9ceb69cc6ed05d49.txt";

function seed(file: string): string | undefined {
    const full = path.join(SEEDS_DIR, file);
    return fs.existsSync(full) ? fs.readFileSync(full, "utf8").replace(/\s+/g, " ") : undefined;
}

/** Asserts `quote` occurs in the seed `file` (whitespace-normalized), or skips with the reason. */
function expectQuoted(context: Mocha.Context, file: string, quote: string): void {
    const text = seed(file);
    if (text === undefined) {
        context.skip();
    }
    expect(text, `seed ${file} should contain: ${quote}`).to.include(quote.replace(/\s+/g, " "));
}

describe("requirements.ts against the W&B documents", () => {
    it("minimum versions (2026 reference architecture, Versions table)", function () {
        const quotes = [
            "| Kubernetes | v1.34 or newer",
            "v8.0.x is required, v8.0.32 or newer; v8.0.44 or newer is recommended. Aurora MySQL 3.x releases, must be v3.05.2 or newer",
            "| Redis | v7.x |",
            "| Helm | v3.x |",
        ];
        expect(quotes[0]).to.include(`v${MIN_VERSIONS.kubernetes} or newer`);
        expect(quotes[1]).to.include(`v${MIN_VERSIONS.mysql} or newer`);
        expect(quotes[1]).to.include(`v${MIN_VERSIONS.mysqlRecommended} or newer is recommended`);
        expect(quotes[1]).to.include(`must be v${MIN_VERSIONS.auroraMysql} or newer`);
        expect(quotes[2]).to.include(`v${MIN_VERSIONS.redisMajor}.x`);
        expect(quotes[3]).to.include(`v${MIN_VERSIONS.helmMajor}.x`);
        quotes.forEach((quote) => expectQuoted(this, NEW, quote));
    });

    it("the six MySQL parameters (on-prem guide, parameter group configuration)", function () {
        const quote = `binlog_format = 'ROW'
innodb_online_alter_log_max_size = 268435456
sync_binlog = 1
innodb_flush_log_at_trx_commit = 1
binlog_row_image = 'MINIMAL'
sort_buffer_size = 67108864`;
        const parsed = Object.fromEntries(
            quote.split("\n").map((line) => {
                const [key, value] = line.split(" = ");
                return [key, value.replace(/'/g, "")];
            }),
        );
        expect(MYSQL_PARAMETERS).to.deep.equal(parsed);
        expectQuoted(this, OLD, quote);
    });

    it("the database and character set", function () {
        const quote = "CREATE DATABASE wandb_local CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;";
        expect(quote).to.equal(`CREATE DATABASE ${MYSQL_DATABASE.name} CHARACTER SET ${MYSQL_DATABASE.charset} COLLATE ${MYSQL_DATABASE.collation};`);
        expectQuoted(this, OLD, quote);
    });

    it("Kubernetes node sizing per product mix (older reference architecture; Models only also in the 2026 page)", function () {
        const tables: Record<keyof typeof KUBERNETES_NODE_SIZING, string> = {
            models: "Models only Kubernetes Environment CPU Memory Disk Test/Dev 2 cores 16 GB 100 GB Production 8 cores 64 GB 100 GB",
            weave: "Weave only Kubernetes Environment CPU Memory Disk Test/Dev 4 cores 32 GB 100 GB Production 12 cores 96 GB 100 GB",
            "models-and-weave": "Models and Weave Kubernetes Environment CPU Memory Disk Test/Dev 4 cores 32 GB 100 GB Production 16 cores 128 GB 100 GB",
        };
        for (const [products, table] of Object.entries(tables)) {
            const sizing = KUBERNETES_NODE_SIZING[products as keyof typeof tables];
            expect(table).to.include(`Test/Dev ${sizing.test.cpu} cores ${sizing.test.memoryGb} GB ${sizing.test.diskGb} GB`);
            expect(table).to.include(`Production ${sizing.production.cpu} cores ${sizing.production.memoryGb} GB ${sizing.production.diskGb} GB`);
            expectQuoted(this, OLD, table);
        }
        const models = KUBERNETES_NODE_SIZING.models;
        expectQuoted(this, NEW, `| Test/Dev | ${models.test.cpu} cores | ${models.test.memoryGb} GB | ${models.test.diskGb} GB |`);
    });

    it("MySQL sizing (does not vary by product mix)", function () {
        const quote = "| Test/Dev | 2 cores | 16 GB | 100 GB | | Production | 8 cores | 64 GB | 500 GB |";
        const { test, production } = MYSQL_NODE_SIZING;
        expect(quote).to.equal(
            `| Test/Dev | ${test.cpu} cores | ${test.memoryGb} GB | ${test.diskGb} GB | | Production | ${production.cpu} cores | ${production.memoryGb} GB | ${production.diskGb} GB |`,
        );
        expectQuoted(this, NEW, "MySQL sizing These recommendations don’t vary by product mix");
        expectQuoted(this, NEW, quote);
    });

    it("cloud instance types per environment and product mix", function () {
        const rows: Record<string, [string, string]> = {
            aws: [
                "| Test/Dev | r6i.large | r6i.xlarge | r6i.xlarge | db.r6g.large |",
                "| Production | r6i.2xlarge | r6i.4xlarge | r6i.4xlarge | db.r6g.2xlarge |",
            ],
            gcp: ["Test/Dev n2-highmem-2 n2-highmem-4 n2-highmem-4 db-n1-highmem-2", "Production n2-highmem-8 n2-highmem-16 n2-highmem-16 db-n1-highmem-8"],
            azure: [
                "Test/Dev Standard_E2_v5 Standard_E4_v5 Standard_E4_v5 MO_Standard_E2ds_v4",
                "Production Standard_E8_v5 Standard_E16_v5 Standard_E16_v5 MO_Standard_E8ds_v4",
            ],
        };
        for (const [cloud, [testRow, productionRow]] of Object.entries(rows)) {
            const table = CLOUD_INSTANCE_TYPES[cloud as keyof typeof CLOUD_INSTANCE_TYPES];
            // The 2026 page renders the AWS table as Markdown; the older page renders all three as text.
            const markdown = cloud === "aws";
            const render = (env: "test" | "production", label: string) => {
                const row = table[env];
                const cells = [label, row.kubernetes.models, row.kubernetes.weave, row.kubernetes["models-and-weave"], row.mysql];
                return markdown ? `| ${cells.join(" | ")} |` : cells.join(" ");
            };
            expect(render("test", "Test/Dev")).to.equal(testRow);
            expect(render("production", "Production")).to.equal(productionRow);
            expectQuoted(this, cloud === "aws" ? NEW : OLD, testRow);
            expectQuoted(this, cloud === "aws" ? NEW : OLD, productionRow);
        }
    });

    it("worker nodes, autoscaling and CPU architecture", function () {
        const quote = "W&B recommends starting with a minimum of 3 worker nodes for both Test/Dev and Production, and enabling cluster autoscaling in Production.";
        expect(quote).to.include(`minimum of ${MIN_WORKER_NODES} worker nodes`);
        expect(AUTOSCALING_REQUIRED).to.deep.equal({ test: false, production: true });
        expectQuoted(this, NEW, quote);
        expect(SUPPORTED_CPU_ARCHITECTURE).to.equal("amd64");
        expectQuoted(this, NEW, "W&B runs on Intel and AMD 64-bit architecture. ARM isn’t supported.");
    });

    it("backups and MySQL topology", function () {
        expect(DATABASE_BACKUP).to.deep.equal({ frequencyHours: 24, minRetentionDays: 7 });
        expectQuoted(this, NEW, "W&B recommends daily backups with at least 1 week of retention.");
        const cpuQuote = "If CPU usage is sustained at > 90% of the system for more than 5 minutes, consider adding CPU capacity.";
        expect(cpuQuote).to.include(`> ${DATABASE_CPU_ALERT.thresholdPercent}%`).and.include(`${DATABASE_CPU_ALERT.sustainedMinutes} minutes`);
        expectQuoted(this, NEW, cpuQuote);
        expect(MYSQL_TOPOLOGY.multiPrimarySupported).to.equal(false);
        expect(MYSQL_TOPOLOGY.readReplicasSupported).to.equal(false);
        expectQuoted(this, NEW, "W&B doesn’t support a multi-primary topology or read-only replicas for the application database.");
        expectQuoted(this, NEW, "Use the provider’s high availability option, for example, Aurora Multi-AZ on AWS.");
    });

    it("the ingress path routing table", function () {
        const rendered = INGRESS_ROUTES.map((r) => `${r.path} | ${r.service} | ${r.port} | ${r.purpose} |`).join("\n");
        const quote = `/ | wandb-app | 8080 | Main web application UI |
/api | wandb-api | 8081 | API service |
/graphql | wandb-api | 8081 | GraphQL API endpoint |
/graphql2 | wandb-api | 8081 | GraphQL API v2 endpoint |
/console | wandb-console | 8082 | System Console |
/traces | wandb-weave-trace | 8722 | Weave tracing service (if enabled) |`;
        expect(rendered).to.equal(quote);
        expectQuoted(this, NEW, quote);
    });

    it("Weave online evaluations: Bufstream and etcd, and the registry they need", function () {
        const quote = "https://gcr.iois needed when deploying Bufstream and etcd for Weave online evaluations.";
        expect(quote).to.include(`${WEAVE_ONLINE_EVALUATIONS.egress}is needed when deploying ${WEAVE_ONLINE_EVALUATIONS.broker} and ${WEAVE_ONLINE_EVALUATIONS.metadataStore} for Weave online evaluations`);
        expectQuoted(this, NEW, quote);
    });

    it("TLS, CORS and the nginx body size", function () {
        expect(TLS).to.deep.equal({ required: true, selfSignedSupported: false, customCaSupported: false, hostScheme: "https://" });
        expectQuoted(this, NEW, "SSL/TLS termination must occur on the ingress/load balancer.");
        expectQuoted(this, NEW, "W&B does not support self-signed certificates and custom CAs.");
        const cors = "<AllowedMethod>GET</AllowedMethod> <AllowedMethod>PUT</AllowedMethod> <AllowedMethod>HEAD</AllowedMethod> <AllowedHeader>*</AllowedHeader>";
        expect(cors).to.equal(
            `${BUCKET_CORS.allowedMethods.map((m) => `<AllowedMethod>${m}</AllowedMethod>`).join(" ")} ${BUCKET_CORS.allowedHeaders.map((h) => `<AllowedHeader>${h}</AllowedHeader>`).join(" ")}`,
        );
        expectQuoted(this, OLD, cors);
        const body = `${NGINX_PROXY_BODY_SIZE.annotation}: ${NGINX_PROXY_BODY_SIZE.value}`;
        expectQuoted(this, OLD, body);
    });
});
