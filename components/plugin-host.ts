/**
 * The component provider host that serves WandbOperator, WandbInstance and WandbInfra to Python, Go, .NET and YAML
 * programs (PulumiPlugin.yaml; docs/real-engine.md, "Component package for other languages").
 *
 * package.json `main` points here. Pulumi's Node.js host runs `@pulumi/pulumi/cmd/run-plugin <package dir>`, which
 * `require`s the directory, and Node resolves a directory through `main`; npm users resolve the package through
 * `exports` (`dist/components/index.js`) and never load this file.
 *
 * It is the SDK's own host (`provider/experimental`: the schema inferred from the TypeScript argument types by its
 * Analyzer, and `construct`) with one correction to the schema: the Analyzer (`@pulumi/pulumi` 3.270.0, unchanged in
 * 3.276.0) writes a reference to a provider class as `/<package>/v<version>/schema.json#/resources/<package>`, because
 * a provider's `__pulumiType` is the bare package name, and the CLI refuses to bind that ("resource type kubernetes
 * not found in package kubernetes"). A Pulumi schema names a package's provider `#/resources/pulumi:providers:<package>`.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";
import { main } from "@pulumi/pulumi/provider/server";

/** The provider name and namespace the SDK's host derives from an npm name (`run-plugin/run.js`): `@ns/name`. */
export function componentPackageName(npmName: string): { name: string; namespace?: string } {
    const match = /^(@.*?\/)?(.+)$/.exec(npmName);
    if (!match) throw new Error(`not an npm package name: ${npmName}`);
    return { name: match[2].replace(/[^-a-zA-Z0-9_]/g, "-"), namespace: match[1]?.slice(1, -1) };
}

/** A reference to another package's provider as the Analyzer writes it: `/<package>/v<version>/schema.json#/resources/<package>`. */
const BARE_PROVIDER_REFERENCE = /^(\/([^/]+)\/v[^/]+\/schema\.json#\/resources\/)([^:/]+)$/;

/** `schema` with every provider reference in the form the CLI binds (`#/resources/pulumi:providers:<package>`). */
export function correctProviderReferences(schema: unknown): unknown {
    if (Array.isArray(schema)) return schema.map(correctProviderReferences);
    if (schema === null || typeof schema !== "object") return schema;
    return Object.fromEntries(
        Object.entries(schema).map(([key, value]) => {
            const match = key === "$ref" && typeof value === "string" ? BARE_PROVIDER_REFERENCE.exec(value) : null;
            if (match && match[2] === match[3]) return [key, `${match[1]}pulumi:providers:${match[3]}`];
            return [key, correctProviderReferences(value)];
        }),
    );
}

/** The SDK's component provider, serving the corrected schema. */
export class WandbComponentProvider extends ComponentProvider {
    async getSchema(): Promise<string> {
        return JSON.stringify(correctProviderReferences(JSON.parse(await super.getSchema())));
    }
}

/**
 * Makes a Kubernetes provider passed by the calling program (`platform.kubernetesProvider`) arrive in `construct` as a
 * `Provider`. It comes as a resource reference to `pulumi:providers:kubernetes`, which the SDK turns into a provider
 * object only for a registered package; `@pulumi/kubernetes` registers itself in its index module, which the
 * components' deep imports never load, so without this the reference arrives as its URN string (found by the YAML
 * e2e scenario: `Invalid value used as weak map key`). Registering the same version again is a no-op.
 */
export function registerKubernetesProviderPackage(): void {
    const version = (require("@pulumi/kubernetes/package.json") as { version: string }).version;
    pulumi.runtime.registerResourcePackage("kubernetes", {
        version,
        constructProvider: (name: string, type: string, urn: string): pulumi.ProviderResource => {
            if (type !== "pulumi:providers:kubernetes") throw new Error(`unknown provider type ${type}`);
            return new Provider(name, undefined, { urn });
        },
    });
}

/** The package root: the nearest directory above this file with a PulumiPlugin.yaml (source or dist/ layout). */
export function packageRoot(from: string = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "PulumiPlugin.yaml"))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`no PulumiPlugin.yaml above ${from}`);
    }
}

/** True when Pulumi's Node.js host started this process to run the package as a plugin. */
function startedByRunPlugin(): boolean {
    return /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]run-plugin([\\/]index\.js)?$/.test(process.argv[1] ?? "");
}

if (startedByRunPlugin()) {
    const root = packageRoot();
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { name: string };
    // The library entry, loaded only now: this file exports no component itself, so run-plugin starts no second host.
    const components = getPulumiComponents(require("./index"));
    registerKubernetesProviderPackage();
    const provider = new WandbComponentProvider({ ...componentPackageName(manifest.name), dirname: root, components });
    main(provider, process.argv.slice(2)).catch((error: unknown) => {
        process.stderr.write(`wandb component host: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
    });
} else if (require.main === module) {
    throw new Error("components/plugin-host is Pulumi's entry for other languages; import @wandb-pulumi/wandb instead");
}
