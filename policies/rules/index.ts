/** Every rule of the pack, in the order the pack reports them. */
import { Policies } from "@pulumi/policy";
import { bucket, bucketVersioning } from "./bucket";
import { clusterCapacity } from "./cluster-capacity";
import { databaseBackups } from "./database-backups";
import { databaseTopology } from "./database-topology";
import { environmentKnown } from "./environment-known";
import { kubernetesVersion } from "./kubernetes-version";
import { mysqlParameters } from "./mysql-parameters";
import { mysqlVersion, mysqlVersionRecommended } from "./mysql-version";
import { productionExternalRedis, redisVersion } from "./redis-version";
import { tls } from "./tls";
import { tlsCertificateAuthority } from "./tls-certificate-authority";
import { tlsHttpRedirects } from "./tls-http-redirects";
import { x86Nodes } from "./x86-nodes";

/** The rules of the `wandb-reference-architecture` pack. */
export const WANDB_POLICIES: Policies = [
    mysqlParameters,
    mysqlVersion,
    mysqlVersionRecommended,
    kubernetesVersion,
    x86Nodes,
    tls,
    tlsHttpRedirects,
    tlsCertificateAuthority,
    redisVersion,
    productionExternalRedis,
    databaseBackups,
    databaseTopology,
    bucket,
    bucketVersioning,
    clusterCapacity,
    environmentKnown,
];
