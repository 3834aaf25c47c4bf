/**
 * Every resource type token the policy pack matches is a resource of the provider SDK installed at the
 * version package-lock.json pins, read from the SDK's own files (`static __pulumiType = '...'`), not
 * from a list kept here. Tokens of an older major must be aliases the current SDK still declares.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { CUSTOM_RESOURCE_TOKENS, PREVIOUS_TOKENS, T } from "../../policies/lib/types";
import { REPO_ROOT } from "../harness/stacks";

/** npm package of each token prefix the pack uses. */
const SDK_PACKAGES: Record<string, string> = { aws: "@pulumi/aws", gcp: "@pulumi/gcp", "azure-native": "@pulumi/azure-native", kubernetes: "@pulumi/kubernetes" };

const LOCK = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };

function sdkDir(pkg: string): string {
    return path.join(REPO_ROOT, "node_modules", pkg);
}

/**
 * The SDK directory a token's resource class lives in: `aws:rds/cluster:Cluster` → aws/rds,
 * `azure-native:redis:Redis` → azure-native/redis, `kubernetes:networking.k8s.io/v1:Ingress` →
 * kubernetes/networking/v1 (the API group's first label; `core/v1` stays).
 */
function moduleDir(token: string): string {
    const [provider, module] = token.split(":");
    const pkg = sdkDir(SDK_PACKAGES[provider]);
    if (provider === "kubernetes") {
        const [group, version] = module.split("/");
        return path.join(pkg, group.split(".")[0], version);
    }
    return path.join(pkg, module.split("/")[0]);
}

/** The `__pulumiType` declarations and alias types of every resource file in `dir`. */
const scanned = new Map<string, { types: Set<string>; aliases: Map<string, string[]> }>();
function declarations(dir: string): { types: Set<string>; aliases: Map<string, string[]> } {
    const cached = scanned.get(dir);
    if (cached) {
        return cached;
    }
    const found = { types: new Set<string>(), aliases: new Map<string, string[]>() };
    for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".js")) : []) {
        const text = fs.readFileSync(path.join(dir, file), "utf8");
        const type = /static __pulumiType = '([^']+)'/.exec(text)?.[1];
        if (type) {
            found.types.add(type);
            const aliases = /aliases: \[([^\]]*)\]/.exec(text)?.[1] ?? "";
            found.aliases.set(type, [...aliases.matchAll(/type: "([^"]+)"/g)].map((m) => m[1]));
        }
    }
    scanned.set(dir, found);
    return found;
}

/** Every token the pack lists, flattened. */
const TOKENS = [...new Set(Object.values(T).flatMap((value) => (typeof value === "string" ? [value] : [...value])))];

describe("policy pack resource tokens against the installed provider SDKs", () => {
    it("reads the SDKs at the versions package-lock.json pins", () => {
        for (const pkg of Object.values(SDK_PACKAGES)) {
            const installed = (JSON.parse(fs.readFileSync(path.join(sdkDir(pkg), "package.json"), "utf8")) as { version: string }).version;
            expect(installed, pkg).to.equal(LOCK.packages[`node_modules/${pkg}`]?.version);
        }
    });

    it("every current token of aws, gcp, azure-native and kubernetes is a resource of that SDK", () => {
        const checked = TOKENS.filter((token) => SDK_PACKAGES[token.split(":")[0]] && !PREVIOUS_TOKENS[token] && !CUSTOM_RESOURCE_TOKENS.includes(token));
        const missing = checked.filter((token) => !declarations(moduleDir(token)).types.has(token));
        expect(missing).to.deep.equal([]);
        expect(checked.length).to.be.greaterThan(40);
    });

    it("Azure Cache for Redis is azure-native:redis:Redis in azure-native 3.x", () => {
        expect(declarations(moduleDir("azure-native:redis:Redis")).types.has("azure-native:redis:Redis")).to.equal(true);
        expect(T.azureCacheRedis).to.include("azure-native:redis:Redis");
    });

    it("each previous-major token is an alias the current SDK declares for a token the pack also matches", () => {
        for (const [previous, major] of Object.entries(PREVIOUS_TOKENS)) {
            expect(TOKENS, previous).to.include(previous);
            const [provider, module] = previous.split(":");
            // The old token no longer names a resource of the installed SDK...
            expect(fs.existsSync(path.join(sdkDir(SDK_PACKAGES[provider]), module)) && declarations(moduleDir(previous)).types.has(previous), `${previous} (${major})`).to.equal(false);
            // ...and a current token the pack matches lists it among its aliases.
            const owners = TOKENS.filter((token) => !PREVIOUS_TOKENS[token] && token.startsWith(`${provider}:`) && (declarations(moduleDir(token)).aliases.get(token) ?? []).includes(previous));
            expect(owners, `${previous} (${major})`).to.have.length.greaterThan(0);
        }
    });

    it("custom resource tokens are not kinds of the Kubernetes SDK and have the CLI's shape", () => {
        for (const token of CUSTOM_RESOURCE_TOKENS) {
            expect(token).to.match(/^kubernetes:[a-z0-9.-]+\.[a-z]+\/v[0-9a-z]+:[A-Z][A-Za-z]+$/);
            expect(declarations(moduleDir(token)).types.has(token), token).to.equal(false);
        }
    });

    it("tokens of providers this repository does not install are only the tls provider's", () => {
        const others = TOKENS.filter((token) => !SDK_PACKAGES[token.split(":")[0]]);
        expect(others).to.deep.equal([T.selfSignedCert]);
        expect(LOCK.packages["node_modules/@pulumi/tls"], "@pulumi/tls is now installed: check its token").to.equal(undefined);
    });

    it("the rules use no type token outside policies/lib/types.ts", () => {
        const dirs = ["rules", "lib"].map((d) => path.join(REPO_ROOT, "policies", d));
        const literals = dirs.flatMap((dir) =>
            fs
                .readdirSync(dir)
                .filter((f) => f.endsWith(".ts") && f !== "types.ts")
                .flatMap((f) => [...fs.readFileSync(path.join(dir, f), "utf8").matchAll(/["'`]((?:aws|gcp|azure-native|kubernetes|tls):[\w./-]+:[A-Z]\w*)["'`]/g)].map((m) => `${f}: ${m[1]}`)),
        );
        expect(literals).to.deep.equal([]);
    });
});
