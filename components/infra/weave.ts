import * as pulumi from "@pulumi/pulumi";
import { WandbWeaveBroker } from "../platform";
import { Cloud, includesWeave } from "../requirements";
import { WandbArgumentError } from "../util/errors";
import { refuseBrokerWithoutWeave, requireKafkaCredentials } from "../instance/validate";
import { InfraSettings } from "./scope";

/** Where Bufstream keeps its objects in the W&B bucket, below the bucket's path when it has one. */
export const BUFSTREAM_PREFIX = "weave-bufstream/";

/**
 * The clouds whose bucket the chart's Bufstream can store in (S3 and GCS; its `storage.use` has no Azure
 * Blob), so `WandbInfra` gives Weave a broker of its own there.
 */
export const BUFSTREAM_CLOUDS: readonly Cloud[] = ["aws", "gcp"];

/**
 * The common `weaveKafka` argument against the cloud and products: only with Weave, required where the
 * chart's Bufstream cannot run, SASL complete.
 */
export function validateWeaveKafka(cloud: Cloud, settings: InfraSettings): void {
    const kafka = settings.weaveKafka;
    if (!includesWeave(settings.products)) {
        refuseBrokerWithoutWeave("weaveKafka", kafka, settings.products);
        return;
    }
    if (kafka === undefined && !BUFSTREAM_CLOUDS.includes(cloud)) {
        throw new WandbArgumentError(
            "weaveKafka",
            undefined,
            `an existing Kafka broker (host, port, optional SASL username and password) for Weave's trace workers on ${cloud}: the chart's Bufstream stores its data in S3 or GCS only`,
        );
    }
    if (kafka !== undefined) {
        requireKafkaCredentials(kafka, "weaveKafka");
    }
}

/** The bucket Bufstream would store in: its W&B path prefix, if any. */
export interface BufstreamBucket {
    /** The bucket path W&B (and so Bufstream) is confined to. */
    path?: pulumi.Input<string>;
}

/**
 * The platform's `weaveBroker`: none without Weave; the user's Kafka broker when one is given; else the
 * chart's Bufstream under `<bucket path>/weave-bufstream/` (`bucket`: given only on a cloud whose bucket
 * Bufstream can use; the W&B identity's grants on that path cover it).
 */
export function weaveBroker(settings: InfraSettings, bucket?: BufstreamBucket): WandbWeaveBroker | undefined {
    if (!includesWeave(settings.products)) {
        return undefined;
    }
    if (settings.weaveKafka !== undefined) {
        return { kafka: settings.weaveKafka };
    }
    if (bucket === undefined) {
        return undefined;
    }
    const prefix = bucket.path === undefined ? BUFSTREAM_PREFIX : pulumi.interpolate`${bucket.path}/${BUFSTREAM_PREFIX}`;
    return { bufstream: { prefix } };
}
