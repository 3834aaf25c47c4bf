import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { BUCKET_CORS } from "../../components/requirements";
import { bool, list, str } from "../lib/props";
import { groupBy, identifiers, ofType } from "../lib/stack";
import { T } from "../lib/types";

/** Methods a CORS rule list allows, upper-cased. */
function corsMethods(rules: unknown[], methodsKey: string): Set<string> {
    return new Set(rules.flatMap((rule) => list(rule, methodsKey)).map((m) => String(m).toUpperCase()));
}

function missingMethods(methods: Set<string>): string[] {
    return BUCKET_CORS.allowedMethods.filter((method) => !methods.has(method));
}

/** S3 sub-resources of one kind (encryption, CORS, public access block, versioning) by the bucket they name. */
function subResources(resources: readonly PolicyResource[], token: string | readonly string[]): Map<string, PolicyResource[]> {
    return groupBy(ofType(resources, token), "bucket");
}

/** The sub-resources of `bySubject` that belong to `bucket` (by its name, id or ARN). */
function attached(bySubject: Map<string, PolicyResource[]>, bucket: PolicyResource): PolicyResource[] {
    return [...identifiers(bucket, "bucket")].flatMap((id) => bySubject.get(id) ?? []);
}

/** Problems of each bucket in the stack, per cloud. */
function bucketProblems(resources: readonly PolicyResource[]): [PolicyResource, string][] {
    const problems: [PolicyResource, string][] = [];
    const encryption = subResources(resources, T.s3Encryption);
    const cors = subResources(resources, T.s3Cors);
    const publicAccessBlocks = subResources(resources, T.s3PublicAccessBlock);
    for (const bucket of ofType(resources, [T.s3Bucket, T.s3BucketV2])) {
        if (attached(encryption, bucket).length === 0 && !bucket.props["serverSideEncryptionConfiguration"]) {
            problems.push([bucket, "no server-side encryption configuration"]);
        }
        const rules = attached(cors, bucket).flatMap((c) => list(c.props, "corsRules"));
        const missing = missingMethods(corsMethods(rules, "allowedMethods"));
        if (missing.length) {
            problems.push([bucket, `CORS does not allow ${missing.join(", ")}`]);
        }
        const block = attached(publicAccessBlocks, bucket)[0];
        const blocked = block && ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every((key) => bool(block.props, key) === true);
        if (!blocked) {
            problems.push([bucket, "public access is not fully blocked (BucketPublicAccessBlock with all four settings true)"]);
        }
    }
    for (const bucket of ofType(resources, T.gcsBucket)) {
        const missing = missingMethods(corsMethods(list(bucket.props, "cors"), "methods"));
        if (missing.length) {
            problems.push([bucket, `CORS does not allow ${missing.join(", ")}`]);
        }
        if (str(bucket.props, "publicAccessPrevention") !== "enforced") {
            problems.push([bucket, 'publicAccessPrevention is not "enforced"']);
        }
    }
    const blobServices = groupBy(ofType(resources, T.azureBlobService), "accountName");
    for (const account of ofType(resources, T.azureStorageAccount)) {
        if (bool(account.props, "allowBlobPublicAccess") !== false) {
            problems.push([account, "allowBlobPublicAccess is not false"]);
        }
        if (bool(account.props, "enableHttpsTrafficOnly") === false) {
            problems.push([account, "HTTP traffic is allowed (enableHttpsTrafficOnly false)"]);
        }
        const accountName = str(account.props, "accountName") ?? str(account.props, "name");
        const services = blobServices.get(accountName ?? "") ?? [];
        const missing = missingMethods(corsMethods(services.flatMap((s) => list(s.props, "cors.corsRules")), "allowedMethods"));
        if (missing.length) {
            problems.push([account, `blob CORS does not allow ${missing.join(", ")}`]);
        }
    }
    return problems;
}

/** Buckets are encrypted, private, and allow the CORS W&B's browser uploads need. */
export const bucket: StackValidationPolicy = {
    name: "bucket",
    description: `Object storage: encryption at rest, public access blocked, CORS allowing ${BUCKET_CORS.allowedMethods.join("/")} (S3, GCS, Azure Blob). GCS and Azure Storage always encrypt at rest.`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "S3: BucketServerSideEncryptionConfiguration, BucketPublicAccessBlock (all true), BucketCorsConfiguration with GET/PUT/HEAD. GCS: publicAccessPrevention enforced, cors. Azure: allowBlobPublicAccess false, HTTPS only, blob service CORS.",
    validateStack: (args, reportViolation) => {
        for (const [resource, problem] of bucketProblems(args.resources)) {
            reportViolation(`Bucket: ${problem}.`, resource.urn);
        }
    },
};

/** Advisory: versioning, so an overwritten or deleted artifact can be recovered. */
export const bucketVersioning: StackValidationPolicy = {
    name: "bucket-versioning",
    description: "Object storage keeps versions (S3 versioning, GCS versioning, Azure blob versioning).",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: "Enable versioning on the bucket (with a lifecycle rule for old versions).",
    validateStack: (args, reportViolation) => {
        const resources = args.resources;
        const versioning = subResources(resources, T.s3Versioning);
        for (const s3 of ofType(resources, [T.s3Bucket, T.s3BucketV2])) {
            const enabled = attached(versioning, s3).some((v) => str(v.props, "versioningConfiguration.status") === "Enabled");
            if (!enabled) {
                reportViolation("S3 bucket without versioning.", s3.urn);
            }
        }
        for (const gcs of ofType(resources, T.gcsBucket)) {
            if (bool(gcs.props, "versioning.enabled") !== true) {
                reportViolation("GCS bucket without versioning.", gcs.urn);
            }
        }
        for (const service of ofType(resources, T.azureBlobService)) {
            if (bool(service.props, "isVersioningEnabled") !== true) {
                reportViolation("Azure blob service without versioning.", service.urn);
            }
        }
    },
};
