// The pack's entry point: the Pulumi CLI runs this file, which starts the Analyzer gRPC server.
// Rules live in rules/ so tests and tools can import them without starting a server.
import { PolicyPack } from "@pulumi/policy";
import { deserializeOncePerRequest } from "./lib/deserialize-once";
import { WANDB_POLICIES } from "./rules";

deserializeOncePerRequest();

new PolicyPack("wandb-reference-architecture", {
    description: "W&B Server self-managed reference architecture: versions, MySQL parameters, x86 nodes, TLS on every HTTP entry point, Redis 7, backups, HA topology, buckets, capacity, a known environment.",
    policies: WANDB_POLICIES,
});
