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

/** Resources by each of their identifiers (see `identifiers`), so joins look up instead of scanning. */
export function identifierIndex(candidates: readonly PolicyResource[], ...keys: string[]): Map<string, PolicyResource[]> {
    const index = new Map<string, PolicyResource[]>();
    for (const candidate of candidates) {
        for (const id of identifiers(candidate, ...keys)) {
            index.set(id, [...(index.get(id) ?? []), candidate]);
        }
    }
    return index;
}

/** Resources grouped by the string at `path` (e.g. the `bucket` an S3 sub-resource belongs to). */
export function groupBy(resources: readonly PolicyResource[], path: string): Map<string, PolicyResource[]> {
    const groups = new Map<string, PolicyResource[]>();
    for (const resource of resources) {
        const key = str(resource.props, path);
        if (key !== undefined) {
            groups.set(key, [...(groups.get(key) ?? []), resource]);
        }
    }
    return groups;
}
