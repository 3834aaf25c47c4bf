/**
 * Preflight's image check against a real registry (Debian's `docker-registry`) on 127.0.0.1 with token
 * authentication, test images pushed through the registry API.
 */
import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { checkImages, deploymentImages, parseImageReference } from "../../components/preflight";
import { OPERATOR_CHART, WANDB_RELEASE } from "../../components/release";
import { RegistryServer, pushImage, startRegistry } from "../harness/registry-server";
import { requireBinaries } from "../harness/servers";
import { REPO_ROOT } from "../harness/stacks";

describe("preflight images: what runs, and how references are read", () => {
    it("reads registry, repository and tag the way container runtimes do", () => {
        expect(parseImageReference("wandb/local:0.83.0")).to.deep.equal({ registry: "docker.io", repository: "wandb/local", reference: "0.83.0" });
        expect(parseImageReference("nginx")).to.deep.equal({ registry: "docker.io", repository: "library/nginx", reference: "latest" });
        expect(parseImageReference("127.0.0.1:5000/mirror/wandb/console:2.18.12")).to.deep.equal({ registry: "127.0.0.1:5000", repository: "mirror/wandb/console", reference: "2.18.12" });
        expect(parseImageReference("registry.example.com/wandb/local@sha256:ab")).to.deep.equal({ registry: "registry.example.com", repository: "wandb/local", reference: "sha256:ab" });
    });

    it("lists the pinned W&B images the instance runs and the controller image; Weave adds weave-trace; a mirror replaces wandb/", () => {
        const models = deploymentImages({});
        expect(models).to.include.members([
            `wandb/local:${WANDB_RELEASE.images.local}`,
            `wandb/console:${WANDB_RELEASE.images.console}`,
            `wandb/megabinary:${WANDB_RELEASE.images.megabinary}`,
            `wandb/weave-python:${WANDB_RELEASE.images.weavePython}`,
            `${OPERATOR_CHART.controllerImageRepository}:${OPERATOR_CHART.controllerImageTag}`,
        ]);
        expect(models.some((image) => image.startsWith("wandb/weave-trace:"))).to.equal(false);
        expect(models.some((image) => image.startsWith("wandb/anaconda2:"))).to.equal(false);
        expect(deploymentImages({ products: "models-and-weave" })).to.include(`wandb/weave-trace:${WANDB_RELEASE.images.weaveTrace}`);
        const mirrored = deploymentImages({ imageRegistry: "registry.example.com/wandb", controllerImageRepository: "registry.example.com/wandb/controller", images: { console: "2.19.0" } });
        expect(mirrored.every((image) => image.startsWith("registry.example.com/wandb/"))).to.equal(true);
        expect(mirrored).to.include("registry.example.com/wandb/console:2.19.0");
    });
});

describe("preflight images against a real registry (docker-registry, token auth)", function () {
    this.timeout(120_000);
    let registry: RegistryServer | undefined;
    let host = "";

    before(async function () {
        requireBinaries(this, ["docker-registry", "openssl"], "docker-registry openssl");
        registry = await startRegistry();
        host = registry.host;
        await pushImage(registry, "wandb/local", "0.83.0");
        await pushImage(registry, "wandb/controller", "1.22.0");
    });
    after(async () => {
        await registry?.stop();
    });

    it("passes images that exist and fails the missing one with one line saying where it is missing", async () => {
        const checks = await checkImages({
            images: [`${host}/wandb/local:0.83.0`, `${host}/wandb/controller:1.22.0`, `${host}/wandb/console:2.18.12`],
            credentials: { [host]: { username: registry!.username, password: registry!.password } },
            insecureRegistries: [host],
        });
        expect(checks.map((c) => [c.check, c.status])).to.deep.equal([
            [`${host}/wandb/local:0.83.0`, "pass"],
            [`${host}/wandb/controller:1.22.0`, "pass"],
            [`${host}/wandb/console:2.18.12`, "fail"],
        ]);
        expect(checks[2].measured).to.equal(`not found in ${host}`);
        expect(checks[2].fix).to.match(/push or mirror wandb\/console:2\.18\.12/);
    });

    it("a wrong password or no credentials fail with what to fix, never a pass", async () => {
        const wrong = await checkImages({ images: [`${host}/wandb/local:0.83.0`], credentials: { [host]: { username: registry!.username, password: "wrong" } }, insecureRegistries: [host] });
        expect(wrong[0].status).to.equal("fail");
        expect(wrong[0].measured).to.match(/token service 127\.0\.0\.1:\d+ refused user puller \(HTTP 401\)/);
        const anonymous = await checkImages({ images: [`${host}/wandb/local:0.83.0`], insecureRegistries: [host] });
        expect(anonymous[0].status).to.equal("fail");
        expect(anonymous[0].fix).to.equal(`give pull credentials for ${host}`);
    });

    it("npm run preflight on an air-gapped stack checks the mirror: exactly the images not mirrored fail", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-images-"));
        try {
            fs.writeFileSync(
                path.join(dir, "Pulumi.mirror.yaml"),
                yaml.dump({
                    config: {
                        "wandb:program": "onprem",
                        "wandb:products": "models",
                        "wandb:instance": { airgapped: { chartRepository: "https://charts.example.com", imageRegistry: `${host}/wandb` } },
                        "wandb:operator": { airgapped: { chartRepository: "https://charts.example.com", controllerImageRepository: `${host}/wandb/controller` } },
                    },
                }),
            );
            const expected = deploymentImages({ imageRegistry: `${host}/wandb`, controllerImageRepository: `${host}/wandb/controller` });
            const env = { ...process.env, WANDB_REGISTRY_USERNAME: registry!.username, WANDB_REGISTRY_PASSWORD: registry!.password };
            const run = await new Promise<{ status: number | null; stdout: string }>((resolve, reject) => {
                const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(REPO_ROOT, "components/preflight/cli.ts"), "mirror", "--dir", dir, "--only", "images", "--insecure-registry", host], { cwd: REPO_ROOT, env });
                let stdout = "";
                child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
                child.on("error", reject);
                child.on("close", (status) => resolve({ status, stdout }));
            });
            const failed = run.stdout.split("\n").filter((line) => line.startsWith("FAIL"));
            const missingImages = expected.filter((image) => image !== `${host}/wandb/local:0.83.0` && image !== `${host}/wandb/controller:1.22.0`);
            expect(failed, run.stdout).to.have.length(missingImages.length);
            for (const image of missingImages) {
                expect(run.stdout).to.include(`FAIL images       ${image}: not found in ${host}`);
            }
            expect(run.stdout).to.include(`PASS images       ${host}/wandb/local:0.83.0`);
            expect(run.status).to.equal(1);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
