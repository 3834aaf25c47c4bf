import * as pulumi from "@pulumi/pulumi";

/**
 * The Kubernetes Secrets a W&B instance needs, and the names and keys the custom resource references.
 * Key names are the `operator-wandb` chart's defaults, so the chart reads them without extra settings.
 */

/** Secret keys, as the chart expects them. */
export const SECRET_KEYS = {
    license: "license",
    mysqlPassword: "MYSQL_PASSWORD",
    redisPassword: "REDIS_PASSWORD",
    /**
     * The Redis server CA: every W&B pod mounts this optional key of the Redis Secret as
     * `/etc/ssl/certs/redis_ca.pem` (operator-wandb `_volumes.tpl`); the chart writes it only into a
     * Redis Secret of its own, which it skips once `global.redis.secret.secretName` names ours.
     */
    redisCaCert: "REDIS_CA_CERT",
    bucketAccessKey: "ACCESS_KEY",
    bucketSecretKey: "SECRET_KEY",
    oidcSecret: "OIDC_SECRET",
    smtpPassword: "SMTP_PASSWORD",
    /** The Kafka password Weave's client reads (wandb/weave `trace_server/environment.py`), the chart's own key name. */
    kafkaPassword: "KAFKA_CLIENT_PASSWORD",
} as const;

/** Names of the Secrets referenced from the custom resource; absent when the instance has no such secret. */
export interface WandbSecretNames {
    /** License (`global.licenseSecret`). Always present. */
    license: string;
    /** MySQL password (`global.mysql.passwordSecret`). Always present. */
    mysql: string;
    /** Redis password (`global.redis.secret`). */
    redis?: string;
    /** Bucket access keys (`global.bucket.secret`). */
    bucket?: string;
    /** OIDC client secret (`global.auth.oidc.oidcSecret`). */
    oidc?: string;
    /** SMTP password (`global.email.smtp.password.valueFrom`). */
    smtp?: string;
    /** SASL password of the Weave workers' Kafka broker (their `KAFKA_CLIENT_PASSWORD` env). */
    weaveKafka?: string;
}

/**
 * The Secret the Weave trace workers read their internal service token from: the chart hard-codes
 * its name (`WANDB_INTERNAL_SERVICE_TOKEN_SECRET_NAME: weave-worker-auth` in the weave-trace ConfigMap,
 * `secretKeyRef {name: weave-worker-auth, key: key}` in every worker); W&B's Terraform modules create it
 * the same way, from a random password.
 */
export const WEAVE_WORKER_AUTH = { name: "weave-worker-auth", key: "key" } as const;

/** The `weave-worker-auth` Secret holding `token` (a Pulumi secret). */
export function weaveWorkerAuthSecret(token: pulumi.Output<string>): PlannedSecret {
    return { purpose: "weaveWorkerAuth", name: WEAVE_WORKER_AUTH.name, stringData: { [WEAVE_WORKER_AUTH.key]: pulumi.secret(token) } };
}

/** One Secret to create: its name and its data (every credential a Pulumi secret; a public CA certificate is not). */
export interface PlannedSecret {
    /** Which credential it holds (used for the Pulumi resource name). */
    purpose: keyof WandbSecretNames | "chartRepository" | "weaveWorkerAuth";
    /** Kubernetes name. */
    name: string;
    /** `stringData`: credentials wrapped in `pulumi.secret`. */
    stringData: Record<string, pulumi.Output<string>>;
}

/** The secret values an instance has; undefined ones produce no Secret. */
export interface WandbSecretValues {
    /** License key. */
    license: pulumi.Input<string>;
    /** MySQL password. */
    mysqlPassword: pulumi.Input<string>;
    /** Redis AUTH password or token. */
    redisPassword?: pulumi.Input<string>;
    /** PEM CA of the Redis server's TLS certificate (public; goes beside the password). */
    redisCaCert?: pulumi.Input<string>;
    /** Bucket access key id (for `az`: the account key). */
    bucketAccessKey?: pulumi.Input<string>;
    /** Bucket secret key. */
    bucketSecretKey?: pulumi.Input<string>;
    /** OIDC client secret. */
    oidcSecret?: pulumi.Input<string>;
    /** SMTP password. */
    smtpPassword?: pulumi.Input<string>;
    /** SASL password of the Weave workers' Kafka broker. */
    weaveKafkaPassword?: pulumi.Input<string>;
}

/**
 * Plans the Secrets for custom resource `crName`: names are `<crName>-<purpose>`, distinct from the
 * Secrets the chart itself would create (`<release>-license`, `<release>-redis-secret`, ...), which it
 * skips once a reference is set.
 */
export function planSecrets(crName: string, values: WandbSecretValues): PlannedSecret[] {
    const secret = (value: pulumi.Input<string>) => pulumi.secret(pulumi.output(value));
    const planned: PlannedSecret[] = [
        { purpose: "license", name: `${crName}-license`, stringData: { [SECRET_KEYS.license]: secret(values.license) } },
        { purpose: "mysql", name: `${crName}-mysql`, stringData: { [SECRET_KEYS.mysqlPassword]: secret(values.mysqlPassword) } },
    ];
    if (values.redisPassword !== undefined) {
        const stringData: Record<string, pulumi.Output<string>> = { [SECRET_KEYS.redisPassword]: secret(values.redisPassword) };
        if (values.redisCaCert !== undefined) {
            stringData[SECRET_KEYS.redisCaCert] = pulumi.output(values.redisCaCert);
        }
        planned.push({ purpose: "redis", name: `${crName}-redis`, stringData });
    }
    if (values.bucketAccessKey !== undefined) {
        const stringData: Record<string, pulumi.Output<string>> = { [SECRET_KEYS.bucketAccessKey]: secret(values.bucketAccessKey) };
        if (values.bucketSecretKey !== undefined) {
            stringData[SECRET_KEYS.bucketSecretKey] = secret(values.bucketSecretKey);
        }
        planned.push({ purpose: "bucket", name: `${crName}-bucket`, stringData });
    }
    if (values.oidcSecret !== undefined) {
        planned.push({ purpose: "oidc", name: `${crName}-oidc`, stringData: { [SECRET_KEYS.oidcSecret]: secret(values.oidcSecret) } });
    }
    if (values.smtpPassword !== undefined) {
        planned.push({ purpose: "smtp", name: `${crName}-smtp`, stringData: { [SECRET_KEYS.smtpPassword]: secret(values.smtpPassword) } });
    }
    if (values.weaveKafkaPassword !== undefined) {
        // Not `<crName>-kafka`: the chart renders a Secret of that name for its own Kafka settings.
        planned.push({ purpose: "weaveKafka", name: `${crName}-weave-kafka`, stringData: { [SECRET_KEYS.kafkaPassword]: secret(values.weaveKafkaPassword) } });
    }
    return planned;
}

/** The names of planned Secrets, for the spec renderer. */
export function secretNames(planned: PlannedSecret[]): WandbSecretNames {
    const names: Partial<WandbSecretNames> = {};
    for (const secret of planned) {
        if (secret.purpose !== "chartRepository" && secret.purpose !== "weaveWorkerAuth") {
            names[secret.purpose] = secret.name;
        }
    }
    return names as WandbSecretNames;
}
