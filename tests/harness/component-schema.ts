/**
 * The Pulumi package schema other languages get for this repository (issue 19): inferred from the components'
 * TypeScript argument types exactly as the Node.js host does it for `pulumi package get-schema <dir>` /
 * `pulumi package add <dir>` (`@pulumi/pulumi` `cmd/run-plugin/run.js` finds the exported ComponentResource classes
 * and derives the provider name from package.json; `provider/experimental/provider.js` `getSchema` runs the
 * `Analyzer` over `<dir>/tsconfig.json` and `generateSchema`), with our host's correction of provider references
 * (components/plugin-host.ts), in-process, without the CLI.
 *
 * `npm run schema` writes it to schema/wandb.schema.json; tests/unit/component-schema.spec.ts checks that file is
 * current.
 */
import * as fs from "fs";
import * as path from "path";
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";
import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";
import { generateSchema } from "@pulumi/pulumi/provider/experimental/schema";
import { componentPackageName, correctProviderReferences } from "../../components/plugin-host";
import { REPO_ROOT } from "./stacks";

/** The committed schema. */
export const SCHEMA_FILE = path.join(REPO_ROOT, "schema", "wandb.schema.json");

/** The command that rewrites {@link SCHEMA_FILE}. */
export const REGENERATE_SCHEMA = "npm run schema";

interface PackageManifest {
    name: string;
    version: string;
    /** The schema's description (ours has one; the host passes whatever package.json holds). */
    description: string;
}

/** The names of the ComponentResource classes the package entry exports (run.js: `getPulumiComponents(require(dir))`). */
export function exportedComponentNames(): string[] {
    // The TypeScript source of the package entry (the host requires its compiled twin, dist/components/index.js).
    const entry = require(path.join(REPO_ROOT, "components")) as Record<string, unknown>;
    return getPulumiComponents(entry).map((component) => component.name);
}

/** The schema of the package in `dir` (default: this repository): as the SDK infers it, and as our host serves it. */
export function inferComponentSchema(dir: string = REPO_ROOT): { inferred: Record<string, unknown>; served: Record<string, unknown> } {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as PackageManifest;
    const { name, namespace } = componentPackageName(manifest.name);
    const analyzer = new Analyzer(dir, name, manifest as never, new Set(exportedComponentNames()));
    const { components, typeDefinitions, dependencies } = analyzer.analyze();
    const schema = generateSchema(name, manifest.version, manifest.description, components, typeDefinitions, dependencies, namespace);
    // Through JSON, as the host sends it (undefined fields dropped).
    const inferred = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
    // components/plugin-host.ts: WandbComponentProvider.getSchema.
    return { inferred, served: correctProviderReferences(inferred) as Record<string, unknown> };
}

/** The schema as the committed file holds it. */
export function formatSchema(schema: unknown): string {
    return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Every difference between two JSON values, as `path: expected … got …` lines (at most `limit`). */
export function jsonDifferences(expected: unknown, actual: unknown, limit = 40): string[] {
    const out: string[] = [];
    const show = (value: unknown) => (value === undefined ? "(absent)" : JSON.stringify(value).slice(0, 200));
    const walk = (a: unknown, b: unknown, at: string): void => {
        if (out.length >= limit) return;
        const bothObjects = a !== null && b !== null && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b);
        if (!bothObjects) {
            if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${at || "(root)"}: expected ${show(a)}, got ${show(b)}`);
            return;
        }
        const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
        for (const key of keys) {
            walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], Array.isArray(a) ? `${at}[${key}]` : at ? `${at}.${key}` : key);
        }
    };
    walk(expected, actual, "");
    return out;
}
