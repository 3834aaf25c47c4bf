import * as pulumi from "@pulumi/pulumi";
import { OpenIdConnectProvider } from "@pulumi/aws/iam/openIdConnectProvider";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment";
import { InfraScope, childName, physicalName } from "../scope";

/** One IAM policy statement. */
export interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action: string | string[];
    /** Absent in trust policies. */
    Resource?: pulumi.Input<string> | pulumi.Input<string>[];
    Condition?: Record<string, Record<string, pulumi.Input<string> | pulumi.Input<string>[]>>;
    Principal?: Record<string, pulumi.Input<string> | pulumi.Input<string>[]> | "*";
}

/** A policy document as JSON, resolving any Outputs inside it. */
export function policyDocument(statements: Statement[]): pulumi.Output<string> {
    return pulumi.output({ Version: "2012-10-17", Statement: statements }).apply((doc) => JSON.stringify(doc));
}

/** A role assumable by an AWS service (`eks.amazonaws.com`, `ec2.amazonaws.com`), with managed policies attached. */
export function serviceRole(scope: InfraScope, name: string, service: string, managedPolicyArns: string[]): Role {
    const role = new Role(
        childName(scope, `${name}-role`),
        {
            name: physicalName(scope, name),
            assumeRolePolicy: policyDocument([{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]),
            tags: scope.tags,
        },
        { parent: scope.parent },
    );
    managedPolicyArns.forEach((arn) => new RolePolicyAttachment(childName(scope, `${name}-${arn.split("/").pop()}`), { role: role.name, policyArn: arn }, { parent: scope.parent }));
    return role;
}

/**
 * An IRSA role: assumable only by Kubernetes service account `namespace/serviceAccount` through the
 * cluster's OIDC provider, with an inline policy (least privilege) and/or managed policies.
 */
export function serviceAccountRole(
    scope: InfraScope,
    name: string,
    oidc: OpenIdConnectProvider,
    namespace: string,
    serviceAccount: string,
    inline: Statement[] = [],
    managedPolicyArns: string[] = [],
): Role {
    const issuer = oidc.url.apply((url) => url.replace(/^https:\/\//, ""));
    const assumeRolePolicy = pulumi.all([oidc.arn, issuer]).apply(([arn, host]) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: arn },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { StringEquals: { [`${host}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`, [`${host}:aud`]: "sts.amazonaws.com" } },
                },
            ],
        }),
    );
    const role = new Role(childName(scope, `${name}-role`), { name: physicalName(scope, name), assumeRolePolicy, tags: scope.tags }, { parent: scope.parent });
    if (inline.length > 0) {
        new RolePolicy(childName(scope, `${name}-policy`), { role: role.name, policy: policyDocument(inline) }, { parent: scope.parent });
    }
    managedPolicyArns.forEach((arn) => new RolePolicyAttachment(childName(scope, `${name}-${arn.split("/").pop()}`), { role: role.name, policyArn: arn }, { parent: scope.parent }));
    return role;
}
