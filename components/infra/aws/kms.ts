import { Key } from "@pulumi/aws/kms/key";
import { InfraScope, childName, statefulOptions } from "../scope";

/** A customer-managed KMS key with yearly automatic rotation, kept (and protected in production) like the data it encrypts. */
export function encryptionKey(scope: InfraScope, name: string, purpose: string): Key {
    return new Key(childName(scope, `${name}-key`), { description: `${purpose} (${scope.fqdn})`, enableKeyRotation: true, deletionWindowInDays: 30, tags: scope.tags }, statefulOptions(scope));
}
