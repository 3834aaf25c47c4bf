/**
 * MySQL preflight against a REAL MariaDB server (Debian `mariadb-server`) started on 127.0.0.1.
 * MariaDB is the closest MySQL-protocol server installable here: its version check must fail (W&B needs
 * MySQL 8.0.32+), while the parameter, character-set and grant checks run for real.
 */
import { expect } from "chai";
import { Connection, createConnection } from "mysql2/promise";
import { PreflightCheck, checkMysql, judgeMysqlVersion, missingPrivileges } from "../../components/preflight";
import { MYSQL_PARAMETERS } from "../../components/requirements";
import { MariaDbServer, requireBinaries, startMariaDb } from "../harness/servers";

const byName = (checks: PreflightCheck[], name: string) => checks.find((c) => c.check === name);

describe("preflight mysql: version rule (pure)", () => {
    it("fails below 8.0.32, warns below 8.0.44, passes from 8.0.44, fails MariaDB and other majors", () => {
        expect(judgeMysqlVersion("8.0.31").status).to.equal("fail");
        expect(judgeMysqlVersion("8.0.32").status).to.equal("warn");
        expect(judgeMysqlVersion("8.0.43-log").status).to.equal("warn");
        expect(judgeMysqlVersion("8.0.44").status).to.equal("pass");
        expect(judgeMysqlVersion("8.0.45-0ubuntu0.22.04.1").status).to.equal("pass");
        expect(judgeMysqlVersion("8.4.3").status).to.equal("fail");
        expect(judgeMysqlVersion("5.7.44").status).to.equal("fail");
        expect(judgeMysqlVersion("10.11.19-MariaDB-0+deb12u1-log")).to.deep.include({ status: "fail" });
    });

    it("reads grant scopes as LIKE patterns, with escaped underscores", () => {
        expect(missingPrivileges(["GRANT ALL PRIVILEGES ON `wandb\\_local`.* TO `wandb_local`@`%` WITH GRANT OPTION"], "wandb_local")).to.deep.equal([]);
        expect(missingPrivileges(["GRANT ALL PRIVILEGES ON `wandbXlocal`.* TO `u`@`%`"], "wandb_local")).to.have.length(9);
        expect(missingPrivileges(["GRANT SELECT, INSERT ON *.* TO `u`@`%`"], "wandb_local")).to.deep.equal(["UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "INDEX", "REFERENCES"]);
    });
});

describe("preflight mysql against a real MariaDB 10.11 on 127.0.0.1", function () {
    this.timeout(60_000);
    let server: MariaDbServer | undefined;
    let root: Connection;
    const target = () => ({ host: "127.0.0.1", port: (server as MariaDbServer).port, user: "wandb_local", password: "wandb-pw", database: "wandb_local" });

    before(async function () {
        requireBinaries(this, ["mariadbd", "mariadb-install-db"], "mariadb-server");
        // The W&B parameters in my.cnf, as a DBA would set them (log-bin so the binlog settings apply).
        server = await startMariaDb({ ...MYSQL_PARAMETERS, "log-bin": "mysql-bin", "server-id": 1, "character-set-server": "utf8mb4" });
        root = await createConnection({ socketPath: server.socket, user: "root", multipleStatements: true });
        await root.query(`
            CREATE DATABASE wandb_local CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
            CREATE USER 'wandb_local'@'%' IDENTIFIED BY 'wandb-pw';
            GRANT ALL ON wandb_local.* TO 'wandb_local'@'%' WITH GRANT OPTION;
            CREATE DATABASE legacy CHARACTER SET latin1;
            CREATE USER 'legacy'@'%' IDENTIFIED BY 'legacy-pw';
            GRANT SELECT, INSERT, UPDATE, DELETE ON legacy.* TO 'legacy'@'%';`);
    });
    after(async () => {
        await root?.end();
        await server?.stop();
    });

    it("connects, and FAILS the version check: MariaDB 10.11 is not MySQL 8.0.32+", async () => {
        const checks = await checkMysql(target());
        expect(byName(checks, "connect")?.status).to.equal("pass");
        const version = byName(checks, "version");
        expect(version?.status).to.equal("fail");
        expect(version?.measured).to.match(/^10\.11\.\d+-MariaDB/);
        expect(version?.fix).to.contain("8.0.44").and.contain("MariaDB is not supported");
    });

    it("passes all six parameter checks once the parameters are set, the utf8mb4 database and the grants", async () => {
        const checks = await checkMysql(target());
        for (const [name, value] of Object.entries(MYSQL_PARAMETERS)) {
            expect(byName(checks, `parameter ${name}`), name).to.deep.include({ status: "pass", measured: value });
        }
        expect(byName(checks, "database wandb_local")).to.deep.include({ status: "pass", measured: "utf8mb4 / utf8mb4_general_ci" });
        expect(byName(checks, "grants")?.status).to.equal("pass");
    });

    it("fails the one parameter that is wrong (sort_buffer_size at its default), naming value and fix", async () => {
        await root.query("SET GLOBAL sort_buffer_size = 262144");
        try {
            const checks = await checkMysql(target());
            const failed = checks.filter((c) => c.check.startsWith("parameter") && c.status === "fail");
            expect(failed.map((c) => c.check)).to.deep.equal(["parameter sort_buffer_size"]);
            expect(failed[0]).to.deep.include({ measured: "262144", expected: "67108864" });
            expect(failed[0].fix).to.contain("sort_buffer_size = 67108864");
        } finally {
            await root.query("SET GLOBAL sort_buffer_size = 67108864");
        }
    });

    it("fails binlog_format when it is MIXED", async () => {
        await root.query("SET GLOBAL binlog_format = 'MIXED'");
        try {
            const checks = await checkMysql(target());
            expect(byName(checks, "parameter binlog_format")).to.deep.include({ status: "fail", measured: "MIXED" });
        } finally {
            await root.query("SET GLOBAL binlog_format = 'ROW'");
        }
    });

    it("fails a latin1 database and a user without ALL on it", async () => {
        const checks = await checkMysql({ ...target(), user: "legacy", password: "legacy-pw", database: "legacy" });
        expect(byName(checks, "database legacy")).to.deep.include({ status: "fail", measured: "latin1 / latin1_swedish_ci" });
        const grants = byName(checks, "grants");
        expect(grants?.status).to.equal("fail");
        expect(grants?.measured).to.equal("missing CREATE, DROP, ALTER, INDEX, REFERENCES on legacy.*");
        expect(grants?.fix).to.equal("GRANT ALL ON legacy.* TO 'legacy'@'%' WITH GRANT OPTION");
    });

    it("fails a database that does not exist with the CREATE DATABASE statement as the fix", async () => {
        const checks = await checkMysql({ ...target(), database: "wandb_missing" });
        expect(byName(checks, "database wandb_missing")).to.deep.include({
            status: "fail",
            fix: "CREATE DATABASE wandb_missing CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
        });
    });

    it("reports a wrong password as one failed connect line", async () => {
        const checks = await checkMysql({ ...target(), password: "wrong" });
        expect(checks).to.have.length(1);
        expect(checks[0]).to.deep.include({ check: "connect", status: "fail" });
        expect(checks[0].measured).to.match(/Access denied for user 'wandb_local'/).and.not.contain("\n");
    });

    it("reports an unreachable port as one failed connect line", async () => {
        const checks = await checkMysql({ ...target(), port: 1 });
        expect(checks).to.have.length(1);
        expect(checks[0].measured).to.contain("ECONNREFUSED 127.0.0.1:1");
    });
});
