/**
 * `npm run preflight -- <stack>`: stack files and secrets to targets, bad input, exit codes, and a run
 * of the real CLI process against real servers on 127.0.0.1 (MariaDB, Redis, s3rver) plus the
 * recorded-response Kubernetes stand-in.
 */
import { expect } from "chai";
import { spawn } from "child_process";
import { createConnection } from "mysql2/promise";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { PreflightInputError, parseBucketUrl, parseMysqlUrl, parseRedisUrl, secretEnvVar, targetsFromStack } from "../../components/preflight";
import { main } from "../../components/preflight/cli";
import { MYSQL_PARAMETERS } from "../../components/requirements";
import { RecordedKubeApi, startRecordedKubeApi } from "../harness/recorded-kube-api";
import { REPO_ROOT } from "../harness/stacks";
import { MariaDbServer, RedisServer, S3rverServer, corsXml, requireBinaries, startMariaDb, startRedis, startS3rver } from "../harness/servers";

const ONPREM_SECRETS = { databasePassword: "db-pw", redisPassword: "redis-pw", bucketAccessKey: "AK", bucketSecretKey: "SK", kubeconfig: "apiVersion: v1\nkind: Config\n" };

/** Runs the CLI in-process; returns exit code and the printed lines. */
async function runCli(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, (line) => out.push(line), (line) => err.push(line));
    return { code, out, err };
}

describe("preflight CLI: stack file and secrets to targets", () => {
    it("maps Pulumi.onprem.yaml to MySQL, Redis, object store and Kubernetes targets, secrets from --secrets", () => {
        const { targets, host } = targetsFromStack("onprem", REPO_ROOT, ONPREM_SECRETS, {});
        expect(host).to.equal("https://wandb.apps.example.internal");
        expect(targets.mysql).to.deep.equal({ host: "mysql.db.example.internal", port: 3306, user: "wandb_local", database: "wandb_local", password: "db-pw", caCert: undefined, tls: undefined });
        expect(targets.redis).to.deep.include({ host: "redis.cache.example.internal", port: 6379, tls: true, password: "redis-pw" });
        expect(targets.objectStore).to.deep.include({ bucket: "wandb", endpoint: "minio.storage.example.internal:9000", tls: true, accessKey: "AK", secretKey: "SK", origin: "https://wandb.apps.example.internal" });
        expect(targets.kubernetes).to.deep.include({ ingressClass: "nginx", kubeconfig: ONPREM_SECRETS.kubeconfig });
    });

    it("takes secrets from WANDB_* environment variables", () => {
        const env = Object.fromEntries(Object.entries(ONPREM_SECRETS).map(([key, value]) => [secretEnvVar(key), value]));
        expect(Object.keys(env)).to.include.members(["WANDB_DATABASE_PASSWORD", "WANDB_REDIS_PASSWORD", "WANDB_BUCKET_ACCESS_KEY", "WANDB_BUCKET_SECRET_KEY", "WANDB_KUBECONFIG"]);
        expect(targetsFromStack("onprem", REPO_ROOT, {}, env).targets.mysql?.password).to.equal("db-pw");
    });

    it("names every encrypted secret it lacks, and the variables that give them, in one line", () => {
        expect(() => targetsFromStack("onprem", REPO_ROOT, { kubeconfig: "x" }, {})).to.throw(
            PreflightInputError,
            /^encrypted in Pulumi\.onprem\.yaml: wandb:databasePassword, wandb:redisPassword, wandb:bucketAccessKey, wandb:bucketSecretKey; give them as WANDB_DATABASE_PASSWORD, WANDB_REDIS_PASSWORD, WANDB_BUCKET_ACCESS_KEY, WANDB_BUCKET_SECRET_KEY or in --secrets file.json$/,
        );
    });

    it("parses W&B-style connection strings and rejects malformed ones without echoing the password", () => {
        expect(parseMysqlUrl("mysql://wandb:p%40ss@db.internal:3307/wandb_local?tls=true")).to.deep.equal({ host: "db.internal", port: 3307, user: "wandb", password: "p@ss", database: "wandb_local", tls: true });
        expect(parseRedisUrl("rediss://:pw@cache.internal")).to.deep.equal({ host: "cache.internal", port: 6379, password: "pw", tls: true });
        expect(parseBucketUrl("s3://AK:SK@minio.internal:9000/wandb?tls=true", "https://w.example")).to.deep.include({ bucket: "wandb", endpoint: "minio.internal:9000", tls: true, accessKey: "AK", secretKey: "SK" });
        const aws = parseBucketUrl("s3://my-bucket?region=eu-west-1", "https://w.example");
        expect(aws).to.deep.include({ bucket: "my-bucket", region: "eu-west-1" });
        expect(aws).to.not.have.property("endpoint");
        expect(() => parseMysqlUrl("db.internal:3306")).to.throw(PreflightInputError, /--mysql: (not a URL|scheme)/);
        expect(() => parseRedisUrl("http://cache")).to.throw(PreflightInputError, /--redis: scheme http is not redis or rediss/);
        expect(() => parseBucketUrl("s3://AK:supersecret@minio.internal:9000", "https://w.example")).to.throw(PreflightInputError, /no bucket name/)
            .and.satisfy((e: Error) => !e.message.includes("supersecret"));
    });

    it("bad input exits 2 with one error line and no stack trace", async () => {
        for (const argv of [["no-such-stack"], ["--mysql", "not a url"], ["--only", "mysql,ftp", "--mysql", "mysql://u@h/db"], ["--frobnicate"], ["--bucket", "s3://a:b@h/bkt"], []]) {
            const { code, out, err } = await runCli(argv);
            expect(code, argv.join(" ")).to.equal(2);
            expect(out, argv.join(" ")).to.deep.equal([]);
            expect(err, argv.join(" ")).to.have.length(1);
            expect(err[0], argv.join(" ")).to.match(/^error: /).and.not.match(/\n|\s+at /);
        }
    });
});

describe("preflight CLI end to end: a stack file pointing at real MariaDB, Redis, s3rver and the recorded Kubernetes stand-in", function () {
    this.timeout(90_000);
    let db: MariaDbServer | undefined;
    let redis: RedisServer | undefined;
    let s3: S3rverServer | undefined;
    let kube: RecordedKubeApi | undefined;
    let dir: string;
    const origin = "https://wandb.byo.example.internal";

    before(async function () {
        requireBinaries(this, ["mariadbd", "mariadb-install-db", "redis-server"], "mariadb-server redis-server");
        [db, redis, s3, kube] = await Promise.all([
            startMariaDb({ ...MYSQL_PARAMETERS, "log-bin": "mysql-bin", "server-id": 1 }),
            startRedis({ password: "redis-pw" }),
            startS3rver({ wandb: corsXml(origin) }),
            startRecordedKubeApi(),
        ]);
        const root = await createConnection({ socketPath: db.socket, user: "root", multipleStatements: true });
        await root.query("CREATE DATABASE wandb_local CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci; CREATE USER 'wandb_local'@'%' IDENTIFIED BY 'db-pw'; GRANT ALL ON wandb_local.* TO 'wandb_local'@'%' WITH GRANT OPTION;");
        await root.end();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-stack-"));
        fs.writeFileSync(path.join(dir, "Pulumi.byo.yaml"), yaml.dump({
            config: {
                "wandb:program": "onprem",
                "wandb:host": origin,
                "wandb:database": { host: "127.0.0.1", port: db.port, name: "wandb_local", user: "wandb_local" },
                "wandb:databasePassword": { secure: "v1:encrypted" },
                "wandb:redis": { host: "127.0.0.1", port: redis.port },
                "wandb:redisPassword": { secure: "v1:encrypted" },
                "wandb:bucket": { provider: "s3", endpoint: s3.endpoint.replace("http://", ""), name: "wandb", region: "us-east-1" },
                "wandb:bucketAccessKey": { secure: "v1:encrypted" },
                "wandb:bucketSecretKey": { secure: "v1:encrypted" },
                "wandb:kubeconfig": { secure: "v1:encrypted" },
                "wandb:ingress": { class: "nginx" },
            },
        }));
        fs.writeFileSync(path.join(dir, "secrets.json"), JSON.stringify({ databasePassword: "db-pw", redisPassword: "redis-pw", bucketAccessKey: s3.accessKey, bucketSecretKey: s3.secretKey, kubeconfig: kube.kubeconfig }));
    });
    after(async () => {
        await Promise.all([db?.stop(), redis?.stop(), s3?.stop(), kube?.stop()]);
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    /** The real CLI process, as `npm run preflight -- …` starts it (asynchronously: the Kubernetes stand-in runs in this process). */
    const cli = (args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(REPO_ROOT, "components/preflight/cli.ts"), ...args], { cwd: REPO_ROOT });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });

    it("checks every service; the only failure is MariaDB's version, so it exits 1", async () => {
        // The image check has its own suite against a local registry (preflight-images.spec.ts): Docker Hub is not reachable here.
        const run = await cli(["byo", "--dir", dir, "--secrets", path.join(dir, "secrets.json"), "--only", "object-store,mysql,redis,kubernetes"]);
        const lines = run.stdout.trim().split("\n");
        const failed = lines.filter((line) => line.startsWith("FAIL"));
        expect(failed, run.stdout + run.stderr).to.have.length(1);
        expect(failed[0]).to.match(/^FAIL mysql +version: 10\.11\.\d+-MariaDB/);
        for (const service of ["object-store", "mysql", "redis", "kubernetes"]) {
            expect(lines.some((line) => line.startsWith(`PASS ${service}`)), service).to.equal(true);
        }
        expect(lines[lines.length - 1]).to.match(/^\d+ passed, 0 warnings, 1 failed: NOT ready for W&B$/);
        expect(run.status).to.equal(1);
        expect(run.stderr).to.not.match(/\s+at /);
    });

    it("exits 0 when every selected check passes (--only redis,object-store,kubernetes)", async () => {
        const run = await cli(["byo", "--dir", dir, "--secrets", path.join(dir, "secrets.json"), "--only", "redis,object-store,kubernetes"]);
        expect(run.status, run.stdout + run.stderr).to.equal(0);
        expect(run.stdout).to.match(/passed, 0 warnings, 0 failed: ready for W&B/);
    });

    it("a wrong password and an unreachable host are FAIL lines with the fix, never a stack trace", async () => {
        const run = await cli(["--redis", `redis://:wrong@127.0.0.1:${redis?.port}`, "--mysql", "mysql://wandb_local:db-pw@127.0.0.1:9/wandb_local"]);
        expect(run.status).to.equal(1);
        expect(run.stdout).to.match(/^FAIL redis +connect: .*WRONGPASS/m).and.match(/^FAIL mysql +connect: .*ECONNREFUSED 127\.0\.0\.1:9/m).and.match(/^ +fix: /m);
        expect(run.stdout + run.stderr).to.not.match(/\n\s+at /);
    });

    it("a malformed connection string exits 2 with one line on stderr", async () => {
        const run = await cli(["--mysql", "mysql//nope"]);
        expect(run.status).to.equal(2);
        expect(run.stdout).to.equal("");
        expect(run.stderr.trim().split("\n")).to.deep.equal(["error: --mysql: not a URL (expected mysql://user:password@host:3306/wandb_local)"]);
    });
});
