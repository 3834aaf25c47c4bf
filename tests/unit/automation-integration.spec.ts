/**
 * Integration: a real `pulumi preview` of the onprem program through previewWandb, with the real CLI
 * and a real cluster. Skips, saying why, when either is missing:
 * - the CLI: `pulumi` on PATH, or `WANDB_IT_PULUMI_ROOT` (a directory holding bin/pulumi);
 * - credentials: `WANDB_IT_KUBECONFIG`, a kubeconfig file of a cluster the preview may read.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulumiCliNotFoundError, previewWandb, resolvePulumiCommand } from "../../components/automation";

describe("automation integration: real pulumi preview of the onprem program", function () {
    this.timeout(10 * 60 * 1000);
    let workDir: string | undefined;

    before(async function () {
        try {
            await resolvePulumiCommand({ pulumiRoot: process.env.WANDB_IT_PULUMI_ROOT });
        } catch (error) {
            if (error instanceof PulumiCliNotFoundError) {
                console.log(`      skipped: no real pulumi CLI (${error.message.split(":")[0]}); set WANDB_IT_PULUMI_ROOT or put pulumi on PATH`);
                this.skip();
            }
            throw error;
        }
        const kubeconfig = process.env.WANDB_IT_KUBECONFIG;
        if (!kubeconfig || !fs.existsSync(kubeconfig)) {
            console.log("      skipped: no cluster credentials; set WANDB_IT_KUBECONFIG to a kubeconfig file");
            this.skip();
        }
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "wandb-it-"));
    });
    after(() => {
        if (workDir) {
            fs.rmSync(workDir, { recursive: true, force: true });
        }
    });

    it("previews the operator, the Secrets and the W&B custom resource", async () => {
        const result = await previewWandb({
            stackName: "it",
            program: "onprem",
            workDir: workDir as string,
            passphrase: "integration-test",
            pulumiRoot: process.env.WANDB_IT_PULUMI_ROOT,
            policyPacks: process.env.WANDB_IT_POLICY_PACK ? [process.env.WANDB_IT_POLICY_PACK] : [],
            config: {
                environment: "test",
                host: "https://wandb.it.example.internal",
                database: { host: "mysql.it.example.internal" },
                bucket: { provider: "s3", name: "wandb", endpoint: "s3.it.example.internal", region: "us-east-1" },
                ingress: { class: "nginx", tlsSecretName: "wandb-tls" },
            },
            secrets: {
                license: "integration-license",
                databasePassword: "integration-password",
                kubeconfig: fs.readFileSync(process.env.WANDB_IT_KUBECONFIG as string, "utf8"),
            },
        });
        expect(result.changeSummary.create ?? 0).to.be.greaterThan(0);
    });
});
