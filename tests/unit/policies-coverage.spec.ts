/**
 * The pack's blind spots found by an independent analyzer client (issue 16), each driven through the
 * Analyzer gRPC protocol as the CLI sends resources: current and previous resource tokens, TLS on every
 * HTTP entry point, Arm nodes wherever they are declared, the production signal, Aurora instances with
 * their own parameter groups, Valkey.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { POLICY_PACK_DIR } from "../harness/analyzer";
import { SyntheticResource } from "../harness/synthetic";
import { AURORA_OK, CR_OK, analyze, analyzer, names, of, usePolicyPack, withInputs } from "./policy-fixtures";

/** The W&B CR with other ingress values (host https://wandb.example.com). */
const crWithIngress = (ingress: Record<string, unknown>, extra: Record<string, unknown> = {}): SyntheticResource => ({
    ...CR_OK,
    inputs: { ...CR_OK.inputs, spec: { values: { ...(CR_OK.inputs.spec as { values: Record<string, unknown> }).values, ingress, ...extra } } },
});

/** The W&B CR without the environment label WandbInstance puts on it. */
const CR_UNLABELLED: SyntheticResource = { ...CR_OK, inputs: { ...CR_OK.inputs, metadata: { name: "wandb", labels: {} } } };
const CR_UNLABELLED_IN_CLUSTER_REDIS: SyntheticResource = {
    ...CR_UNLABELLED,
    inputs: { ...CR_UNLABELLED.inputs, spec: { values: { ...(CR_OK.inputs.spec as { values: Record<string, unknown> }).values, redis: { install: true } } } },
};

describe("policy pack blind spots, through the Analyzer protocol", function () {
    this.timeout(180_000);
    usePolicyPack();

    describe("resource tokens", () => {
        it("judges Azure Cache for Redis under azure-native 3.x's redis:Redis and 2.x's cache:Redis", async () => {
            const found = of(
                await analyze([
                    { type: "azure-native:redis:Redis", name: "v3", inputs: { redisVersion: "6" } },
                    { type: "azure-native:cache:Redis", name: "v2", inputs: { redisVersion: "6" } },
                ]),
                "redis-version",
            );
            expect(names(found)).to.deep.equal(["v2", "v3"]);
        });
    });

    describe("TLS on every HTTP entry point", () => {
        const ingress = (name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}): SyntheticResource => ({
            type: "kubernetes:networking.k8s.io/v1:Ingress",
            name,
            inputs: { metadata: { name, annotations }, spec },
        });
        const rule = (host: string) => ({ host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "wandb", port: { number: 8080 } } } }] } });

        it("a Kubernetes Ingress needs a tls entry for each host", async () => {
            const found = of(
                await analyze([
                    ingress("plain", { rules: [rule("wandb.example.com")] }),
                    ingress("half", { rules: [rule("wandb.example.com"), rule("api.example.com")], tls: [{ hosts: ["wandb.example.com"], secretName: "wandb-tls" }] }),
                    ingress("ok", { rules: [rule("wandb.example.com")], tls: [{ hosts: ["wandb.example.com"], secretName: "wandb-tls" }] }),
                    ingress("alb", { rules: [rule("wandb.example.com")] }, { "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:us-east-1:1:certificate/x", "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]' }),
                ]),
                "tls",
            );
            expect(found.map((d) => [d.urn.split("::").pop(), d.message])).to.deep.equal([
                ["plain", "Ingress: no TLS for wandb.example.com: no tls entry with a secretName covers it and no load-balancer certificate annotation."],
                ["half", "Ingress: no TLS for api.example.com: no tls entry with a secretName covers it and no load-balancer certificate annotation."],
            ]);
        });

        it("ingress-nginx with its HTTPS redirect switched off serves plain HTTP", async () => {
            const found = of(
                await analyze([
                    ingress("no-redirect", { rules: [rule("wandb.example.com")], tls: [{ hosts: ["wandb.example.com"], secretName: "t" }] }, { "nginx.ingress.kubernetes.io/ssl-redirect": "false" }),
                    crWithIngress({ class: "nginx", tls: [{ secretName: "t", hosts: ["wandb.example.com"] }], annotations: { "nginx.ingress.kubernetes.io/ssl-redirect": "false" } }),
                ]),
                "tls",
            );
            expect(names(found)).to.deep.equal(["no-redirect", "wandb-cr"]);
        });

        it("load-balancer listeners: any case of HTTP, the provider's default HTTP, and a listener without actions", async () => {
            const listener = (name: string, inputs: Record<string, unknown>): SyntheticResource => ({ type: "aws:lb/listener:Listener", name, inputs: { loadBalancerArn: "arn:lb", port: 80, ...inputs } });
            const forward = [{ type: "forward", targetGroupArn: "arn:tg" }];
            const found = of(
                await analyze([
                    listener("lower-case", { protocol: "http", defaultActions: forward }),
                    listener("unset", { defaultActions: forward }),
                    listener("no-actions", { protocol: "HTTP", defaultActions: [] }),
                    listener("redirect-default-protocol", { protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { statusCode: "HTTP_301" } }] }),
                    listener("redirect", { protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "https", port: "443", statusCode: "HTTP_301" } }] }),
                    listener("https", { protocol: "HTTPS", port: 443, certificateArn: "arn:cert", defaultActions: forward }),
                    { type: "aws:elb/loadBalancer:LoadBalancer", name: "classic", inputs: { listeners: [{ lbPort: 80, lbProtocol: "http", instancePort: 8080, instanceProtocol: "http" }] } },
                ]),
                "tls",
            );
            expect(names(found)).to.deep.equal(["classic", "lower-case", "no-actions", "redirect-default-protocol", "unset"]);
        });

        it("a listener rule on an HTTP listener must redirect too", async () => {
            const found = of(
                await analyze([
                    { type: "aws:lb/listener:Listener", name: "http", inputs: { protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", statusCode: "HTTP_301" } }] }, outputs: { arn: "arn:listener/http" } },
                    { type: "aws:lb/listenerRule:ListenerRule", name: "forwards", inputs: { listenerArn: "arn:listener/http", actions: [{ type: "forward", targetGroupArn: "arn:tg" }], conditions: [{ pathPattern: { values: ["/*"] } }] } },
                ]),
                "tls-http-redirects",
            );
            expect(names(found)).to.deep.equal(["forwards"]);
        });

        it("GCP: target HTTP proxies and port-80 forwarding rules need a URL map that redirects to HTTPS", async () => {
            const found = of(
                await analyze([
                    { type: "gcp:compute/uRLMap:URLMap", name: "serves", inputs: { name: "serves", defaultService: "backend" }, outputs: { selfLink: "https://compute/global/urlMaps/serves" } },
                    { type: "gcp:compute/uRLMap:URLMap", name: "redirects", inputs: { name: "redirects", defaultUrlRedirect: { httpsRedirect: true, stripQuery: false } }, outputs: { selfLink: "https://compute/global/urlMaps/redirects" } },
                    { type: "gcp:compute/targetHttpProxy:TargetHttpProxy", name: "plain-proxy", inputs: { name: "plain-proxy", urlMap: "https://compute/global/urlMaps/serves" }, outputs: { selfLink: "https://compute/global/targetHttpProxies/plain-proxy" } },
                    { type: "gcp:compute/targetHttpProxy:TargetHttpProxy", name: "redirect-proxy", inputs: { name: "redirect-proxy", urlMap: "https://compute/global/urlMaps/redirects" }, outputs: { selfLink: "https://compute/global/targetHttpProxies/redirect-proxy" } },
                    { type: "gcp:compute/globalForwardingRule:GlobalForwardingRule", name: "plain-80", inputs: { portRange: "80", target: "https://compute/global/targetHttpProxies/plain-proxy" } },
                    { type: "gcp:compute/globalForwardingRule:GlobalForwardingRule", name: "redirect-80", inputs: { portRange: "80-80", target: "https://compute/global/targetHttpProxies/redirect-proxy" } },
                    { type: "gcp:compute/globalForwardingRule:GlobalForwardingRule", name: "https-443", inputs: { portRange: "443", target: "https://compute/global/targetHttpsProxies/https-proxy" } },
                ]),
                "tls-http-redirects",
            );
            expect(names(found)).to.deep.equal(["plain-80", "plain-proxy"]);
        });

        it("Azure Application Gateway: an HTTP listener must only redirect to an HTTPS listener", async () => {
            const id = (kind: string, name: string) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationGateways/agw/${kind}/${name}`;
            const gateway = (name: string, rule: Record<string, unknown>): SyntheticResource => ({
                type: "azure-native:network:ApplicationGateway",
                name,
                inputs: {
                    httpListeners: [
                        { name: "http", protocol: "Http", frontendPort: { id: id("frontendPorts", "p80") } },
                        { name: "https", protocol: "Https", frontendPort: { id: id("frontendPorts", "p443") } },
                    ],
                    redirectConfigurations: [{ name: "to-https", redirectType: "Permanent", targetListener: { id: id("httpListeners", "https") } }],
                    requestRoutingRules: [{ name: "http-rule", ruleType: "Basic", priority: 10, httpListener: { id: id("httpListeners", "http") }, ...rule }],
                },
            });
            const found = of(
                await analyze([
                    gateway("serves-http", { backendAddressPool: { id: id("backendAddressPools", "wandb") }, backendHttpSettings: { id: id("backendHttpSettingsCollection", "s") } }),
                    gateway("redirects", { redirectConfiguration: { id: id("redirectConfigurations", "to-https") } }),
                ]),
                "tls",
            );
            expect(names(found)).to.deep.equal(["serves-http"]);
        });

        it("ingress-controller Services: ingress-nginx with its redirect off, and a LoadBalancer Service with HTTP only", async () => {
            const nginx = (name: string, controller: Record<string, unknown>): SyntheticResource => ({
                type: "kubernetes:helm.sh/v3:Release",
                name,
                inputs: { chart: "ingress-nginx", version: "4.12.1", repositoryOpts: { repo: "https://kubernetes.github.io/ingress-nginx" }, values: { controller } },
            });
            const found = of(
                await analyze([
                    nginx("ours", { replicaCount: 2, ingressClassResource: { name: "nginx" }, service: { loadBalancerIP: "20.1.2.3" } }),
                    nginx("no-redirect", { config: { "ssl-redirect": "false" } }),
                    nginx("no-https", { service: { enableHttps: false } }),
                    { type: "kubernetes:core/v1:Service", name: "http-only", inputs: { metadata: { name: "wandb-lb" }, spec: { type: "LoadBalancer", ports: [{ name: "http", port: 80, targetPort: 8080 }] } } },
                    { type: "kubernetes:core/v1:Service", name: "both", inputs: { metadata: { name: "ingress-nginx-controller" }, spec: { type: "LoadBalancer", ports: [{ name: "http", port: 80 }, { name: "https", port: 443 }] } } },
                ]),
                "tls",
            );
            expect(names(found)).to.deep.equal(["http-only", "no-https", "no-redirect"]);
        });

        it("a cert-manager CA, Vault or private-CA issuer for the W&B host fails, distinctly from customCACerts", async () => {
            const issuer = (name: string, spec: Record<string, unknown>): SyntheticResource => ({ type: "kubernetes:cert-manager.io/v1:ClusterIssuer", name, inputs: { metadata: { name }, spec } });
            const byAnnotation = (issuerName: string) =>
                crWithIngress({ class: "nginx", tls: [{ secretName: "wandb-tls", hosts: ["wandb.example.com"] }], annotations: { "cert-manager.io/cluster-issuer": issuerName } }, { global: { host: "https://wandb.example.com", customCACerts: ["-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"] } });
            const ca = issuer("corp-ca", { ca: { secretName: "corp-ca-key-pair" } });
            const acme = issuer("letsencrypt", { acme: { server: "https://acme-v02.api.letsencrypt.org/directory", privateKeySecretRef: { name: "k" }, solvers: [{ http01: { ingress: { ingressClassName: "nginx" } } }] } });
            const caFound = of(await analyze([ca, acme, byAnnotation("corp-ca")]), "tls-certificate-authority");
            expect(caFound.map((d) => d.urn.split("::").pop())).to.deep.equal(["wandb-cr"]);
            expect(caFound[0].message).to.match(/cert-manager CA issuer .*"corp-ca".*custom CAs.*customCACerts, a trust store/);
            // An ACME issuer with customCACerts (a trust store) passes; a CA issuer nobody uses for the W&B host is not this rule's business.
            expect(of(await analyze([ca, acme, byAnnotation("letsencrypt")]), "tls-certificate-authority")).to.deep.equal([]);
            const vault = issuer("vault", { vault: { server: "https://vault.internal", path: "pki/sign/wandb" } });
            const certificate: SyntheticResource = { type: "kubernetes:cert-manager.io/v1:Certificate", name: "wandb-cert", inputs: { metadata: { name: "wandb" }, spec: { dnsNames: ["wandb.example.com"], secretName: "wandb-tls", issuerRef: { name: "vault", kind: "ClusterIssuer" } } } };
            const pca: SyntheticResource = { type: "aws:acm/certificate:Certificate", name: "private-acm", inputs: { domainName: "wandb.example.com", certificateAuthorityArn: "arn:aws:acm-pca:us-east-1:1:certificate-authority/x" } };
            expect(names(of(await analyze([vault, certificate, pca, byAnnotation("letsencrypt"), acme]), "tls-certificate-authority"))).to.deep.equal(["private-acm", "wandb-cert"]);
        });
    });

    describe("Arm nodes wherever they are declared", () => {
        it("GKE node pools declared inside the cluster, Arm-host accelerators on every cloud", async () => {
            const found = of(
                await analyze([
                    { type: "gcp:container/cluster:Cluster", name: "inline", inputs: { minMasterVersion: "1.34", nodePools: [{ name: "x86", nodeConfig: { machineType: "n2-highmem-8" } }, { name: "axion", nodeConfig: { machineType: "c4a-highmem-8" } }] } },
                    { type: "gcp:container/nodePool:NodePool", name: "a4x", inputs: { nodeConfig: { machineType: "a4x-highgpu-4g" } } },
                    { type: "aws:eks/nodeGroup:NodeGroup", name: "gb200", inputs: { amiType: "AL2023_x86_64_NVIDIA", instanceTypes: ["p6e-gb200.36xlarge"] } },
                    { type: "azure-native:containerservice:AgentPool", name: "nd-gb200", inputs: { vmSize: "Standard_ND128isr_NDR_GB200_v6" } },
                    { type: "aws:eks/nodeGroup:NodeGroup", name: "h100", inputs: { amiType: "AL2023_x86_64_NVIDIA", instanceTypes: ["p5.48xlarge"] } },
                ]),
                "x86-nodes",
            );
            expect(found.map((d) => [d.urn.split("::").pop(), d.message.split(";")[0]])).to.deep.equal([
                ["inline", "nodePools[axion].nodeConfig.machineType c4a-highmem-8 is Arm (C4A (Google Axion))"],
                ["a4x", "machine type a4x-highgpu-4g is Arm (A4X (NVIDIA GB200: Grace Arm host CPUs))"],
                ["gb200", "instance type p6e-gb200.36xlarge is Arm (P6e-GB200 (NVIDIA Grace Arm host with Blackwell GPUs))"],
                ["nd-gb200", "VM size Standard_ND128isr_NDR_GB200_v6 is Arm (ND GB200 v6 / ND GB300 v6 (NVIDIA Grace Arm host CPUs))"],
            ]);
        });

        it("Karpenter / EKS Auto Mode / AKS NAP NodePools must pin kubernetes.io/arch to amd64; GKE ComputeClasses must not prefer Arm", async () => {
            const nodePool = (name: string, requirements: Record<string, unknown>[], apiVersion = "v1"): SyntheticResource => ({
                type: `kubernetes:karpenter.sh/${apiVersion}:NodePool`,
                name,
                inputs: { metadata: { name }, spec: { template: { spec: { nodeClassRef: { group: "eks.amazonaws.com", kind: "NodeClass", name: "default" }, requirements } } } },
            });
            const found = of(
                await analyze([
                    nodePool("no-arch", [{ key: "eks.amazonaws.com/instance-category", operator: "In", values: ["c", "m", "r"] }]),
                    nodePool("arm64", [{ key: "kubernetes.io/arch", operator: "In", values: ["arm64"] }]),
                    nodePool("graviton-family", [{ key: "kubernetes.io/arch", operator: "In", values: ["amd64"] }, { key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["m7g"] }], "v1beta1"),
                    nodePool("amd64", [{ key: "kubernetes.io/arch", operator: "In", values: ["amd64"] }]),
                    nodePool("not-arm", [{ key: "kubernetes.io/arch", operator: "NotIn", values: ["arm64"] }]),
                    { type: "kubernetes:cloud.google.com/v1:ComputeClass", name: "axion-first", inputs: { metadata: { name: "axion-first" }, spec: { priorities: [{ machineFamily: "c4a" }, { machineFamily: "n2" }], nodePoolAutoCreation: { enabled: true } } } },
                    { type: "kubernetes:cloud.google.com/v1:ComputeClass", name: "n2-only", inputs: { metadata: { name: "n2-only" }, spec: { priorities: [{ machineFamily: "n2" }], nodePoolAutoCreation: { enabled: true } } } },
                ]),
                "x86-nodes",
            );
            expect(names(found)).to.deep.equal(["arm64", "axion-first", "graviton-family", "no-arch"]);
        });
    });

    describe("the production signal", () => {
        const refused = async (options: Parameters<typeof analyze>[1]) => of(await analyze([CR_UNLABELLED_IN_CLUSTER_REDIS], options), "redis-external-in-production").length;

        it("accepts Production, prod and an environment tag without the wandb: prefix", async () => {
            expect(await refused({ tags: { "wandb:environment": "Production" } })).to.equal(1);
            expect(await refused({ tags: { "wandb:environment": "prod" } })).to.equal(1);
            expect(await refused({ tags: { environment: "production" } })).to.equal(1);
            expect(await refused({ tags: { Environment: "PROD" } })).to.equal(1);
            expect(await refused({ config: { "redis-external-in-production": { environment: "Prod" } } })).to.equal(1);
            expect(await refused({ tags: { environment: "dev" } })).to.equal(0);
        });

        it("reads the label WandbInstance puts on the W&B custom resource, in any case", async () => {
            const labelled: SyntheticResource = { ...CR_UNLABELLED_IN_CLUSTER_REDIS, inputs: { ...CR_UNLABELLED_IN_CLUSTER_REDIS.inputs, metadata: { name: "wandb", labels: { "wandb.pulumi.com/environment": "Production" } } } };
            expect(of(await analyze([labelled]), "redis-external-in-production")).to.have.length(1);
        });

        it("advises when a stack holds W&B but nothing says its environment, naming an unknown value", async () => {
            const silent = of(await analyze([CR_UNLABELLED]), "environment-known");
            expect(silent.map((d) => [d.enforcementLevel, d.urn.split("::").pop()])).to.deep.equal([["advisory", "wandb-cr"]]);
            expect(silent[0].message).to.match(/no stack tag, policy config or custom-resource label names it.*redis-external-in-production/);
            const unknown = of(await analyze([CR_UNLABELLED], { tags: { "wandb:environment": "live" } }), "environment-known");
            expect(unknown[0].message).to.match(/stack tag wandb:environment is "live"/);
            expect(of(await analyze([CR_UNLABELLED], { tags: { environment: "test" } }), "environment-known")).to.deep.equal([]);
            expect(of(await analyze(AURORA_OK), "environment-known")).to.deep.equal([]);
        });
    });

    describe("Aurora instances with their own parameter groups", () => {
        it("judges each instance: one bad group is not hidden by another instance's good one", async () => {
            const resources: SyntheticResource[] = [
                ...withInputs(AURORA_OK, "aurora-1", (i) => ({ ...i, dbParameterGroupName: "wandb-small-sort" })),
                { type: "aws:rds/parameterGroup:ParameterGroup", name: "small-sort", inputs: { name: "wandb-small-sort", family: "aurora-mysql8.0", parameters: [{ name: "sort_buffer_size", value: "262144" }] } },
            ];
            expect(of(await analyze(resources), "mysql-parameters").map((d) => [d.urn.split("::").pop(), d.message])).to.deep.equal([["aurora-1", "Aurora MySQL instance: sort_buffer_size is 262144 (W&B requires 67108864)."]]);
        });
    });

    describe("Valkey", () => {
        const valkey: SyntheticResource[] = [
            { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "ec-valkey", inputs: { engine: "valkey", engineVersion: "8.0" } },
            { type: "gcp:memorystore/instance:Instance", name: "ms-valkey-cluster", inputs: { engineVersion: "VALKEY_8_0", mode: "CLUSTER" } },
            { type: "gcp:memorystore/instance:Instance", name: "ms-valkey", inputs: { engineVersion: "VALKEY_7_2", mode: "CLUSTER_DISABLED" } },
        ];
        it("fails by default (the reference architecture names Redis 7.x); with acceptValkey passes Valkey 7.2+ without cluster mode", async () => {
            expect(names(of(await analyze(valkey), "redis-version"))).to.deep.equal(["ec-valkey", "ms-valkey", "ms-valkey-cluster"]);
            const accepted = of(await analyze(valkey, { config: { "redis-version": { acceptValkey: true } } }), "redis-version");
            expect(accepted.map((d) => [d.urn.split("::").pop(), d.message])).to.deep.equal([["ms-valkey-cluster", "Memorystore for Valkey in mode CLUSTER: W&B needs a single-node Redis, not cluster mode."]]);
        });
    });

    it("the policy README's table lists every rule the pack serves", () => {
        const readme = fs.readFileSync(path.join(POLICY_PACK_DIR, "README.md"), "utf8");
        const listed = [...readme.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
        expect(listed).to.include.members(analyzer.policies.map((p) => p.name));
    });
});
