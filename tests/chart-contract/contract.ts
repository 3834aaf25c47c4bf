/**
 * Runs every rule of the chart contract for one stack against the prepared real charts.
 */
import { OPERATOR_MUTATION_ALLOWANCES, OPTIONAL_SECRET_REASONS, PLATFORM_MUTATION_ALLOWANCES, REDIS_WITHOUT_CA, WANDB_IMAGE_PREFIXES } from "./allowances";
import { instanceImages } from "../../components/instance/images";
import { deepMerge } from "../../components/util/merge";
import { PreparedCharts, chartDefaults, subsystemConditions } from "./charts";
import { parseManifests } from "./manifests";
import { checkMutations, withValueAt } from "./mutation";
import { RuleResult, checkImagePins, checkImagePullSecrets, checkIngressRoutes, checkReadinessTargets, checkSecretNameClashes, checkSecretReferences, parseImage, renderedImages } from "./rules";
import { StackContractInputs, expectedRoutes } from "./stack";
import { checkWeaveWiring, weaveExpectation } from "./weave";

/** One rule's outcome for one chart of one stack. */
export interface RuleOutcome extends RuleResult {
    /** `operator-wandb (a) secrets`, ... */
    rule: string;
}

/** The repository → tag pins the values set (`<subsystem>.image.{repository,tag}`, `image.{repository,tag}`). */
export function pinnedImages(values: Record<string, unknown>): Map<string, string> {
    const pins = new Map<string, string>();
    const visit = (node: unknown) => {
        if (node === null || typeof node !== "object") return;
        const image = (node as { image?: { repository?: unknown; tag?: unknown } }).image;
        if (image && typeof image.repository === "string" && typeof image.tag === "string") {
            pins.set(image.repository, image.tag);
        }
        Object.values(node).forEach(visit);
    };
    visit(values);
    return pins;
}

/** The W&B image prefixes: the public ones and, when images are mirrored, the mirror's. */
function imagePrefixes(pins: Map<string, string>): string[] {
    const mirrors = [...pins.keys()].filter((repo) => !WANDB_IMAGE_PREFIXES.some((p) => repo.startsWith(p))).map((repo) => repo.slice(0, repo.lastIndexOf("/") + 1));
    return [...WANDB_IMAGE_PREFIXES, ...new Set(mirrors.filter((m) => m !== ""))];
}

function valueAt(values: unknown, dottedPath: string): unknown {
    return dottedPath.split(".").reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), values);
}

/** Runs rules (a)-(g) on the stack's `operator-wandb` render and rules (a)-(c), (f) on its operator render. */
export function runContract(charts: PreparedCharts, inputs: StackContractInputs): RuleOutcome[] {
    const outcomes: RuleOutcome[] = [];
    const { cr } = inputs;
    const renderPlatform = (values: Record<string, unknown>) => charts.template(charts.platform.dir, cr.name, cr.namespace, values);
    const manifests = parseManifests(renderPlatform(cr.values));
    const pins = pinnedImages(cr.values);

    const dropped: RuleResult = { failures: [], notes: [] };
    for (const dependency of charts.platform.droppedDependencies) {
        if (dependency.condition && valueAt(cr.values, dependency.condition) === true) {
            dropped.failures.push(`the stack enables ${dependency.name} (${dependency.condition}), a remote dependency the offline render leaves out`);
        } else {
            dropped.notes.push(`left out of the render: remote dependency ${dependency.name} (${dependency.condition ?? "always"}), not enabled by this stack`);
        }
    }
    outcomes.push({ rule: "operator-wandb dependencies", ...dropped });
    const reasons = valueAt(cr.values, "global.redis.caCert") === undefined ? [...OPTIONAL_SECRET_REASONS, REDIS_WITHOUT_CA] : OPTIONAL_SECRET_REASONS;
    outcomes.push({ rule: "operator-wandb (a) secrets", ...checkSecretReferences(manifests, inputs.ourSecrets, reasons) });
    outcomes.push({ rule: "operator-wandb (a) secret names", ...checkSecretNameClashes(manifests, inputs.ourSecrets) });
    const conditions = subsystemConditions(charts.platform.dir);
    const effective = deepMerge(chartDefaults(charts.platform.dir), cr.values);
    const notInstalled = new Set([...conditions].filter(([, condition]) => valueAt(effective, condition) !== true).map(([subsystem]) => subsystem));
    const enable = (values: Record<string, unknown>) =>
        [...notInstalled].filter((subsystem) => subsystem in values).reduce((v, subsystem) => withValueAt(v, (conditions.get(subsystem) as string).split("."), true), values);
    const deferred = (dottedPath: string) => notInstalled.has(dottedPath.split(".")[0]);
    outcomes.push({ rule: "operator-wandb (b) values read", ...checkMutations(cr.values, renderPlatform, PLATFORM_MUTATION_ALLOWANCES, { enable, deferred }) });
    const images = checkImagePins(manifests, pins, imagePrefixes(pins));
    // Preflight checks the images `instanceImages` lists: every pinned image the chart runs must be on it.
    const preflightList = new Set(instanceImages(cr.values));
    for (const image of renderedImages(manifests).keys()) {
        if (pins.get(parseImage(image).repository) !== undefined && !preflightList.has(image)) {
            images.failures.push(`${image} runs but is not in the preflight image list (components/instance/images.ts)`);
        }
    }
    outcomes.push({ rule: "operator-wandb (c) images pinned", ...images });
    outcomes.push({ rule: "operator-wandb (d) ingress routes", ...checkIngressRoutes(manifests, cr.name, expectedRoutes(cr.products)) });
    outcomes.push({ rule: "operator-wandb (e) readiness Deployments", ...checkReadinessTargets(manifests, inputs.readinessDeployments) });
    outcomes.push({ rule: "operator-wandb (f) image pull secrets", ...checkImagePullSecrets(manifests) });
    outcomes.push({ rule: "operator-wandb (g) Weave workers", ...checkWeaveWiring(manifests, cr.name, cr.namespace, weaveExpectation(cr.values)) });

    if (inputs.operator) {
        const operator = inputs.operator;
        const renderOperator = (values: Record<string, unknown>) => charts.template(charts.operator.dir, operator.release, operator.namespace, values);
        const operatorManifests = parseManifests(renderOperator(operator.values));
        const operatorPins = pinnedImages(operator.values);
        outcomes.push({ rule: "operator (a) secrets", ...checkSecretReferences(operatorManifests, [], OPTIONAL_SECRET_REASONS) });
        outcomes.push({ rule: "operator (b) values read", ...checkMutations(operator.values, renderOperator, OPERATOR_MUTATION_ALLOWANCES) });
        const controller = checkImagePins(operatorManifests, operatorPins, imagePrefixes(operatorPins));
        const controllerRuns = [...operatorPins.keys()].some((repo) => operatorManifests.length > 0 && JSON.stringify(operatorManifests).includes(`"${repo}:`));
        if (!controllerRuns) {
            controller.failures.push(`the controller image ${[...operatorPins].map(([r, t]) => `${r}:${t}`).join(", ")} is not what the operator chart runs`);
        }
        outcomes.push({ rule: "operator (c) images pinned", ...controller });
        outcomes.push({ rule: "operator (f) image pull secrets", ...checkImagePullSecrets(operatorManifests) });
    }
    return outcomes;
}
