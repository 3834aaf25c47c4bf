/**
 * A Helm chart repository on 127.0.0.1 serving the fixture charts (fixtures/operator-chart and
 * fixtures/operator-wandb-chart, see their READMEs): `index.yaml` plus the packaged `.tgz` files, as
 * `helm package` + `helm repo index` would lay them out.
 */
import * as childProcess from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";

/** A running repository. */
export interface HelmRepo {
    url: string;
    /** Paths requested so far (proves the release came from here). */
    requests: string[];
    close(): Promise<void>;
}

/** Packages `chartDir` as `<name>-<version>.tgz` in `outDir` with `version` written into its Chart.yaml. */
export function packageChart(chartDir: string, version: string, outDir: string): { name: string; file: string; digest: string } {
    const chartYaml = fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8");
    const name = /^name:\s*(\S+)/m.exec(chartYaml)?.[1];
    if (!name) throw new Error(`no chart name in ${chartDir}/Chart.yaml`);
    const stage = fs.mkdtempSync(path.join(outDir, "stage-"));
    fs.cpSync(chartDir, path.join(stage, name), { recursive: true });
    fs.writeFileSync(path.join(stage, name, "Chart.yaml"), chartYaml.replace(/^version:.*$/m, `version: ${version}`));
    const file = path.join(outDir, `${name}-${version}.tgz`);
    childProcess.execFileSync("tar", ["-czf", file, "-C", stage, name]);
    fs.rmSync(stage, { recursive: true, force: true });
    const digest = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    return { name, file, digest };
}

/** A chart directory and the versions to serve it at. */
export interface ServedChart {
    dir: string;
    versions: string[];
}

/** Serves `dir` with an `index.yaml` listing every chart at every version given. */
export async function serveHelmRepo(charts: ServedChart[], dir: string): Promise<HelmRepo> {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        requests.push(req.url ?? "");
        const file = path.join(dir, path.basename(new URL(req.url ?? "/", "http://x").pathname));
        if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
            res.writeHead(404).end();
            return;
        }
        res.writeHead(200, { "Content-Type": file.endsWith(".yaml") ? "text/yaml" : "application/gzip" });
        fs.createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    const entries = new Map<string, string[]>();
    for (const chart of charts) {
        for (const version of chart.versions) {
            const packaged = packageChart(chart.dir, version, dir);
            entries.set(packaged.name, [...(entries.get(packaged.name) ?? []),
                "  - apiVersion: v2",
                `    name: ${packaged.name}`,
                `    version: ${version}`,
                "    appVersion: fixture",
                `    digest: ${packaged.digest}`,
                `    created: "${new Date().toISOString()}"`,
                "    urls:",
                `    - ${url}/${path.basename(packaged.file)}`,
            ]);
        }
    }
    fs.writeFileSync(path.join(dir, "index.yaml"), [
        "apiVersion: v1",
        "entries:",
        ...[...entries].flatMap(([name, lines]) => [`  ${name}:`, ...lines]),
        `generated: "${new Date().toISOString()}"`,
        "",
    ].join("\n"));
    return {
        url,
        requests,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}
