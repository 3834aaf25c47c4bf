/**
 * What a preflight check reports: one line per check, with the measured value and, when it does not
 * pass, the fix.
 */

/** The services preflight checks. */
export const PREFLIGHT_SERVICES = ["object-store", "mysql", "redis", "kubernetes", "images"] as const;
/** One of `PREFLIGHT_SERVICES`. */
export type PreflightService = (typeof PREFLIGHT_SERVICES)[number];

/** `pass`; `warn` (works, but below a recommendation); `fail` (W&B will not work or is not supported). */
export type CheckStatus = "pass" | "warn" | "fail";

/** The outcome of one check. */
export interface PreflightCheck {
    /** The service checked. */
    service: PreflightService;
    /** What was checked, e.g. `version`, `parameter binlog_format`. */
    check: string;
    /** The outcome. */
    status: CheckStatus;
    /** What was measured (a version, a value, an error), in words. */
    measured: string;
    /** What W&B needs. */
    expected: string;
    /** How to fix it, when the check does not pass. */
    fix?: string;
}

/** Builds a check result; `fix` is dropped for passing checks. */
export function result(
    service: PreflightService,
    check: string,
    status: CheckStatus,
    measured: string,
    expected: string,
    fix?: string,
): PreflightCheck {
    return status === "pass" ? { service, check, status, measured, expected } : { service, check, status, measured, expected, fix };
}

/** An error as one line: the message only (never a stack), whitespace collapsed. */
export function oneLine(error: unknown): string {
    const err = error as { message?: unknown; code?: unknown; name?: unknown; errors?: unknown[] };
    let message = typeof err?.message === "string" && err.message !== "" ? err.message : "";
    // Node's AggregateError (connect to several addresses) has an empty message; its parts say what failed.
    if (message === "" && Array.isArray(err?.errors) && err.errors.length > 0) {
        message = oneLine(err.errors[0]);
    }
    if (message === "") {
        message = typeof err?.code === "string" ? err.code : typeof err?.name === "string" ? err.name : String(error);
    }
    const cause = (error as { cause?: unknown })?.cause;
    if (cause && /fetch failed/i.test(message)) {
        message = `${message}: ${oneLine(cause)}`;
    }
    // OpenSSL's errors carry a source location; the reason is the part users can act on.
    const ssl = /SSL routines:[^:]*:([^:]+):/.exec(message);
    if (ssl) {
        message = `TLS handshake failed: ${ssl[1]}${/wrong version number/.test(ssl[1]) ? " (the endpoint does not speak TLS)" : ""}`;
    }
    return message.replace(/\s+/g, " ").trim();
}

/** Runs `fn` with a deadline, so an unreachable host fails the check instead of hanging. */
export async function withTimeout<T>(what: string, ms: number, fn: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
        return await Promise.race([
            fn(),
            new Promise<never>((_, reject) => {
                timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
            }),
        ]);
    } finally {
        clearTimeout(timer);
    }
}

/** Default deadline of one network step. */
export const STEP_TIMEOUT_MS = 10_000;
