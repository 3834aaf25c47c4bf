#!/usr/bin/env bash
# The e2e toolchain: finds `pulumi`, `pulumi-resource-kubernetes`, `kube-apiserver`, `kube-controller-manager`,
# `kube-scheduler`, `kwok`, `etcd` and `pulumi-language-yaml` on PATH, or builds
# them from their published Go modules into a cache outside the repository, keyed by version (versions.env); and
# always builds `codegen-host` (codegen-host/main.go, our SDK-generation stand-in for the Python, Go and .NET hosts).
#
#   build.sh           build what is missing (Go >= 1.26 needed), then print the resolution
#   build.sh --check   build nothing; print the resolution and exit 3 if a piece is missing
#
# stdout: one `E2E_<TOOL>=<absolute path>` line per tool (read by tests/e2e/toolchain/index.ts).
# stderr: what was used and why, build times. Each build keeps its log in <cache>/<name>-<version>/build.log.
# Nothing built here is committed; no module source is copied into the repository.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"

MODE="${1:-build}"
CACHE="${WANDB_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wandb-pulumi-e2e}"
# A little below normal priority: the machine is shared, but a build starved at 19 takes hours under load.
NICE=(nice -n "${E2E_BUILD_NICE:-5}")

say() { echo "e2e-toolchain: $*" >&2; }

go_env() {
    # A Go cache of our own, so a cold build is really cold and `rm -rf <cache>` undoes everything.
    export GOMODCACHE="$CACHE/go/mod" GOCACHE="$CACHE/go/build" GOPATH="$CACHE/go/path"
    export GOFLAGS=-mod=mod GOTOOLCHAIN="${E2E_GOTOOLCHAIN:-local}" CGO_ENABLED=0
    # See versions.env: the provider's pseudo-version is served but the checksum database lookup is not; the
    # zips are checked against pinned h1 sums below instead.
    export GONOSUMDB=github.com/pulumi/pulumi-kubernetes
    export GOPROXY="${GOPROXY:-$(go env GOPROXY)}"
}

# version_ge A B: A >= B for dotted versions.
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# The tools found on PATH are used when they are new enough (E2E_IGNORE_PATH=1 turns this off).
path_tool() {
    local name="$1" min="$2" found version
    [ "${E2E_IGNORE_PATH:-}" = "1" ] && return 1
    found="$(command -v "$name" 2>/dev/null)" || return 1
    case "$name" in
        pulumi) version="$("$found" version 2>/dev/null | sed 's/^v//')" ;;
        kube-apiserver|kube-controller-manager|kube-scheduler) version="$("$found" --version 2>/dev/null | sed -n 's/^Kubernetes v\([0-9.]*\).*/\1/p')" ;;
        kwok) version="$("$found" --version 2>/dev/null | sed -n 's/.*kwok version v\([0-9.]*\).*/\1/p')" ;;
        etcd) version="$("$found" --version 2>/dev/null | sed -n 's/^etcd Version: \([0-9.]*\).*/\1/p')" ;;
        *) version="$min" ;;
    esac
    if [ -z "$version" ] || ! version_ge "$version" "$min"; then
        say "ignoring $found on PATH: version '${version:-unknown}' < $min"
        return 1
    fi
    echo "$found"
}

# run_build NAME VERSION BINARY FUNCTION: runs FUNCTION (which builds into $OUT/bin) unless the cache has it.
run_build() {
    local name="$1" version="$2" binary="$3" fn="$4"
    OUT="$CACHE/$name-$version"
    if [ -x "$OUT/bin/$binary" ] && [ -f "$OUT/complete" ]; then
        return 0
    fi
    [ "$MODE" = "--check" ] && return 1
    command -v go >/dev/null || { say "cannot build $name: no 'go' on PATH"; return 1; }
    rm -rf "$OUT" && mkdir -p "$OUT/bin" "$OUT/src"
    say "building $name $version (log: $OUT/build.log)"
    local start=$SECONDS
    local rc=0
    set +e
    # CPU seconds (user + sys of the build and every compiler it waited for) do not depend on the machine's load
    # the way wall time does: build-cpu records them beside build-seconds.
    local TIMEFORMAT='%U user %S sys'
    { time { ( set -e; go_env; set -x; cd "$OUT/src"; "$fn" ) >"$OUT/build.log" 2>&1; }; } 2>"$OUT/build-cpu.tmp"
    rc=$?
    set -e
    if [ "$rc" -ne 0 ]; then
        say "building $name $version FAILED after $((SECONDS - start)) s; last lines of $OUT/build.log:"
        tail -n 20 "$OUT/build.log" >&2
        return 1
    fi
    echo "$((SECONDS - start))" >"$OUT/build-seconds"
    mv "$OUT/build-cpu.tmp" "$OUT/build-cpu"
    date -u +%FT%TZ >"$OUT/complete"
    rm -rf "$OUT/src"
    say "built $name $version in $((SECONDS - start)) s"
}

build_etcd() {
    go mod init local/etcdbuild
    go get -tool "go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
    "${NICE[@]}" go build -trimpath -ldflags "-s -w" -o "$OUT/bin/etcd" go.etcd.io/etcd/server/v3
}

# The three Kubernetes control-plane binaries in one `go build`: their shared packages compile once.
build_kubernetes() {
    local minor="${KUBE_VERSION#*.}"; minor="${minor%%.*}"
    local gomod staging cmd pkgs=()
    go mod init local/kubebuild
    gomod="$(go mod download -json "k8s.io/kubernetes@v$KUBE_VERSION" | sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p')"
    # Every staging module that k8s.io/kubernetes replaces with ./staging/... comes from its published v0.<minor>.<patch>.
    for staging in $(sed -n 's|^\t\(k8s.io/[a-z0-9-]*\) => \./staging/.*|\1|p' "$gomod"); do
        go mod edit "-replace=$staging=$staging@v0.${KUBE_VERSION#*.}"
    done
    for cmd in $KUBE_COMMANDS; do
        go get -tool "k8s.io/kubernetes/cmd/$cmd@v$KUBE_VERSION"
        pkgs+=("k8s.io/kubernetes/cmd/$cmd")
    done
    local v="k8s.io/component-base/version"
    "${NICE[@]}" go build -trimpath -ldflags "-s -w -X $v.gitVersion=v$KUBE_VERSION -X $v.gitMajor=1 -X $v.gitMinor=$minor \
        -X $v.gitTreeState=clean -X $v.buildDate=$(date -u +%FT%TZ)" -o "$OUT/bin/" "${pkgs[@]}"
}

build_kwok() {
    go mod init local/kwokbuild
    go get -tool "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION"
    "${NICE[@]}" go build -trimpath -ldflags "-s -w" -o "$OUT/bin/kwok" sigs.k8s.io/kwok/cmd/kwok
    # The stage definitions (pod and node lifecycles) ship in the module; keep them beside the binary.
    cp -r "$GOMODCACHE/sigs.k8s.io/kwok@v$KWOK_VERSION/kustomize/stage" "$OUT/stage" && chmod -R u+w "$OUT/stage"
}

build_pulumi() {
    go mod init local/pulumibuild
    go mod edit "-replace=github.com/atotto/clipboard=$PULUMI_CLIPBOARD_REPLACE"
    go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION"
    # Without the version stamp `pulumi version` prints nothing and the Automation API refuses the CLI.
    "${NICE[@]}" go build -trimpath -tags osusergo,grpcnotrace \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
        -o "$OUT/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
}

build_yaml() {
    go mod init local/yamlbuild
    # pkg/v3's own go.mod pins the clipboard fork (see build_pulumi); a dependency's replace lines are ignored.
    go mod edit "-replace=github.com/atotto/clipboard=$PULUMI_CLIPBOARD_REPLACE"
    go get -tool "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$YAML_VERSION"
    # It compiles most of pulumi's pkg/v3 again (at its own version); E2E_BUILD_PARALLEL=1 builds one package at a time.
    "${NICE[@]}" go build ${E2E_BUILD_PARALLEL:+-p "$E2E_BUILD_PARALLEL"} -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$YAML_VERSION" \
        -o "$OUT/bin/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
}

# Our SDK-generation stand-in for the Python, Go and .NET language hosts (codegen-host/main.go), on pkg/v3's generators.
build_codegen_host() {
    go mod init local/codegenhost
    cp "$HERE/codegen-host/main.go" .
    go mod edit "-replace=github.com/atotto/clipboard=$PULUMI_CLIPBOARD_REPLACE"
    go get "github.com/pulumi/pulumi/pkg/v3@v$CODEGEN_PKG_VERSION"
    "${NICE[@]}" go build ${E2E_BUILD_PARALLEL:+-p "$E2E_BUILD_PARALLEL"} -trimpath -ldflags "-s -w -X main.version=$CODEGEN_PKG_VERSION" \
        -o "$OUT/bin/codegen-host" .
}

# check_sum MODULE@VERSION H1: downloads a module and fails unless its zip has the pinned hash.
check_sum() {
    local sum
    sum="$(go mod download -json "$1" | sed -n 's/^\t"Sum": "\(.*\)",$/\1/p')"
    [ "$sum" = "$2" ] || { echo "checksum mismatch for $1: got '$sum', pinned '$2'"; return 1; }
}

build_k8s_provider() {
    local mod=github.com/pulumi/pulumi-kubernetes
    check_sum "$mod/provider/v4@$K8S_PROVIDER_MODULE_VERSION" "$K8S_PROVIDER_MODULE_SUM"
    check_sum "$mod/sdk/v4@$K8S_PROVIDER_SDK_MODULE_VERSION" "$K8S_PROVIDER_SDK_MODULE_SUM"
    # The provider's main package embeds two generated files that are not in the module zip, so build a copy.
    cp -r "$GOMODCACHE/$mod/provider/v4@$K8S_PROVIDER_MODULE_VERSION" provider && chmod -R u+w provider && cd provider
    go mod edit "-dropreplace=$mod/sdk/v4" "-require=$mod/sdk/v4@$K8S_PROVIDER_SDK_MODULE_VERSION"
    (cd cmd/pulumi-resource-kubernetes && VERSION="$K8S_PROVIDER_VERSION" go generate .)
    "${NICE[@]}" go build -trimpath -ldflags "-s -w -X $mod/provider/v4/pkg/version.Version=$K8S_PROVIDER_VERSION" \
        -o "$OUT/bin/pulumi-resource-kubernetes" ./cmd/pulumi-resource-kubernetes
}

# resolve VAR BINARY MIN NAME VERSION FUNCTION
missing=()
resolve() {
    local var="$1" binary="$2" min="$3" name="$4" version="$5" fn="$6" found
    if found="$(path_tool "$binary" "$min")"; then
        say "$binary: using $found from PATH"
        echo "$var=$found"
    elif run_build "$name" "$version" "$binary" "$fn"; then
        say "$binary: using $CACHE/$name-$version/bin/$binary (built from Go modules${OUT:+, $(cat "$CACHE/$name-$version/build-seconds" 2>/dev/null || echo '?') s cold$(cpu="$(cat "$CACHE/$name-$version/build-cpu" 2>/dev/null)" && echo ", CPU $cpu")})"
        echo "$var=$CACHE/$name-$version/bin/$binary"
    else
        say "$binary: not available (not on PATH, not in $CACHE/$name-$version)"
        missing+=("$binary")
    fi
}

KUBE_COMMANDS="kube-apiserver kube-controller-manager kube-scheduler"

mkdir -p "$CACHE"
# One build at a time per cache (a second `npm run e2e` waits for the first instead of deleting what it builds).
if [ "$MODE" != "--check" ]; then
    exec 9>"$CACHE/.build.lock"
    if ! flock -n 9; then
        say "another toolchain build is running in $CACHE; waiting for it"
        flock 9
    fi
fi
resolve E2E_ETCD etcd 3.5.13 etcd "$ETCD_VERSION" build_etcd
# One build directory (kubernetes-<version>) holds all three; the first resolve builds it, the others find it.
resolve E2E_KUBE_APISERVER kube-apiserver "$KUBE_VERSION" kubernetes "$KUBE_VERSION" build_kubernetes
resolve E2E_KUBE_CONTROLLER_MANAGER kube-controller-manager "$KUBE_VERSION" kubernetes "$KUBE_VERSION" build_kubernetes
resolve E2E_KUBE_SCHEDULER kube-scheduler "$KUBE_VERSION" kubernetes "$KUBE_VERSION" build_kubernetes
resolve E2E_KWOK kwok "$KWOK_VERSION" kwok "$KWOK_VERSION" build_kwok
# kwok has no built-in stages: the cluster reads the module's, kept beside the built binary (or given).
KWOK_STAGES="${E2E_KWOK_STAGES:-$CACHE/kwok-$KWOK_VERSION/stage}"
if [ -d "$KWOK_STAGES/pod/general" ]; then
    echo "E2E_KWOK_STAGES=$KWOK_STAGES"
else
    say "kwok stages: not in $KWOK_STAGES (built with kwok, or set E2E_KWOK_STAGES to a copy of the module's kustomize/stage)"
    missing+=("kwok-stages")
fi
resolve E2E_PULUMI pulumi 3.181.0 pulumi "$PULUMI_VERSION" build_pulumi
resolve E2E_K8S_PROVIDER pulumi-resource-kubernetes 0 pulumi-resource-kubernetes "$K8S_PROVIDER_VERSION" build_k8s_provider
resolve E2E_YAML_HOST pulumi-language-yaml "$YAML_VERSION" pulumi-language-yaml "$YAML_VERSION" build_yaml
# Never taken from PATH: a pulumi-language-python there would be Pulumi's own host, not this stand-in.
E2E_IGNORE_PATH=1 resolve E2E_CODEGEN_HOST codegen-host 0 codegen-host "$CODEGEN_PKG_VERSION" build_codegen_host

# The Go caches (about 3 GB of modules and 7 GB of build cache) only serve a rebuild: once every binary is there,
# drop them unless E2E_KEEP_GO_CACHES=1. Go marks its module cache read-only, hence the chmod.
if [ "${#missing[@]}" -eq 0 ] && [ "$MODE" != "--check" ] && [ -d "$CACHE/go" ] && [ "${E2E_KEEP_GO_CACHES:-}" != "1" ]; then
    chmod -R u+w "$CACHE/go" && rm -rf "$CACHE/go"
    say "removed the Go caches in $CACHE/go (E2E_KEEP_GO_CACHES=1 keeps them)"
fi

if [ "${#missing[@]}" -gt 0 ]; then
    say "missing: ${missing[*]}"
    [ "$MODE" = "--check" ] && say "run 'npm run e2e:toolchain' to build them (Go >= 1.26 and the Go module proxy needed)"
    exit 3
fi
