/**
 * A platform team's tool deploying W&B for one team through the Automation API.
 *
 *   PULUMI_CONFIG_PASSPHRASE=… WANDB_LICENSE=… DB_PASSWORD=… KUBECONFIG_FILE=~/.kube/team-a \
 *     node -r ts-node/register/transpile-only examples/automation/deploy.ts [preview|up|destroy]
 *
 * State goes to ./.wandb-state/team-a (a local file backend, no Pulumi Cloud account); the W&B policy
 * pack in policies/ checks every preview and update. Needs the `pulumi` CLI on PATH.
 */
import * as fs from "fs";
import * as path from "path";
import { PulumiCliNotFoundError, WandbStackOptions, deployWandb, destroyWandb, previewWandb } from "../../components";

function required(name: string): string {
    const value = process.env[name];
    if (!value) {
        throw new Error(`set ${name}`);
    }
    return value;
}

export function teamStack(team: string): WandbStackOptions {
    return {
        stackName: team,
        program: "onprem",
        workDir: path.resolve(".wandb-state", team),
        config: {
            environment: "production",
            host: `https://wandb.${team}.example.internal`,
            database: { host: "mysql.db.example.internal", name: "wandb_local", user: "wandb_local" },
            bucket: { provider: "s3", endpoint: "minio.storage.example.internal:9000", name: `wandb-${team}`, tls: true, region: "us-east-1" },
            redis: { host: "redis.cache.example.internal", port: 6379, tls: true },
            ingress: { class: "nginx", certManagerClusterIssuer: "letsencrypt-prod" },
            instance: { namespace: "wandb", size: "small" },
        },
        secrets: {
            license: required("WANDB_LICENSE"),
            databasePassword: required("DB_PASSWORD"),
            kubeconfig: fs.readFileSync(required("KUBECONFIG_FILE"), "utf8"),
        },
        onOutput: (text) => process.stdout.write(text),
    };
}

async function main(operation: string): Promise<void> {
    const options = teamStack("team-a");
    if (operation === "preview") {
        const { changeSummary } = await previewWandb(options);
        console.log("planned:", changeSummary);
    } else if (operation === "up") {
        const { outputs } = await deployWandb(options);
        console.log(`W&B is at ${outputs.url} (namespace ${outputs.namespace})`);
    } else if (operation === "destroy") {
        await destroyWandb(options);
    } else {
        throw new Error(`unknown operation ${operation}: preview, up or destroy`);
    }
}

if (require.main === module) {
    main(process.argv[2] ?? "preview").catch((error: Error) => {
        // PulumiCliNotFoundError and WandbArgumentError messages are one line meant for the user.
        console.error(error instanceof PulumiCliNotFoundError ? error.message : `error: ${error.message}`);
        process.exit(1);
    });
}
