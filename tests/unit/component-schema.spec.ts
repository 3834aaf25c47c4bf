/**
 * The Pulumi package schema Python, Go, .NET and YAML programs get (issue 19): inferred from the components'
 * TypeScript argument types the way the Node.js component host does it (tests/harness/component-schema.ts), it must
 * equal the committed schema/wandb.schema.json, so a change that alters what other languages see shows up in review;
 * and it must be exact: our string choices as enums, TSDoc as descriptions, required/optional as the validation
 * phase has them, the Kubernetes provider as a reference into the kubernetes package.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { AzurePrincipalType } from "../../components/infra/azure/args";
import { AWS_SCHEMA } from "../../components/infra/aws/schema";
import { AZURE_SCHEMA } from "../../components/infra/azure/schema";
import { KUBELOGIN_MODES } from "../../components/infra/azure/kubeconfig";
import { GCP_SCHEMA } from "../../components/infra/gcp/schema";
import { INFRA_SCHEMA } from "../../components/infra/schema";
import { BUCKET_PROVIDERS, BUCKET_SCHEMA, CHART_SIZES, DATABASE_SCHEMA, INSTANCE_SCHEMA, OIDC_AUTH_METHODS, PLATFORM_SCHEMA, REDIS_SCHEMA } from "../../components/instance/schema";
import { OPERATOR_SCHEMA } from "../../components/operator/validate";
import { CLOUDS, ENVIRONMENTS, PRODUCT_MIXES } from "../../components/requirements";
import { Schema } from "../../components/util/schema";
import { REGENERATE_SCHEMA, SCHEMA_FILE, exportedComponentNames, formatSchema, inferComponentSchema, jsonDifferences } from "../harness/component-schema";
import { REPO_ROOT } from "../harness/stacks";

interface Property {
    type?: string;
    $ref?: string;
    description?: string;
    items?: Property;
    additionalProperties?: Property;
}

interface ObjectType {
    type: string;
    properties?: Record<string, Property>;
    required?: string[];
    enum?: { name: string; value: string }[];
}

interface Resource {
    isComponent: boolean;
    description?: string;
    inputProperties: Record<string, Property>;
    requiredInputs: string[];
    properties: Record<string, Property>;
}

interface PackageSchema {
    name: string;
    namespace?: string;
    resources: Record<string, Resource>;
    types: Record<string, ObjectType>;
    dependencies: { name: string; version: string }[];
}

const token = (name: string) => `wandb:index:${name}`;

/** The required keys of a validation schema (`required(...)` fields). */
function requiredKeys<T>(schema: Schema<T>): string[] {
    return Object.entries(schema as Record<string, { required?: boolean }>).filter(([, field]) => field.required).map(([key]) => key).sort();
}

describe("the component package schema (other languages)", function () {
    // One TypeScript program over tsconfig.json: about 40 s on a loaded machine.
    this.timeout(5 * 60 * 1000);
    let inferred: Record<string, unknown>;
    let served: Record<string, unknown>;
    let schema: PackageSchema;

    before(() => {
        ({ inferred, served } = inferComponentSchema());
        schema = served as unknown as PackageSchema;
    });

    it(`is the committed schema/wandb.schema.json (after changing an argument type: ${REGENERATE_SCHEMA}, review the diff)`, () => {
        const committed = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as unknown;
        const differences = jsonDifferences(committed, served);
        expect(differences, `schema/wandb.schema.json is stale; ${REGENERATE_SCHEMA} rewrites it. Differences (committed → inferred):\n${differences.join("\n")}\n`).to.deep.equal([]);
        expect(fs.readFileSync(SCHEMA_FILE, "utf8")).to.equal(formatSchema(served));
    });

    it("is the package `wandb` with the three components under the type tokens they register", () => {
        expect(schema.name).to.equal("wandb");
        expect(schema.namespace).to.equal("wandb-pulumi");
        expect(exportedComponentNames().sort()).to.deep.equal(["WandbInfra", "WandbInstance", "WandbOperator"]);
        expect(Object.keys(schema.resources).sort()).to.deep.equal([token("WandbInfra"), token("WandbInstance"), token("WandbOperator")]);
        for (const resource of Object.values(schema.resources)) expect(resource.isComponent).to.equal(true);
        // The tokens the classes pass to `super(...)`, which `construct` must match.
        for (const file of ["operator/index.ts", "instance/index.ts", "infra/index.ts"]) {
            const source = fs.readFileSync(path.join(REPO_ROOT, "components", file), "utf8");
            const registered = /super\("(wandb:index:\w+)"/.exec(source)?.[1];
            expect(schema.resources, file).to.have.property(registered ?? "(none)");
        }
    });

    it("has an enum for each string choice, with the values the validation phase accepts", () => {
        const enums: Record<string, readonly string[]> = {
            Environment: ENVIRONMENTS,
            ProductMix: PRODUCT_MIXES,
            Cloud: CLOUDS,
            ChartSize: CHART_SIZES,
            OidcAuthMethod: OIDC_AUTH_METHODS,
            BucketProvider: BUCKET_PROVIDERS,
            AzureKubeloginMode: KUBELOGIN_MODES,
            AzurePrincipalType: Object.values(AzurePrincipalType),
        };
        for (const [name, values] of Object.entries(enums)) {
            const type = schema.types[token(name)];
            expect(type, name).to.not.equal(undefined);
            expect(type.type, name).to.equal("string");
            expect((type.enum ?? []).map((member) => member.value), name).to.deep.equal([...values]);
        }
        const ref = (name: string) => `#/types/${token(name)}`;
        const instance = schema.resources[token("WandbInstance")].inputProperties;
        expect(instance.environment.$ref).to.equal(ref("Environment"));
        expect(instance.products.$ref).to.equal(ref("ProductMix"));
        expect(instance.size.$ref).to.equal(ref("ChartSize"));
        const infra = schema.resources[token("WandbInfra")].inputProperties;
        expect(infra.environment.$ref).to.equal(ref("Environment"));
        expect(infra.products.$ref).to.equal(ref("ProductMix"));
        expect(schema.types[token("WandbBucket")].properties?.provider.$ref).to.equal(ref("BucketProvider"));
        expect(schema.types[token("WandbOidcArgs")].properties?.authMethod.$ref).to.equal(ref("OidcAuthMethod"));
        expect(schema.types[token("WandbPlatform")].properties?.cloudProvider.$ref).to.equal(ref("Cloud"));
        expect(schema.types[token("AzureInfraArgs")].properties?.kubeloginMode.$ref).to.equal(ref("AzureKubeloginMode"));
        expect(schema.types[token("AzureInfraArgs")].properties?.deployerPrincipalType.$ref).to.equal(ref("AzurePrincipalType"));
    });

    it("describes every component and every property from its TSDoc", () => {
        const missing: string[] = [];
        const check = (where: string, properties: Record<string, Property> | undefined) => {
            for (const [name, property] of Object.entries(properties ?? {})) {
                const text = property.description ?? "";
                // A `{@link}` in TSDoc reaches the analyzer as comment nodes, which it prints as "[object Object]".
                if (!text.trim() || text.includes("[object Object]")) missing.push(`${where}.${name}: ${JSON.stringify(property.description)}`);
            }
        };
        for (const [name, resource] of Object.entries(schema.resources)) {
            if (!resource.description?.trim() || resource.description.includes("[object Object]")) missing.push(`${name}: ${JSON.stringify(resource.description)}`);
            check(`${name} input`, resource.inputProperties);
            check(`${name} output`, resource.properties);
        }
        for (const [name, type] of Object.entries(schema.types)) check(name, type.properties);
        expect(missing).to.deep.equal([]);
    });

    it("marks as required exactly the arguments the validation phase requires", () => {
        const components: Record<string, Schema<object>> = { WandbOperator: OPERATOR_SCHEMA, WandbInstance: INSTANCE_SCHEMA, WandbInfra: INFRA_SCHEMA };
        for (const [name, table] of Object.entries(components)) {
            const resource = schema.resources[token(name)];
            expect(Object.keys(resource.inputProperties).sort(), name).to.deep.equal(Object.keys(table).sort());
            expect([...resource.requiredInputs].sort(), name).to.deep.equal(requiredKeys(table));
        }
        const types: Record<string, Schema<object>> = {
            WandbPlatform: PLATFORM_SCHEMA,
            WandbDatabase: DATABASE_SCHEMA,
            WandbRedis: REDIS_SCHEMA,
            WandbBucket: BUCKET_SCHEMA,
            AwsInfraArgs: AWS_SCHEMA,
            GcpInfraArgs: GCP_SCHEMA,
            AzureInfraArgs: AZURE_SCHEMA,
        };
        for (const [name, table] of Object.entries(types)) {
            const type = schema.types[token(name)];
            expect(Object.keys(type.properties ?? {}).sort(), name).to.deep.equal(Object.keys(table).sort());
            expect([...(type.required ?? [])].sort(), name).to.deep.equal(requiredKeys(table));
        }
    });

    it("takes the cluster's Kubernetes provider as a reference to the kubernetes package's provider", () => {
        const kubernetes = JSON.parse(fs.readFileSync(require.resolve("@pulumi/kubernetes/package.json"), "utf8")) as { version: string };
        expect(schema.dependencies).to.deep.equal([{ name: "kubernetes", version: kubernetes.version }]);
        const provider = schema.types[token("WandbPlatform")].properties?.kubernetesProvider;
        expect(provider?.$ref).to.equal(`/kubernetes/v${kubernetes.version}/schema.json#/resources/pulumi:providers:kubernetes`);
        expect(schema.types[token("WandbPlatform")].required).to.include("kubernetesProvider");
        // What the SDK's Analyzer writes, which the CLI does not bind; the host (components/plugin-host.ts) corrects it.
        // When this fails, the SDK writes the reference right and the correction can go.
        const raw = (inferred as unknown as PackageSchema).types[token("WandbPlatform")].properties?.kubernetesProvider;
        expect(raw?.$ref).to.equal(`/kubernetes/v${kubernetes.version}/schema.json#/resources/kubernetes`);
        expect(jsonDifferences(inferred, served)).to.deep.equal([
            `types.${token("WandbPlatform")}.properties.kubernetesProvider.$ref: expected ${JSON.stringify(raw?.$ref)}, got ${JSON.stringify(provider?.$ref)}`,
        ]);
    });

    it("takes chart values as an object of any values (the escape hatch), not a refused or narrowed type", () => {
        for (const name of ["WandbOperator", "WandbInstance"]) {
            expect(schema.resources[token(name)].inputProperties.values, name).to.deep.include({ type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } });
        }
    });
});
