/** Redis preflight against REAL redis-server processes (Debian `redis-server` 7.0) on 127.0.0.1. */
import { expect } from "chai";
import * as net from "net";
import { checkRedis } from "../../components/preflight";
import { RedisServer, requireBinaries, startRedis } from "../harness/servers";

describe("preflight redis against real redis-server 7 on 127.0.0.1", function () {
    this.timeout(30_000);
    let plain: RedisServer | undefined;
    let secured: RedisServer | undefined;

    before(async function () {
        requireBinaries(this, ["redis-server", "openssl"], "redis-server openssl");
        plain = await startRedis();
        secured = await startRedis({ password: "redis-pw", tls: true });
    });
    after(async () => {
        await plain?.stop();
        await secured?.stop();
    });

    it("passes a plain Redis 7 without a password", async () => {
        const checks = await checkRedis({ host: "127.0.0.1", port: plain?.port });
        expect(checks.map((c) => [c.check, c.status])).to.deep.equal([["connect", "pass"], ["version", "pass"]]);
        expect(checks[1].measured).to.match(/^7\.\d+\.\d+$/);
    });

    it("passes Redis over TLS with a password and the server's CA", async () => {
        const checks = await checkRedis({ host: "127.0.0.1", port: secured?.port, password: "redis-pw", tls: true, caCert: secured?.caCert });
        expect(checks.map((c) => c.status)).to.deep.equal(["pass", "pass"]);
        expect(checks[0].measured).to.equal(`rediss://127.0.0.1:${secured?.port} (password accepted)`);
    });

    it("fails a wrong password with the server's WRONGPASS reply", async () => {
        const checks = await checkRedis({ host: "127.0.0.1", port: secured?.port, password: "wrong", tls: true, caCert: secured?.caCert });
        expect(checks).to.have.length(1);
        expect(checks[0]).to.deep.include({ check: "connect", status: "fail" });
        expect(checks[0].measured).to.contain("WRONGPASS");
        expect(checks[0].fix).to.contain("password");
    });

    it("fails a missing password with NOAUTH", async () => {
        const checks = await checkRedis({ host: "127.0.0.1", port: secured?.port, tls: true, caCert: secured?.caCert });
        expect(checks[0].status).to.equal("fail");
        expect(checks[0].measured).to.contain("NOAUTH");
    });

    it("fails TLS against an untrusted certificate (no CA given)", async () => {
        const checks = await checkRedis({ host: "127.0.0.1", port: secured?.port, password: "redis-pw", tls: true });
        expect(checks[0].status).to.equal("fail");
        expect(checks[0].measured).to.contain("self-signed certificate");
    });

    it("fails plain TCP to the TLS port, and an unreachable port, each as one line", async () => {
        const wrongTls = await checkRedis({ host: "127.0.0.1", port: secured?.port, password: "redis-pw" });
        expect(wrongTls).to.have.length(1);
        expect(wrongTls[0].status).to.equal("fail");
        const closed = await checkRedis({ host: "127.0.0.1", port: 1 });
        expect(closed[0].measured).to.contain("ECONNREFUSED").and.not.contain("\n");
    });
});

describe("preflight redis version rule against a STAND-IN server that answers INFO as Redis 6.2 (no Redis 6 is installable here)", () => {
    it("fails a Redis 6.2 server", async () => {
        const info = "# Server\r\nredis_version:6.2.14\r\nredis_mode:standalone\r\n# Persistence\r\nloading:0\r\n";
        // Every command gets the INFO text as a RESP bulk string: enough for the client's ready check and INFO.
        const reply = `$${Buffer.byteLength(info)}\r\n${info}\r\n`;
        const server = net.createServer((socket) =>
            socket.on("data", (chunk: Buffer) => socket.write(reply.repeat((chunk.toString().match(/(^|\n)\*\d+\r\n/g) ?? []).length))));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
            const checks = await checkRedis({ host: "127.0.0.1", port: (server.address() as net.AddressInfo).port });
            expect(checks[0], JSON.stringify(checks)).to.deep.include({ check: "connect", status: "pass" });
            expect(checks[1]).to.deep.include({ check: "version", status: "fail", measured: "6.2.14", expected: "Redis 7.x" });
        } finally {
            server.close();
        }
    });
});
