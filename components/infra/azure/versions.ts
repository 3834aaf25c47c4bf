/** Versions the Azure builder pins (package choices, reviewed on upgrade). */
export const AZURE_DEFAULTS = {
    /** AKS Kubernetes 1.34 (the reference architecture's minimum; AKS supported versions calendar). */
    kubernetesVersion: "1.34",
    /**
     * MySQL flexible server version "8.0.21" is Azure's name for the 8.0 major: servers run the latest
     * 8.0 minor Azure has rolled out and get minor upgrades in maintenance windows (Azure Database for
     * MySQL "version policy"), so the 8.0.32 minimum holds; `SELECT VERSION()` shows the minor.
     */
    mysqlVersion: "8.0.21",
    /** Azure Managed Redis (Redis 7.4): classic Azure Cache for Redis stops at Redis 6. */
    redisSku: { test: "Balanced_B1", production: "Balanced_B5" },
    /** ingress-nginx chart (kubernetes.github.io/ingress-nginx), controller v1.12. */
    ingressNginxChart: { repository: "https://kubernetes.github.io/ingress-nginx", chart: "ingress-nginx", version: "4.12.1" },
    /** cert-manager chart (charts.jetstack.io). */
    certManagerChart: { repository: "https://charts.jetstack.io", chart: "cert-manager", version: "v1.17.2" },
    /** Let's Encrypt's production ACME directory. */
    acmeServer: "https://acme-v02.api.letsencrypt.org/directory",
    /** Built-in role "Storage Blob Data Contributor" (Azure built-in roles reference). */
    storageBlobDataContributorRoleId: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    /**
     * Built-in role "Network Contributor": AKS's control-plane identity needs it on a custom node subnet
     * and on a load-balancer IP outside the node resource group ("Use a static public IP address with
     * the AKS load balancer", "Configure Azure CNI networking in AKS").
     */
    networkContributorRoleId: "4d97b98b-1d4f-4787-a291-c67834d212e7",
    /** Built-in role "Storage Queue Data Message Processor": peek, receive and delete messages (the W&B pods, on their queue). */
    storageQueueDataMessageProcessorRoleId: "8a0f0c08-91a1-4084-bc3d-661d67233fed",
    /** Built-in role "Storage Queue Data Message Sender": add messages (Event Grid's topic identity, on the queue). */
    storageQueueDataMessageSenderRoleId: "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a",
    /** Built-in role "Key Vault Crypto Service Encryption User": read a key and wrap/unwrap with it (Azure Storage and MySQL CMK identities). */
    keyVaultCryptoServiceEncryptionUserRoleId: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
    /** Built-in role "Key Vault Crypto User": cryptographic operations with a key (the AKS KMS plugin encrypts and decrypts). */
    keyVaultCryptoUserRoleId: "12338af0-0e69-4776-bea7-57ae8d297424",
    /** Built-in role "DNS Zone Contributor": cert-manager's DNS-01 records in the W&B zone. */
    dnsZoneContributorRoleId: "befefa01-2a29-4197-83a8-272ff33ce314",
    /** Built-in role "Azure Kubernetes Service RBAC Cluster Admin": every Kubernetes action in the cluster (Azure RBAC for Kubernetes). */
    aksRbacClusterAdminRoleId: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
} as const;
