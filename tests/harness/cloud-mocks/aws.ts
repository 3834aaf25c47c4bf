/** Mock outputs and invoke results for AWS resource types (see ../mocks.ts): what the AWS API returns after create. */
import type { CallResult, OutputsFor } from "../mocks";

const ACCOUNT = "123456789012";

/** AWS resource type → extra outputs. */
export const AWS_RESOURCE_OUTPUTS: Record<string, OutputsFor> = {
    "aws:eks/cluster:Cluster": (args) => ({
        endpoint: `https://${args.name.toUpperCase().replace(/[^A-Z0-9]/g, "")}.gr7.us-west-2.eks.amazonaws.com`,
        certificateAuthority: { data: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=" },
        identities: [{ oidcs: [{ issuer: "https://oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF" }] }],
        vpcConfig: { ...(args.inputs.vpcConfig as object), clusterSecurityGroupId: "sg-0eks0cluster0000001" },
        status: "ACTIVE",
    }),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (args) => ({
        arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${String(args.inputs.url).replace(/^https:\/\//, "")}`,
    }),
    "aws:iam/role:Role": (args) => ({ arn: `arn:aws:iam::${ACCOUNT}:role/${args.inputs.name ?? args.name}` }),
    "aws:kms/key:Key": (args) => ({ arn: `arn:aws:kms:us-west-2:${ACCOUNT}:key/${args.name}-0000`, keyId: `${args.name}-0000` }),
    "aws:s3/bucket:Bucket": (args) => ({ bucket: `${args.inputs.bucketPrefix ?? ""}20261124000000000001`, arn: `arn:aws:s3:::${args.inputs.bucketPrefix ?? ""}20261124000000000001` }),
    "aws:sqs/queue:Queue": (args) => ({ arn: `arn:aws:sqs:us-west-2:${ACCOUNT}:${args.inputs.name}`, url: `https://sqs.us-west-2.amazonaws.com/${ACCOUNT}/${args.inputs.name}` }),
    "aws:rds/cluster:Cluster": (args) => ({
        endpoint: `${args.inputs.clusterIdentifier}.cluster-c0example.us-west-2.rds.amazonaws.com`,
        readerEndpoint: `${args.inputs.clusterIdentifier}.cluster-ro-c0example.us-west-2.rds.amazonaws.com`,
        id: args.inputs.clusterIdentifier,
    }),
    "aws:elasticache/replicationGroup:ReplicationGroup": (args) => ({ primaryEndpointAddress: `master.${args.inputs.replicationGroupId}.abc123.usw2.cache.amazonaws.com` }),
    "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1 }),
    "aws:acm/certificate:Certificate": (args) => ({
        arn: `arn:aws:acm:us-west-2:${ACCOUNT}:certificate/${args.name}`,
        domainValidationOptions: [{ domainName: args.inputs.domainName, resourceRecordName: `_0123456789abcdef.${args.inputs.domainName}.`, resourceRecordType: "CNAME", resourceRecordValue: "_fedcba9876543210.acm-validations.aws." }],
    }),
    "aws:acm/certificateValidation:CertificateValidation": (args) => ({ certificateArn: args.inputs.certificateArn }),
    "aws:route53/record:Record": (args) => ({ fqdn: String(args.inputs.name).replace(/\.$/, "") }),
};

/** AWS invoke token → result. */
export const AWS_CALL_RESULTS: Record<string, CallResult> = {
    "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({ names: ["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"], zoneIds: ["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"] }),
};
