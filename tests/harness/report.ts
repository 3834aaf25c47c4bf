/** Text rendering of an offline plan: the resource tree, the W&B custom resource and the Secrets. */
import * as yaml from "js-yaml";
import { OfflinePlan, RecordedResource, REDACTED } from "./engine";
import { WANDB_CR_TYPE, resourcesOfType } from "./plan";

/** The resource tree, one resource a line, children indented under their parent. */
export function renderTree(plan: OfflinePlan): string {
    const children = new Map<string, RecordedResource[]>();
    const roots: RecordedResource[] = [];
    const urns = new Set(plan.resources.map((r) => r.urn));
    for (const resource of plan.resources) {
        if (resource.parent && urns.has(resource.parent)) {
            children.set(resource.parent, [...(children.get(resource.parent) ?? []), resource]);
        } else {
            roots.push(resource);
        }
    }
    const lines: string[] = [];
    const walk = (resource: RecordedResource, depth: number) => {
        const flags = [resource.options.protect ? "protected" : "", resource.read ? "read" : "", resource.secretPaths.length ? "secret inputs" : ""]
            .filter(Boolean)
            .join(", ");
        lines.push(`${"  ".repeat(depth)}${depth ? "└─ " : ""}${resource.type}  ${resource.name}${flags ? `  [${flags}]` : ""}`);
        for (const child of children.get(resource.urn) ?? []) {
            walk(child, depth + 1);
        }
    };
    roots.forEach((root) => walk(root, 0));
    return lines.join("\n");
}

/** Every W&B custom resource as YAML, secrets shown as `[secret]`. */
export function renderCustomResources(plan: OfflinePlan): string {
    return resourcesOfType(plan, WANDB_CR_TYPE)
        .map((cr) => yaml.dump(cr.redactedInputs, { lineWidth: 120, noRefs: true, sortKeys: false }))
        .join("---\n");
}

/** The Kubernetes Secrets: name, namespace and keys, every value redacted. */
export function renderSecrets(plan: OfflinePlan): string {
    return resourcesOfType(plan, "kubernetes:core/v1:Secret")
        .map((secret) => {
            const metadata = (secret.redactedInputs.metadata ?? {}) as Record<string, unknown>;
            const field = secret.inputs.stringData !== undefined ? "stringData" : "data";
            const plain = (secret.inputs[field] ?? {}) as Record<string, unknown>;
            const redacted = secret.redactedInputs[field];
            const keys = Object.keys(plain).map((key) => {
                const shown = redacted === REDACTED || (redacted as Record<string, unknown>)?.[key] === REDACTED;
                return `${key}=${shown ? REDACTED : "[PLAINTEXT]"}`;
            });
            return `${metadata.namespace ?? "?"}/${metadata.name ?? secret.name}: ${keys.join(", ")}`;
        })
        .join("\n");
}

/** Resource counts by type. */
export function renderSummary(plan: OfflinePlan): string {
    const counts = new Map<string, number>();
    for (const resource of plan.resources) {
        counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
    }
    const custom = plan.resources.filter((r) => r.custom).length;
    const lines = [`${plan.resources.length} resources (${custom} custom, ${plan.resources.length - custom} components)`];
    for (const [type, count] of [...counts.entries()].sort()) {
        lines.push(`  ${String(count).padStart(3)}  ${type}`);
    }
    return lines.join("\n");
}

/** The plan as written to `plan.json`: redacted inputs only. */
export function planJson(plan: OfflinePlan): unknown {
    return {
        project: plan.project,
        stack: plan.stack,
        outputs: plan.outputs,
        resources: plan.resources.map((r) => ({
            type: r.type,
            name: r.name,
            urn: r.urn,
            parent: r.parent,
            custom: r.custom,
            provider: r.provider,
            dependencies: r.dependencies,
            options: r.options,
            secretPaths: r.secretPaths,
            inputs: r.redactedInputs,
        })),
    };
}
