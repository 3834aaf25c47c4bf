import { PolicyResource } from "@pulumi/policy";
import { str } from "./props";
import { isType } from "./types";

/** The resources of a stack with one of the given types. */
export function ofType(resources: readonly PolicyResource[], token: string | readonly string[]): PolicyResource[] {
    return resources.filter((resource) => isType(resource.type, token));
}

/** A resource's physical identifiers: its id-like and name-like outputs, for joining references. */
export function identifiers(resource: PolicyResource, ...keys: string[]): Set<string> {
    const ids = new Set<string>();
    for (const key of ["id", "name", "arn", ...keys]) {
        const value = str(resource.props, key);
        if (value) {
            ids.add(value);
        }
    }
    return ids;
}

/** The resources of `candidates` that `reference` (a name, id or ARN) points at. */
export function referenced(candidates: readonly PolicyResource[], reference: string | undefined, ...keys: string[]): PolicyResource[] {
    if (!reference) {
        return [];
    }
    return candidates.filter((candidate) => identifiers(candidate, ...keys).has(reference));
}
