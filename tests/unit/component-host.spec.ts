/**
 * The component package as Pulumi runs it for other languages (PulumiPlugin.yaml): `RunPlugin` of the Node.js
 * language host starts `node @pulumi/pulumi/cmd/run-plugin <package dir>`, reads the port it prints and asks the
 * provider for its schema (`pulumi package get-schema`, `pulumi package add`). Here the same process is started
 * directly and asked over gRPC, without the CLI: it must serve the committed schema/wandb.schema.json, with the
 * provider reference the CLI binds.
 */
import { expect } from "chai";
import * as childProcess from "child_process";
import * as fs from "fs";
import * as grpc from "@grpc/grpc-js";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { SCHEMA_FILE } from "../harness/component-schema";
import { REPO_ROOT } from "../harness/stacks";

/** Starts `run-plugin` on the repository; resolves with the child and the port from its first stdout line. */
function startHost(): Promise<{ child: childProcess.ChildProcess; port: number; output: () => string }> {
    const child = childProcess.spawn(process.execPath, [require.resolve("@pulumi/pulumi/cmd/run-plugin"), REPO_ROOT], {
        cwd: REPO_ROOT,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const output = () => `${stdout}${stderr}`;
    return new Promise((resolve, reject) => {
        child.stderr.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
        child.stdout.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            const line = /^(\d+)\n/.exec(stdout);
            if (line) resolve({ child, port: Number(line[1]), output });
        });
        child.on("exit", (code) => reject(new Error(`run-plugin exited ${code} before printing a port:\n${output()}`)));
    });
}

function getSchema(port: number): Promise<string> {
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": 64 * 1024 * 1024,
    });
    return new Promise((resolve, reject) => {
        client.getSchema(new provproto.GetSchemaRequest(), (error, response) => {
            client.close();
            if (error || !response) reject(error ?? new Error("no GetSchema response"));
            else resolve(response.getSchema());
        });
    });
}

describe("the component provider host (run-plugin on the repository, as RunPlugin starts it)", function () {
    // The compiled library (package.json main is dist/components/plugin-host.js), then one schema inference.
    this.timeout(5 * 60 * 1000);
    let host: { child: childProcess.ChildProcess; port: number; output: () => string } | undefined;

    before(async () => {
        const build = childProcess.spawnSync("npm", ["run", "-s", "build"], { cwd: REPO_ROOT, encoding: "utf8" });
        if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
        host = await startHost();
    });

    after(() => {
        host?.child.kill();
    });

    it("serves schema/wandb.schema.json over GetSchema, with the provider reference the CLI binds", async () => {
        const served = JSON.parse(await getSchema(host!.port)) as unknown;
        expect(served).to.deep.equal(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")));
        expect(JSON.stringify(served)).to.include("schema.json#/resources/pulumi:providers:kubernetes");
        expect(JSON.stringify(served)).to.not.match(/schema\.json#\/resources\/kubernetes"/);
    });
});
