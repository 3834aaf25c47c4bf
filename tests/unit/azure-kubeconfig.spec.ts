import { expect } from "chai";
import * as yaml from "js-yaml";
import { AKS_ENTRA_SERVER_ID, deployerKubeconfig } from "../../components/infra/azure/kubeconfig";

type Exec = { command: string; args: string[]; interactiveMode?: string };

/** The exec user AKS returns with `format: exec` (device-code login), in the documented shape. */
const AKS_EXEC = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "https://c.hcp.eastus2.azmk8s.io:443"}
users:
- name: clusterUser_rg_c
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args: [get-token, --environment, AzureUSGovernmentCloud, --server-id, ${AKS_ENTRA_SERVER_ID}, --client-id, 80faf920-1908-4b52-b5ef-a8e7bedfc67a, --tenant-id, t-1, --login, devicecode]
`;
const principal = { clientId: "client-1", tenantId: "tenant-1" };
const execOf = (kubeconfig: string) => (yaml.load(kubeconfig) as { users: { user: { exec: Exec } }[] }).users[0].user.exec;

describe("Azure: the deployer's kubeconfig (kubelogin exec plugin)", () => {
    it("azurecli: only the login mode and the AKS server id, never interactive", () => {
        const exec = execOf(deployerKubeconfig(AKS_EXEC, "azurecli", principal));
        expect(exec).to.deep.include({ command: "kubelogin", interactiveMode: "Never" });
        expect(exec.args).to.deep.equal(["get-token", "--login", "azurecli", "--server-id", AKS_ENTRA_SERVER_ID]);
    });

    it("spn: the deploying service principal's client and tenant, and the cloud environment AKS gave", () => {
        expect(execOf(deployerKubeconfig(AKS_EXEC, "spn", principal)).args).to.deep.equal([
            "get-token", "--login", "spn", "--server-id", AKS_ENTRA_SERVER_ID, "--client-id", "client-1", "--tenant-id", "tenant-1", "--environment", "AzureUSGovernmentCloud",
        ]);
    });

    it("workloadidentity reads its client, tenant and token file from the environment; msi names the identity", () => {
        expect(execOf(deployerKubeconfig(AKS_EXEC, "workloadidentity", principal)).args).to.deep.equal(["get-token", "--login", "workloadidentity", "--server-id", AKS_ENTRA_SERVER_ID]);
        expect(execOf(deployerKubeconfig(AKS_EXEC, "msi", principal)).args).to.deep.equal(["get-token", "--login", "msi", "--server-id", AKS_ENTRA_SERVER_ID, "--client-id", "client-1"]);
    });

    it("keeps clusters and contexts, and fails clearly on a kubeconfig without a kubelogin user", () => {
        const converted = yaml.load(deployerKubeconfig(AKS_EXEC, "azurecli", principal)) as { clusters: unknown[] };
        expect(converted.clusters).to.deep.equal([{ name: "c", cluster: { server: "https://c.hcp.eastus2.azmk8s.io:443" } }]);
        expect(() => deployerKubeconfig("apiVersion: v1\nkind: Config\nusers: []\n", "azurecli", principal)).to.throw(/kubelogin exec user/);
    });
});
