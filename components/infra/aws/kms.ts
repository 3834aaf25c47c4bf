import * as pulumi from "@pulumi/pulumi";
import { Key } from "@pulumi/aws/kms/key";
import { InfraScope, childName, statefulOptions } from "../scope";

/** A customer-managed KMS key with yearly automatic rotation, kept (and protected in production) like the data it encrypts. */
export function encryptionKey(scope: InfraScope, name: string, purpose: string): Key {
    return new Key(childName(scope, `${name}-key`), { description: `${purpose} (${scope.fqdn})`, enableKeyRotation: true, deletionWindowInDays: 30, tags: scope.tags }, statefulOptions(scope));
}

/**
 * The ARN of the key a service encrypts with: the caller's key (`aws.kmsKeyArns.<service>`) when
 * given, else a rotating key of our own ({@link encryptionKey}, same logical name as always).
 */
export function serviceKeyArn(scope: InfraScope, name: string, purpose: string, callerKeyArn: string | undefined): pulumi.Output<string> {
    return callerKeyArn !== undefined ? pulumi.output(callerKeyArn) : encryptionKey(scope, name, purpose).arn;
}
