// Not committed: lays out an engine root for probing by hand.
import * as fs from "fs";
import * as path from "path";
import * as childProcess from "child_process";
import { makeEngineRoot } from "./index";
const dir = process.argv[2];
const res = childProcess.spawnSync("bash", [path.join(__dirname, "build.sh"), "--check"], { encoding: "utf8" });
const v: Record<string, string> = {};
for (const l of res.stdout.split("\n")) { const m = /^(E2E_[A-Z0-9_]+)=(.*)$/.exec(l); if (m) v[m[1]] = m[2]; }
const cache = path.join(process.env.HOME!, ".cache/wandb-pulumi-e2e");
const e = makeEngineRoot({ pulumi: v.E2E_PULUMI, k8sProvider: v.E2E_K8S_PROVIDER, kubeApiserver: "", kubeControllerManager: "", kubeScheduler: "", kwok: "", kwokStages: "", etcd: "",
    yamlHost: v.E2E_YAML_HOST ?? `${cache}/pulumi-language-yaml-1.25.0/bin/pulumi-language-yaml`, codegenHost: v.E2E_CODEGEN_HOST ?? `${cache}/codegen-host-3.206.0/bin/codegen-host` }, dir, path.join(dir, "state"));
fs.mkdirSync(path.join(dir, "state"), { recursive: true });
const nodeHost = path.join(e.bin, "pulumi-language-nodejs");
fs.writeFileSync(nodeHost, fs.readFileSync(nodeHost, "utf8").replace("language-host.ts", "language-host.probe.ts"));
fs.writeFileSync(path.join(dir, "env.sh"), Object.entries(e.env).map(([k, val]) => `export ${k}='${val}'`).join("\n") + "\n");
