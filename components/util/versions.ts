/**
 * Dotted version comparison for Kubernetes ("1.34", "v1.34.2-eks-…"), MySQL ("8.0.44") and Aurora
 * ("8.0.mysql_aurora.3.05.2") version strings.
 */

/** The numeric parts of a dotted version: "v1.34.2-gke.100" → [1, 34, 2]. Null when there is none. */
export function parseVersion(version: string): number[] | null {
    const match = /^v?(\d+(?:\.\d+)*)/.exec(version.trim());
    return match ? match[1].split(".").map((part) => Number(part)) : null;
}

/** Compares two dotted versions numerically; missing trailing parts count as 0. */
export function compareVersions(a: string, b: string): number {
    const left = parseVersion(a);
    const right = parseVersion(b);
    if (!left || !right) {
        throw new Error(`cannot compare versions ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
    }
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
        const diff = (left[i] ?? 0) - (right[i] ?? 0);
        if (diff !== 0) {
            return diff;
        }
    }
    return 0;
}

/** True when `version` parses and is at least `minimum`. */
export function versionAtLeast(version: string, minimum: string): boolean {
    return parseVersion(version) !== null && compareVersions(version, minimum) >= 0;
}

/**
 * The Aurora release inside an Aurora MySQL engine version: "8.0.mysql_aurora.3.05.2" → "3.05.2".
 * Null for anything that is not an Aurora MySQL 3 engine version string.
 */
export function auroraRelease(engineVersion: string): string | null {
    const match = /^8\.0\.mysql_aurora\.(\d+\.\d+\.\d+)$/.exec(engineVersion.trim());
    return match ? match[1] : null;
}
