import * as pulumi from "@pulumi/pulumi";
import { LaunchTemplate } from "@pulumi/aws/ec2/launchTemplate";
import { AccessEntry } from "@pulumi/aws/eks/accessEntry";
import { AccessPolicyAssociation } from "@pulumi/aws/eks/accessPolicyAssociation";
import { Addon } from "@pulumi/aws/eks/addon";
import { Cluster } from "@pulumi/aws/eks/cluster";
import { NodeGroup } from "@pulumi/aws/eks/nodeGroup";
import { OpenIdConnectProvider } from "@pulumi/aws/iam/openIdConnectProvider";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { Provider } from "@pulumi/kubernetes/provider";
import { clusterProvider } from "../kubernetes";
import { StorageClass } from "@pulumi/kubernetes/storage/v1";
import { serviceKeyArn } from "./kms";
import { InfraScope, childName, physicalName } from "../scope";
import { AwsInfraArgs, EKS_ADDONS } from "./args";
import { policyDocument, serviceAccountRole, serviceRole } from "./iam";
import { AwsNetwork } from "./network";
import { ValidatedAwsArgs } from "./validate";
import { AWS_DEFAULTS } from "./versions";

/** The EKS cluster and what runs on it from the start. */
export interface AwsCluster {
    cluster: Cluster;
    oidcProvider: OpenIdConnectProvider;
    nodeGroup: NodeGroup;
    kubeconfig: pulumi.Output<string>;
    provider: Provider;
    /** The cluster security group (nodes of managed node groups carry it). */
    clusterSecurityGroupId: pulumi.Output<string>;
    /** Resources the W&B instance must wait for. */
    ready: pulumi.Resource[];
}

/** `ARN` of an AWS managed policy. */
const managed = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/**
 * EKS (public API endpoint restricted to `publicAccessCidrs`, or private-only, always with the
 * private endpoint for the nodes; secrets encrypted with a KMS key, control-plane logs, API
 * access entries) with one managed node group of x86 nodes on AL2023, IMDSv2 required, and the EBS
 * CSI driver with a gp3 default StorageClass (W&B needs persistent volumes).
 */
export function createAwsCluster(scope: InfraScope, args: AwsInfraArgs, aws: ValidatedAwsArgs, network: AwsNetwork, clusterName: string): AwsCluster {
    const opts = { parent: scope.parent };
    const production = scope.environment === "production";
    const secretsKeyArn = serviceKeyArn(scope, "eks-secrets", "EKS secrets envelope encryption", aws.kmsKeyArns.eksSecrets);
    const clusterRole = serviceRole(scope, "eks-cluster", "eks.amazonaws.com", [managed("AmazonEKSClusterPolicy")]);
    // The control plane envelope-encrypts Secrets with this key only (as terraform-aws-eks grants its cluster role).
    new RolePolicy(
        childName(scope, "eks-cluster-secrets-key"),
        { role: clusterRole.name, policy: policyDocument([{ Sid: "SecretsKey", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: secretsKeyArn }]) },
        opts,
    );
    const cluster = new Cluster(
        childName(scope, "eks"),
        {
            name: clusterName,
            version: scope.kubernetesVersion ?? AWS_DEFAULTS.kubernetesVersion,
            roleArn: clusterRole.arn,
            vpcConfig: {
                subnetIds: network.privateSubnetIds,
                endpointPrivateAccess: true,
                // The Kubernetes provider reaches the API from wherever `pulumi up` runs (docs/aws.md, "API endpoint").
                endpointPublicAccess: aws.publicAccessCidrs !== undefined,
                publicAccessCidrs: aws.publicAccessCidrs,
            },
            encryptionConfig: { provider: { keyArn: secretsKeyArn }, resources: ["secrets"] },
            enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
            // EKS refuses DeleteCluster while this is on: a production cluster goes only on purpose.
            deletionProtection: production,
            tags: scope.tags,
        },
        opts,
    );
    const oidcProvider = new OpenIdConnectProvider(
        childName(scope, "eks-oidc"),
        { url: cluster.identities.apply((ids) => ids[0].oidcs?.[0]?.issuer ?? ""), clientIdLists: ["sts.amazonaws.com"], tags: scope.tags },
        opts,
    );

    const nodeRole = serviceRole(scope, "eks-nodes", "ec2.amazonaws.com", [
        managed("AmazonEKSWorkerNodePolicy"),
        managed("AmazonEKS_CNI_Policy"),
        managed("AmazonEC2ContainerRegistryReadOnly"),
    ]);
    const launchTemplate = new LaunchTemplate(
        childName(scope, "eks-nodes"),
        {
            // IMDSv2 only; hop limit 2 so pods on the node network can still reach it when they must.
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2 },
            blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: scope.sizes.nodeDiskGb, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
            tagSpecifications: [{ resourceType: "instance", tags: { ...scope.tags, Name: physicalName(scope, "eks-node") } }],
            tags: scope.tags,
        },
        opts,
    );
    const nodeGroup = new NodeGroup(
        childName(scope, "eks-nodes"),
        {
            clusterName: cluster.name,
            nodeRoleArn: nodeRole.arn,
            subnetIds: network.privateSubnetIds,
            amiType: "AL2023_x86_64_STANDARD",
            instanceTypes: [scope.sizes.nodeInstanceType],
            scalingConfig: { minSize: scope.sizes.nodeMinCount, desiredSize: scope.sizes.nodeCount, maxSize: scope.sizes.nodeMaxCount },
            launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
            updateConfig: { maxUnavailable: 1 },
            labels: { "wandb.ai/pool": "wandb" },
            tags: scope.tags,
        },
        // The Cluster Autoscaler (autoscaling.ts) owns the desired size wherever it runs.
        { ...opts, ignoreChanges: aws.clusterAutoscalerImageTag !== undefined ? ["scalingConfig.desiredSize"] : [] },
    );

    const ebsCsiRole = serviceAccountRole(scope, "ebs-csi", oidcProvider, "kube-system", "ebs-csi-controller-sa", [], [managed("service-role/AmazonEBSCSIDriverPolicy")]);
    const addons = EKS_ADDONS.map(
        (addonName) =>
            new Addon(
                childName(scope, `addon-${addonName}`),
                {
                    clusterName: cluster.name,
                    addonName,
                    addonVersion: aws.eksAddonVersions[addonName],
                    serviceAccountRoleArn: addonName === "aws-ebs-csi-driver" ? ebsCsiRole.arn : undefined,
                    resolveConflictsOnCreate: "OVERWRITE",
                    resolveConflictsOnUpdate: "PRESERVE",
                    tags: scope.tags,
                },
                { ...opts, dependsOn: addonName === "coredns" || addonName === "aws-ebs-csi-driver" ? [nodeGroup] : [] },
            ),
    );
    for (const [index, principalArn] of (args.clusterAdminArns ?? []).entries()) {
        const entry = new AccessEntry(childName(scope, `admin-${index}`), { clusterName: cluster.name, principalArn, type: "STANDARD", tags: scope.tags }, opts);
        new AccessPolicyAssociation(
            childName(scope, `admin-${index}`),
            { clusterName: cluster.name, principalArn, policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } },
            { ...opts, dependsOn: [entry] },
        );
    }

    const kubeconfig = pulumi.secret(
        pulumi.all([cluster.name, cluster.endpoint, cluster.certificateAuthority]).apply(([name, endpoint, ca]) =>
            JSON.stringify({
                apiVersion: "v1",
                kind: "Config",
                clusters: [{ name, cluster: { server: endpoint, "certificate-authority-data": ca.data } }],
                contexts: [{ name, context: { cluster: name, user: name } }],
                "current-context": name,
                users: [{ name, user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", name, "--region", args.region] } } }],
            }),
        ),
    );
    const provider = clusterProvider(scope, kubeconfig, nodeGroup);
    const storageClass = new StorageClass(
        childName(scope, "gp3"),
        {
            metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
            provisioner: "ebs.csi.aws.com",
            parameters: { type: "gp3", encrypted: "true" },
            volumeBindingMode: "WaitForFirstConsumer",
            allowVolumeExpansion: true,
            reclaimPolicy: "Delete",
        },
        { ...opts, provider, dependsOn: addons },
    );
    return {
        cluster,
        oidcProvider,
        nodeGroup,
        kubeconfig,
        provider,
        clusterSecurityGroupId: cluster.vpcConfig.apply((vpc) => vpc.clusterSecurityGroupId ?? ""),
        ready: [nodeGroup, ...addons, storageClass],
    };
}
