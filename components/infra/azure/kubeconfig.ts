import * as yaml from "js-yaml";
import { AzureKubeloginMode } from "./args";

/** The kubelogin modes, from {@link AzureKubeloginMode}. */
export const KUBELOGIN_MODES: readonly AzureKubeloginMode[] = Object.values(AzureKubeloginMode);

/** The Entra ID application of the AKS API server: the audience of every managed-Entra cluster's tokens. */
export const AKS_ENTRA_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** The identity `pulumi up` runs as (azure-native's `getClientConfig`). */
export interface DeployingPrincipal {
    clientId: string;
    tenantId: string;
}

interface ExecUser {
    name?: string;
    user?: { exec?: { command?: string; args?: string[]; interactiveMode?: string; env?: unknown } };
}

/**
 * Rewrites the exec-format user kubeconfig AKS returns (`listManagedClusterUserCredentials` with
 * `format: exec`, whose kubelogin arguments ask for an interactive device-code login) so that kubelogin
 * signs in non-interactively as the deploying principal: `get-token --login <mode> --server-id <id>`,
 * plus the client and tenant for `spn` and the client for `msi`, never prompting.
 */
export function deployerKubeconfig(kubeconfig: string, mode: AzureKubeloginMode, deployer: DeployingPrincipal): string {
    const document = yaml.load(kubeconfig) as { users?: ExecUser[] } | undefined;
    const users = (document?.users ?? []).filter((u) => u.user?.exec?.command?.toLowerCase().includes("kubelogin"));
    if (!document || users.length === 0) {
        throw new Error("AKS returned a kubeconfig without a kubelogin exec user: is the cluster's managed Entra ID integration on?");
    }
    for (const user of users) {
        const exec = user.user!.exec!;
        const original = exec.args ?? [];
        const argAfter = (flag: string) => {
            const at = original.indexOf(flag);
            return at >= 0 ? original[at + 1] : undefined;
        };
        const environment = argAfter("--environment");
        const args = ["get-token", "--login", mode, "--server-id", argAfter("--server-id") ?? AKS_ENTRA_SERVER_ID];
        if (mode === "spn") {
            args.push("--client-id", deployer.clientId, "--tenant-id", deployer.tenantId, ...(environment ? ["--environment", environment] : []));
        } else if (mode === "msi") {
            args.push("--client-id", deployer.clientId);
        }
        exec.args = args;
        exec.interactiveMode = "Never";
    }
    return yaml.dump(document, { lineWidth: -1 });
}
