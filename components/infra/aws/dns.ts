import * as pulumi from "@pulumi/pulumi";
import { Certificate } from "@pulumi/aws/acm/certificate";
import { CertificateValidation } from "@pulumi/aws/acm/certificateValidation";
import { OpenIdConnectProvider } from "@pulumi/aws/iam/openIdConnectProvider";
import { Record as DnsRecord } from "@pulumi/aws/route53/record";
import { Provider } from "@pulumi/kubernetes/provider";
import { WandbIngress } from "../../platform";
import { pinnedRelease } from "../helm";
import { InfraScope, childName } from "../scope";
import { AwsInfraArgs } from "./args";
import { Statement, serviceAccountRole } from "./iam";
import { ValidatedAwsArgs } from "./validate";
import { AWS_DEFAULTS } from "./versions";

/** Actions of the AWS Load Balancer Controller, modelled on its published IAM policy and scoped by service. */
const LOAD_BALANCER_CONTROLLER_STATEMENTS: Statement[] = [
    {
        Sid: "Read",
        Effect: "Allow",
        Action: ["ec2:Describe*", "ec2:GetSecurityGroupsForVpc", "elasticloadbalancing:Describe*", "acm:ListCertificates", "acm:DescribeCertificate", "iam:ListServerCertificates", "iam:GetServerCertificate", "wafv2:GetWebACLForResource", "shield:GetSubscriptionState", "tag:GetResources"],
        Resource: "*",
    },
    { Sid: "ServiceLinkedRole", Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: "*", Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } } },
    {
        Sid: "SecurityGroups",
        Effect: "Allow",
        Action: ["ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:CreateTags", "ec2:DeleteTags"],
        Resource: ["arn:aws:ec2:*:*:security-group/*", "arn:aws:ec2:*:*:vpc/*"],
    },
    { Sid: "LoadBalancers", Effect: "Allow", Action: ["elasticloadbalancing:*"], Resource: ["arn:aws:elasticloadbalancing:*:*:loadbalancer/*", "arn:aws:elasticloadbalancing:*:*:targetgroup/*", "arn:aws:elasticloadbalancing:*:*:listener/*", "arn:aws:elasticloadbalancing:*:*:listener-rule/*"] },
];

/** What the ingress needs: class, annotations, and what must exist before the instance. */
export interface AwsDns {
    ingress: WandbIngress;
    certificateArn: pulumi.Output<string>;
    ready: pulumi.Resource[];
}

/**
 * TLS and DNS for the FQDN: an ACM certificate validated through the Route53 zone (or the given ARN),
 * the AWS Load Balancer Controller (pinned chart, IRSA) so the operator's Ingress becomes an ALB that
 * listens on HTTPS 443 only with a modern TLS policy and an inbound CIDR allow-list, and external-dns
 * (pinned chart, IRSA limited to the zone) writing the FQDN's alias record.
 */
export function createAwsDns(scope: InfraScope, args: AwsInfraArgs, aws: ValidatedAwsArgs, clusterName: pulumi.Input<string>, vpcId: pulumi.Input<string>, oidc: OpenIdConnectProvider, provider: Provider, dependsOn: pulumi.Resource[]): AwsDns {
    const opts = { parent: scope.parent };
    let certificateArn: pulumi.Output<string>;
    if (args.certificateArn) {
        certificateArn = pulumi.output(args.certificateArn);
    } else {
        const certificate = new Certificate(childName(scope, "certificate"), { domainName: scope.fqdn, validationMethod: "DNS", tags: scope.tags }, opts);
        const validationRecord = new DnsRecord(
            childName(scope, "certificate-validation"),
            {
                zoneId: args.hostedZoneId,
                name: certificate.domainValidationOptions.apply((o) => o[0].resourceRecordName),
                type: certificate.domainValidationOptions.apply((o) => o[0].resourceRecordType),
                records: [certificate.domainValidationOptions.apply((o) => o[0].resourceRecordValue)],
                ttl: 300,
                allowOverwrite: true,
            },
            opts,
        );
        certificateArn = new CertificateValidation(childName(scope, "certificate"), { certificateArn: certificate.arn, validationRecordFqdns: [validationRecord.fqdn] }, opts).certificateArn;
    }

    const controllerRole = serviceAccountRole(scope, "aws-load-balancer-controller", oidc, "kube-system", "aws-load-balancer-controller", LOAD_BALANCER_CONTROLLER_STATEMENTS);
    const controller = pinnedRelease(
        scope,
        AWS_DEFAULTS.loadBalancerControllerChart,
        "kube-system",
        {
            clusterName,
            region: args.region,
            vpcId,
            serviceAccount: { create: true, name: "aws-load-balancer-controller", annotations: { "eks.amazonaws.com/role-arn": controllerRole.arn } },
            replicaCount: 2,
        },
        provider,
        dependsOn,
    );

    const externalDnsRole = serviceAccountRole(scope, "external-dns", oidc, "kube-system", "external-dns", [
        { Sid: "Records", Effect: "Allow", Action: ["route53:ChangeResourceRecordSets"], Resource: `arn:aws:route53:::hostedzone/${args.hostedZoneId}` },
        { Sid: "List", Effect: "Allow", Action: ["route53:ListHostedZones", "route53:ListResourceRecordSets", "route53:ListTagsForResource"], Resource: "*" },
    ]);
    const externalDns = pinnedRelease(
        scope,
        AWS_DEFAULTS.externalDnsChart,
        "kube-system",
        {
            provider: { name: "aws" },
            domainFilters: [args.hostedZoneName.replace(/\.$/, "")],
            // Chart 1.15.0 has no zone-id value: the flag goes through `extraArgs` (a list of arguments).
            extraArgs: [`--zone-id-filter=${args.hostedZoneId}`],
            sources: ["ingress"],
            policy: "upsert-only",
            txtOwnerId: clusterName,
            serviceAccount: { create: true, name: "external-dns", annotations: { "eks.amazonaws.com/role-arn": externalDnsRole.arn } },
        },
        provider,
        dependsOn,
    );

    const ingress: WandbIngress = {
        class: "alb",
        annotations: {
            "alb.ingress.kubernetes.io/scheme": args.internalLoadBalancer ? "internal" : "internet-facing",
            "alb.ingress.kubernetes.io/target-type": "ip",
            "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]',
            "alb.ingress.kubernetes.io/certificate-arn": certificateArn,
            "alb.ingress.kubernetes.io/ssl-policy": AWS_DEFAULTS.albSslPolicy,
            "alb.ingress.kubernetes.io/inbound-cidrs": aws.allowedInboundCidrs.join(","),
            // IPv6 source ranges need a dual-stack ALB (load balancer controller, "Ingress annotations").
            ...(aws.dualStackLoadBalancer ? { "alb.ingress.kubernetes.io/ip-address-type": "dualstack" } : {}),
            // A network of the caller's: name the ALB's subnets rather than rely on their discovery tags.
            ...(args.existingNetwork ? { "alb.ingress.kubernetes.io/subnets": (args.internalLoadBalancer ? args.existingNetwork.privateSubnetIds : args.existingNetwork.publicSubnetIds).join(",") } : {}),
            "alb.ingress.kubernetes.io/healthcheck-path": "/ready",
            "external-dns.alpha.kubernetes.io/hostname": scope.fqdn,
        },
    };
    return { ingress, certificateArn, ready: [controller, externalDns] };
}
