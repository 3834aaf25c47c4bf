/**
 * Object-store preflight against real S3 servers on 127.0.0.1:
 * - s3rver (npm; fast, but it does not verify SigV4 signatures) for bucket, presign, CORS and TLS cases;
 * - Ceph RADOS Gateway (Debian radosgw/ceph-mon/ceph-osd; verifies SigV4 like AWS) for the signing
 *   and CORS-echo behaviour, started once (~13 s).
 */
import { expect } from "chai";
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from "@aws-sdk/client-s3";
import { ObjectStoreTarget, PreflightCheck, checkObjectStore, corsRuleAllows } from "../../components/preflight";
import { RGW_BINARIES, RgwServer, S3rverServer, corsXml, requireBinaries, startRgw, startS3rver } from "../harness/servers";

const ORIGIN = "https://wandb.team-a.example.internal";
const statuses = (checks: PreflightCheck[]) => Object.fromEntries(checks.map((c) => [c.check, c.status]));

describe("preflight object store: CORS rule matching (pure)", () => {
    it("needs the origin (exact, * or wildcard), GET+PUT+HEAD and headers *", () => {
        const rule = { AllowedOrigins: [ORIGIN], AllowedMethods: ["GET", "PUT", "HEAD"], AllowedHeaders: ["*"] };
        expect(corsRuleAllows(rule, ORIGIN)).to.equal(true);
        expect(corsRuleAllows({ ...rule, AllowedOrigins: ["*"] }, ORIGIN)).to.equal(true);
        expect(corsRuleAllows({ ...rule, AllowedOrigins: ["https://*.example.internal"] }, ORIGIN)).to.equal(true);
        expect(corsRuleAllows({ ...rule, AllowedOrigins: ["http://wandb.team-a.example.internal"] }, ORIGIN)).to.equal(false);
        expect(corsRuleAllows({ ...rule, AllowedMethods: ["GET", "HEAD"] }, ORIGIN)).to.equal(false);
        expect(corsRuleAllows({ ...rule, AllowedHeaders: ["content-type"] }, ORIGIN)).to.equal(false);
    });
});

describe("preflight object store against s3rver on 127.0.0.1 (no SigV4 verification)", function () {
    this.timeout(60_000);
    let s3: S3rverServer;
    let s3tls: S3rverServer;
    const target = (bucket: string, extra: Partial<ObjectStoreTarget> = {}): ObjectStoreTarget => ({
        bucket, endpoint: s3.endpoint, accessKey: s3.accessKey, secretKey: s3.secretKey, origin: ORIGIN, ...extra,
    });

    before(async () => {
        s3 = await startS3rver({
            wandb: corsXml(ORIGIN),
            "no-cors": null,
            "other-origin": corsXml("https://other.example.internal"),
            "no-put": corsXml(ORIGIN, ["GET", "HEAD"]),
        });
        s3tls = await startS3rver({ wandb: corsXml(ORIGIN) }, { tls: true });
    });
    after(async () => {
        await s3?.stop();
        await s3tls?.stop();
    });

    it("passes a bucket with the docs' CORS rule: exists, presigned PUT then GET, CORS config, OPTIONS preflight", async () => {
        const checks = await checkObjectStore(target("wandb"));
        expect(statuses(checks)).to.deep.equal({ bucket: "pass", "presigned PUT/GET": "pass", "CORS configuration": "pass", "CORS preflight": "pass" });
        expect(checks.find((c) => c.check === "presigned PUT/GET")?.measured).to.match(/^PUT 200, GET 200, \d+ bytes match$/);
    });

    it("fails CORS when the bucket has no CORS configuration", async () => {
        const checks = await checkObjectStore(target("no-cors"));
        expect(checks.find((c) => c.check === "CORS configuration")).to.deep.include({ status: "fail", measured: "no CORS configuration" });
        expect(checks.find((c) => c.check === "CORS preflight")?.status).to.equal("fail");
    });

    it("fails CORS when the rule allows another origin", async () => {
        const checks = await checkObjectStore(target("other-origin"));
        expect(statuses(checks)).to.deep.include({ "CORS configuration": "fail", "CORS preflight": "fail" });
        expect(checks.find((c) => c.check === "CORS configuration")?.fix).to.contain(`AllowedOrigin ${ORIGIN}`);
    });

    it("fails CORS when the rule lacks PUT, and the real preflight shows PUT refused", async () => {
        const checks = await checkObjectStore(target("no-put"));
        expect(statuses(checks)).to.deep.include({ "CORS configuration": "fail", "CORS preflight": "fail" });
        expect(checks.find((c) => c.check === "CORS preflight")?.measured).to.match(/GET 200 .*; PUT 403 no allow-origin; HEAD 200/);
    });

    it("fails a bucket that does not exist, and stops there", async () => {
        const checks = await checkObjectStore(target("missing-bucket"));
        expect(checks).to.have.length(1);
        expect(checks[0]).to.deep.include({ check: "bucket", status: "fail", fix: "create the bucket (W&B does not create it)" });
    });

    it("with tls=true: passes a certificate signed by the given CA and reports it", async () => {
        const checks = await checkObjectStore(target("wandb", { endpoint: s3tls.endpoint.replace("https://", ""), tls: true, caCert: s3tls.caCert }));
        expect(checks[0].check).to.equal("TLS");
        expect(checks[0].status).to.equal("pass");
        expect(checks[0].measured).to.match(/^TLSv1\.[23], certificate localhost, valid until /);
        expect(checks.every((c) => c.status === "pass")).to.equal(true);
    });

    it("with tls=true: fails an untrusted (self-signed) certificate and a plain-HTTP endpoint", async () => {
        const untrusted = await checkObjectStore(target("wandb", { endpoint: s3tls.endpoint.replace("https://", ""), tls: true }));
        expect(untrusted).to.have.length(1);
        expect(untrusted[0]).to.deep.include({ check: "TLS", status: "fail" });
        expect(untrusted[0].measured).to.contain("self-signed certificate");
        const plain = await checkObjectStore(target("wandb", { endpoint: s3.endpoint.replace("http://", ""), tls: true }));
        expect(plain[0].measured).to.contain("TLS handshake failed").and.contain("does not speak TLS").and.not.contain("openssl");
    });

    it("reports an unreachable endpoint and a malformed W&B host as one line each", async () => {
        const closed = await checkObjectStore(target("wandb", { endpoint: "127.0.0.1:1" }));
        expect(closed).to.have.length(1);
        expect(closed[0].measured).to.contain("ECONNREFUSED").and.not.contain("\n");
        const badOrigin = await checkObjectStore(target("wandb", { origin: "not a url" }));
        expect(badOrigin[0]).to.deep.include({ check: "settings", status: "fail" });
    });
});

describe("preflight object store against Ceph RGW on 127.0.0.1 (real SigV4 verification)", function () {
    this.timeout(120_000);
    let rgw: RgwServer | undefined;
    const target = (extra: Partial<ObjectStoreTarget> = {}): ObjectStoreTarget => ({
        bucket: "wandb", endpoint: rgw?.endpoint, accessKey: rgw?.accessKey, secretKey: rgw?.secretKey, origin: ORIGIN, ...extra,
    });

    before(async function () {
        requireBinaries(this, RGW_BINARIES, "ceph-mon ceph-osd radosgw ceph-common");
        rgw = await startRgw();
        const client = new S3Client({ region: "us-east-1", endpoint: rgw.endpoint, forcePathStyle: true, credentials: { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey } });
        await client.send(new CreateBucketCommand({ Bucket: "wandb" }));
        await client.send(new PutBucketCorsCommand({
            Bucket: "wandb",
            CORSConfiguration: { CORSRules: [{ AllowedOrigins: [ORIGIN], AllowedMethods: ["GET", "PUT", "HEAD"], AllowedHeaders: ["*"], MaxAgeSeconds: 3000 }] },
        }));
        client.destroy();
    });
    after(async () => {
        await rgw?.stop();
    });

    it("passes every check, with RGW echoing the W&B origin in the preflight", async () => {
        const checks = await checkObjectStore(target());
        expect(statuses(checks)).to.deep.equal({ bucket: "pass", "presigned PUT/GET": "pass", "CORS configuration": "pass", "CORS preflight": "pass" });
        expect(checks.find((c) => c.check === "CORS preflight")?.measured).to.equal(
            `GET 200 allow-origin ${ORIGIN}; PUT 200 allow-origin ${ORIGIN}; HEAD 200 allow-origin ${ORIGIN}`,
        );
    });

    it("fails a wrong secret key: RGW rejects the SigV4 signature (s3rver would accept it)", async () => {
        const checks = await checkObjectStore(target({ secretKey: "not-the-secret" }));
        expect(checks).to.have.length(1);
        expect(checks[0]).to.deep.include({ check: "bucket", status: "fail" });
        expect(checks[0].measured).to.contain("access denied (HTTP 403)");
    });

    it("fails CORS for an origin the bucket does not allow", async () => {
        const checks = await checkObjectStore(target({ origin: "https://other.example.internal" }));
        expect(statuses(checks)).to.deep.include({ bucket: "pass", "presigned PUT/GET": "pass", "CORS configuration": "fail", "CORS preflight": "fail" });
        expect(checks.find((c) => c.check === "CORS preflight")?.measured).to.equal("GET 403 no allow-origin; PUT 403 no allow-origin; HEAD 403 no allow-origin");
    });
});
