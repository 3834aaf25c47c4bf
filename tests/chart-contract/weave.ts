/**
 * Rule (g): Weave's trace workers are wired as the custom resource means them. From the CR values it reads
 * what we asked for (the workers, and the chart's Bufstream or an existing Kafka broker) and checks the
 * render: the workers' Deployments exist and the weave-trace ConfigMap turns their features on; the broker
 * address the workers get is a Service the render has (Bufstream, and the etcd it keeps metadata in) or the
 * external broker; Bufstream stores in our bucket under our prefix as our service account, with no static
 * key and no endpoint on S3; with SASL every Weave pod gets the user and the password's Secret reference.
 */
import * as yaml from "js-yaml";
import { WEAVE_WORKER_SUBSYSTEMS } from "../../components/instance/spec";
import { SECRET_KEYS } from "../../components/instance/secrets";
import { Manifest, workloads } from "./manifests";
import { RuleResult } from "./rules";

/** The Bufstream the values ask for. */
export interface BufstreamExpectation {
    /** Bufstream's storage provider as its config writes it. */
    provider: string;
    bucket: string;
    prefix: string;
    serviceAccount: string;
}

/** A Secret key reference. */
export interface SecretKeyReference {
    name: string;
    key: string;
}

/** The existing Kafka broker the values name. */
export interface KafkaExpectation {
    host: string;
    port: number;
    /** SASL user; with it, the password's Secret reference. */
    username?: string;
    passwordSecret?: SecretKeyReference;
}

/** What the values ask of Weave: the workers and their broker. */
export interface WeaveExpectation {
    workers: readonly string[];
    bufstream?: BufstreamExpectation;
    kafka?: KafkaExpectation;
}

/** The feature flag the weave-trace ConfigMap sets from each worker's `install`. */
export const WORKER_FLAGS: Readonly<Record<(typeof WEAVE_WORKER_SUBSYSTEMS)[number], string>> = {
    "weave-trace-worker": "WEAVE_ENABLE_ONLINE_EVAL",
    "weave-evaluate-model-worker": "WEAVE_ENABLE_EVALUATE_MODEL_WORKER",
    "weave-trace-agent-scoring-worker": "WEAVE_ENABLE_AGENT_SCORING",
};

type Tree = Record<string, unknown>;
const at = (node: unknown, path: string): unknown =>
    path.split(".").reduce<unknown>((n, key) => (n !== null && typeof n === "object" ? (n as Tree)[key] : undefined), node);

/** Reads the expectation out of the CR values; undefined when no worker is installed. */
export function weaveExpectation(values: Tree): WeaveExpectation | undefined {
    const workers = WEAVE_WORKER_SUBSYSTEMS.filter((worker) => at(values, `${worker}.install`) === true);
    if (workers.length === 0) {
        return undefined;
    }
    const expectation: WeaveExpectation = { workers };
    if (at(values, "bufstream.install") === true) {
        const provider = String(at(values, "global.bucket.provider"));
        expectation.bufstream = {
            provider: provider === "gcs" ? "GCS" : "S3",
            bucket: String(at(values, "global.bucket.name")),
            prefix: String(at(values, `bufstream.storage.${provider}.prefix`)),
            serviceAccount: String(at(values, "bufstream.bufstream.serviceAccount.name")),
        };
    } else if (at(values, "global.kafka.brokerHost") !== undefined) {
        const username = at(values, "weave-trace.env.KAFKA_CLIENT_USER");
        const ref = at(values, "weave-trace.env.KAFKA_CLIENT_PASSWORD.valueFrom.secretKeyRef") as SecretKeyReference | undefined;
        expectation.kafka = {
            host: String(at(values, "global.kafka.brokerHost")),
            port: Number(at(values, "global.kafka.brokerPort")),
            ...(typeof username === "string" ? { username } : {}),
            ...(ref ? { passwordSecret: { name: ref.name, key: ref.key } } : {}),
        };
    }
    return expectation;
}

/** Whether `host:port` is a rendered Service (`<name>.<namespace>.svc.cluster.local`) with that port. */
function servedByRender(manifests: Manifest[], releaseNamespace: string, host: string, port: number): boolean {
    const match = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(host);
    return (
        match !== null &&
        manifests.some(
            (m) =>
                m.kind === "Service" &&
                m.metadata?.name === match[1] &&
                (m.metadata?.namespace ?? releaseNamespace) === match[2] &&
                ((at(m, "spec.ports") as { port?: number }[] | undefined) ?? []).some((p) => p.port === port),
        )
    );
}

/** Checks the render against the expectation (rule g). */
export function checkWeaveWiring(manifests: Manifest[], release: string, namespace: string, expectation: WeaveExpectation | undefined): RuleResult {
    const result: RuleResult = { failures: [], notes: [] };
    if (expectation === undefined) {
        result.notes.push("no Weave workers in this stack");
        return result;
    }
    const configMap = manifests.find((m) => m.kind === "ConfigMap" && m.metadata?.name === `${release}-weave-trace-configmap`);
    const data = (configMap?.data ?? {}) as Record<string, string>;
    if (configMap === undefined) {
        result.failures.push(`ConfigMap ${release}-weave-trace-configmap is not rendered`);
    }
    const deployments = new Set(manifests.filter((m) => m.kind === "Deployment").map((m) => m.metadata?.name));
    for (const worker of expectation.workers) {
        if (!deployments.has(`${release}-${worker}-bc`)) {
            result.failures.push(`worker ${worker}: Deployment ${release}-${worker}-bc is not rendered`);
        }
        const flag = WORKER_FLAGS[worker as keyof typeof WORKER_FLAGS];
        if (data[flag] !== "true") {
            result.failures.push(`worker ${worker}: ${flag} is ${JSON.stringify(data[flag])} in the weave-trace ConfigMap, not "true"`);
        }
    }
    const host = data.KAFKA_BROKER_HOST ?? "";
    const port = Number(data.KAFKA_BROKER_PORT);
    if (expectation.bufstream) {
        checkBufstream(manifests, namespace, host, port, expectation.bufstream, result);
    } else if (expectation.kafka) {
        const kafka = expectation.kafka;
        if (host !== kafka.host || port !== kafka.port) {
            result.failures.push(`the workers get broker ${host}:${data.KAFKA_BROKER_PORT}, not ${kafka.host}:${kafka.port}`);
        }
        if (kafka.username !== undefined) {
            checkSaslEnv(manifests, release, expectation.workers, kafka, result);
        }
    } else {
        result.failures.push("workers are installed without a broker");
    }
    if (result.failures.length === 0) {
        result.notes.push(`${expectation.workers.length} workers on ${describeBroker(expectation)}`);
    }
    return result;
}

/** What the workers were checked against, for the run's record. */
function describeBroker(expectation: WeaveExpectation): string {
    const { bufstream, kafka } = expectation;
    if (bufstream) {
        return `Bufstream (${bufstream.provider} ${bufstream.bucket}/${bufstream.prefix}, service account ${bufstream.serviceAccount}) and its etcd`;
    }
    return kafka ? `Kafka ${kafka.host}:${kafka.port}${kafka.username !== undefined ? ` with SASL user ${kafka.username}` : ""}` : "no broker";
}

function checkBufstream(manifests: Manifest[], namespace: string, host: string, port: number, expected: BufstreamExpectation, result: RuleResult): void {
    if (!servedByRender(manifests, namespace, host, port)) {
        result.failures.push(`the workers' broker ${host}:${port} is no Service of the render`);
    }
    const configMap = manifests.find((m) => m.kind === "ConfigMap" && m.metadata?.name === "bufstream-config");
    const config = yaml.load(((configMap?.data ?? {}) as Record<string, string>)["config.yaml"] ?? "") as Tree | undefined;
    const storage = (config?.storage ?? {}) as Tree;
    for (const [field, value] of [["provider", expected.provider], ["bucket", expected.bucket], ["prefix", expected.prefix]] as const) {
        if (storage[field] !== value) {
            result.failures.push(`Bufstream storage.${field} is ${JSON.stringify(storage[field])}, not ${JSON.stringify(value)}`);
        }
    }
    for (const field of ["access_key_id", "secret_access_key", "endpoint"]) {
        if (storage[field] !== undefined) {
            result.failures.push(`Bufstream storage.${field} is set (${JSON.stringify(storage[field])}): it must use the pod's workload identity on the cloud's own endpoint`);
        }
    }
    for (const address of (at(config, "etcd.addresses") as { host?: string; port?: number }[] | undefined) ?? []) {
        if (!servedByRender(manifests, namespace, String(address.host), Number(address.port))) {
            result.failures.push(`Bufstream's etcd ${address.host}:${address.port} is no Service of the render`);
        }
    }
    const statefulSet = manifests.find((m) => m.kind === "StatefulSet" && m.metadata?.name === "bufstream");
    const account = at(statefulSet, "spec.template.spec.serviceAccountName");
    if (account !== expected.serviceAccount) {
        result.failures.push(`Bufstream runs as service account ${JSON.stringify(account)}, not the workload identity's ${JSON.stringify(expected.serviceAccount)}`);
    }
}

function checkSaslEnv(manifests: Manifest[], release: string, workers: readonly string[], kafka: KafkaExpectation, result: RuleResult): void {
    for (const subsystem of ["weave-trace", ...workers]) {
        const workload = workloads(manifests).find((w) => w.id === `Deployment/${release}-${subsystem}-bc`);
        if (workload === undefined) {
            result.failures.push(`${subsystem}: Deployment ${release}-${subsystem}-bc is not rendered`);
            continue;
        }
        for (const container of workload.pod.containers ?? []) {
            const env = new Map((container.env ?? []).map((e) => [e.name, e]));
            if (env.get("KAFKA_CLIENT_USER")?.value !== kafka.username) {
                result.failures.push(`${subsystem}/${container.name}: KAFKA_CLIENT_USER is not ${JSON.stringify(kafka.username)}`);
            }
            const ref = env.get("KAFKA_CLIENT_PASSWORD")?.valueFrom?.secretKeyRef;
            if (ref?.name !== kafka.passwordSecret?.name || ref?.key !== SECRET_KEYS.kafkaPassword) {
                result.failures.push(`${subsystem}/${container.name}: KAFKA_CLIENT_PASSWORD does not come from Secret ${kafka.passwordSecret?.name}/${SECRET_KEYS.kafkaPassword}`);
            }
        }
    }
}
