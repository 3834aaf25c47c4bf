// W&B Server on an existing Kubernetes cluster from a Pulumi Go program, with the Go SDK of the wandb component
// package (`pulumi package add <repository directory or git URL>` generates it). The e2e suite compiles this file
// against the SDK `pulumi package gen-sdk` generates (tests/e2e/languages.spec.ts); it does not deploy it.
package main

import (
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/wandb-pulumi/pulumi-wandb/sdk/go/wandb"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		cluster, err := kubernetes.NewProvider(ctx, "cluster", &kubernetes.ProviderArgs{
			Kubeconfig:          cfg.RequireSecret("kubeconfig"),
			EnableSecretMutable: pulumi.Bool(true),
		})
		if err != nil {
			return err
		}
		operator, err := wandb.NewWandbOperator(ctx, "wandb-operator", &wandb.WandbOperatorArgs{},
			pulumi.Providers(cluster))
		if err != nil {
			return err
		}
		instance, err := wandb.NewWandbInstance(ctx, "wandb", &wandb.WandbInstanceArgs{
			Environment: wandb.EnvironmentProduction,
			License:     cfg.RequireSecret("license"),
			Platform: wandb.WandbPlatformArgs{
				KubernetesProvider: cluster,
				Host:               pulumi.String("https://wandb.example.com"),
				Database: wandb.WandbDatabaseArgs{
					Host: pulumi.String("mysql.internal"), Port: pulumi.Float64(3306),
					Name: pulumi.String("wandb_local"), User: pulumi.String("wandb"), Password: cfg.RequireSecret("dbPassword"),
				},
				Redis: wandb.WandbRedisArgs{
					Host: pulumi.String("redis.internal"), Port: pulumi.Float64(6379), Tls: pulumi.Bool(true),
					Password: cfg.RequireSecret("redisPassword"),
				},
				Bucket: wandb.WandbBucketArgs{
					Provider: wandb.BucketProviderS3, Name: pulumi.String("wandb"),
					Endpoint: pulumi.String("minio.internal:9000"), Tls: pulumi.Bool(true),
					Credentials: wandb.WandbBucketCredentialsArgs{
						AccessKey: cfg.RequireSecret("s3Key"), SecretKey: cfg.RequireSecret("s3Secret"),
					},
				},
				Ingress: wandb.WandbIngressArgs{Class: pulumi.String("nginx"), TlsSecretName: pulumi.String("wandb-tls")},
			},
			// The custom resource goes in after the operator and out before it.
		}, pulumi.DependsOn([]pulumi.Resource{operator}))
		if err != nil {
			return err
		}
		ctx.Export("url", instance.Url)
		return nil
	})
}
