// Command codegen-host stands in for Pulumi's Python, Go and .NET language hosts, for SDK generation only.
//
// `pulumi package gen-sdk --language <lang>` asks the language host `pulumi-language-<lang>` to generate the SDK
// (LanguageRuntime.GeneratePackage). The Go module proxy refuses those hosts (github.com/pulumi/pulumi/sdk/python/cmd/
// pulumi-language-python/v3, sdk/go/pulumi-language-go/v3, github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet:
// 403 at every version tried, docs/real-engine.md), but the code generators they call are packages of
// github.com/pulumi/pulumi/pkg/v3, which it serves. This binary serves GeneratePackage the way those hosts do:
// bind the schema the CLI sends (references to other packages, e.g. kubernetes, resolved through the CLI's schema
// loader at req.LoaderTarget), run pkg/v3's generator for the language, write the files under req.Directory.
// Every other LanguageRuntime method answers Unimplemented: this host cannot run programs.
//
// No network: the .NET generator downloads Pulumi's logo for the NuGet package icon (logo.png) when the schema has
// no logoUrl; this host answers that one download with a 1x1 placeholder PNG and refuses every other request.
//
// One binary for the three languages: the language is taken from its name (pulumi-language-python, -go, -dotnet),
// so the engine root links it under each name. Built by tests/e2e/toolchain/build.sh.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	dotnetgen "github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is set by the build (-X main.version=...): the pkg/v3 version whose generators this binary runs.
var version = "0.0.0"

// placeholderLogo is a valid 1x1 grey PNG (67 bytes).
var placeholderLogo = []byte{
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41,
	0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xaf, 0xa4, 0x71, 0x00, 0x00, 0x00, 0x00, 0x49,
	0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
}

// offline is the HTTP transport of this process: only the .NET generator's default logo is answered.
type offline struct{}

func (offline) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host == "raw.githubusercontent.com" && strings.HasSuffix(req.URL.Path, "/sdk/dotnet/pulumi_logo_64x64.png") {
		return &http.Response{
			StatusCode: http.StatusOK, Status: "200 OK", Request: req,
			Header: http.Header{"Content-Type": []string{"image/png"}},
			Body:   io.NopCloser(bytes.NewReader(placeholderLogo)), ContentLength: int64(len(placeholderLogo)),
		}, nil
	}
	return nil, fmt.Errorf("codegen-host: no network access (%s)", req.URL)
}

type codegenHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	language string
}

func (h *codegenHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (h *codegenHost) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, fmt.Errorf("the schema sent by the CLI is not a package schema: %w", err)
	}
	cached := schema.NewCachedLoader(loader)
	pkg, diags, err := schema.BindSpec(spec, cached, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}

	tool := "pulumi-language-" + h.language
	var files map[string][]byte
	switch h.language {
	case "python":
		files, err = pygen.GeneratePackage(tool, pkg, req.ExtraFiles, cached)
	case "go":
		if len(req.ExtraFiles) > 0 {
			return nil, fmt.Errorf("extra files are not supported for Go")
		}
		files, err = gogen.GeneratePackage(tool, pkg, req.LocalDependencies)
	case "dotnet":
		files, err = dotnetgen.GeneratePackage(tool, pkg, req.ExtraFiles, req.LocalDependencies)
	default:
		return nil, fmt.Errorf("codegen-host: no generator for language %q", h.language)
	}
	if err != nil {
		return nil, err
	}
	for name, data := range files {
		out := filepath.Join(req.Directory, name)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.GeneratePackageResponse{}, nil
}

func main() {
	language := strings.TrimPrefix(filepath.Base(os.Args[0]), "pulumi-language-")
	if language == "" || language == filepath.Base(os.Args[0]) {
		fmt.Fprintf(os.Stderr, "codegen-host: run me as pulumi-language-<python|go|dotnet>, not %s\n", os.Args[0])
		os.Exit(2)
	}
	http.DefaultTransport = offline{}
	// The CLI passes the engine address and options; SDK generation needs none of them.
	cancel := make(chan bool)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &codegenHost{language: language})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "codegen-host: %v\n", err)
		os.Exit(1)
	}
	// The CLI reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "codegen-host: %v\n", err)
		os.Exit(1)
	}
}
