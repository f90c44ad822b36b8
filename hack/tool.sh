#!/usr/bin/env bash
# hack/tool.sh NAME — build a pinned external tool once, print the absolute path of its binary.
#
#   NAME is one of: kustomize, kpt, controller-gen, golangci-lint; the hub controllers ocm-placement,
#   policy-propagator, config-policy-controller, argocd-applicationset.
#
# Each tool is pinned by its own Go module, tools/NAME/ (go.mod + go.sum committed, tools.go with a blank
# import of the main package under the `tools` build tag). The version is read from that go.mod, so
# bumping a tool means: edit tools/NAME/go.mod, `cd tools/NAME && go mod tidy`, commit; nothing else.
#
# The binary lands in .cache/bin/NAME-VERSION (built only if missing; $CACHE/bin/ if CACHE is set), and
# .cache/bin/NAME links to it.
# Only the path goes to stdout; everything else (build logs) goes to stderr, so `$(hack/tool.sh kpt)` works.
#
# Why modules and not `go install pkg@version`: `go install` asks the proxy for deprecation info, which is
# refused here for some modules; building from a module that requires the tool avoids that look-up, and
# the committed go.sum verifies kpt, whose version the checksum database does not know.
set -euo pipefail

die() { echo "tool.sh: $*" >&2; exit 2; }

[[ $# -eq 1 ]] || die "usage: $0 kustomize|kpt|controller-gen|golangci-lint|ocm-placement|policy-propagator|config-policy-controller|argocd-applicationset"
name=$1

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
# Same knobs as the Makefile (mk/tools.mk passes them): CACHE=<repo>/.cache, GO=go.
cache=${CACHE:-$root/.cache}
[[ $cache == /* ]] || cache=$PWD/$cache
go=${GO:-go}

# module: the required module whose version pins the tool; pkg: the main package to build;
# ldflags: version stamping, as the upstream release builds do (kustomize reads its version from the
# build info by itself; controller-gen and kpt would say "(devel)" / "unknown" without -X).
case $name in
kustomize)
	module=sigs.k8s.io/kustomize/kustomize/v5
	pkg=sigs.k8s.io/kustomize/kustomize/v5
	xvar=
	extld=
	;;
kpt)
	module=github.com/GoogleContainerTools/kpt
	pkg=github.com/GoogleContainerTools/kpt
	xvar=github.com/GoogleContainerTools/kpt/run.version
	# as upstream's release build: one cgo object lacks a .note.GNU-stack section, and without this
	# GNU ld warns that the binary gets an executable stack
	extld="-z noexecstack"
	;;
controller-gen)
	module=sigs.k8s.io/controller-tools
	pkg=sigs.k8s.io/controller-tools/cmd/controller-gen
	xvar=sigs.k8s.io/controller-tools/pkg/version.version
	extld=
	;;
golangci-lint)
	module=github.com/golangci/golangci-lint/v2
	pkg=github.com/golangci/golangci-lint/v2/cmd/golangci-lint
	xvar=main.version
	extld=
	;;
# The hub controllers the process-level proof runs (tests/controllers, TestHubControllersAsProcesses).
ocm-placement)
	module=open-cluster-management.io/ocm
	pkg=open-cluster-management.io/ocm/cmd/placement
	xvar=
	extld=
	;;
policy-propagator)
	module=open-cluster-management.io/governance-policy-propagator
	pkg=open-cluster-management.io/governance-policy-propagator
	xvar=
	extld=
	;;
config-policy-controller)
	module=open-cluster-management.io/config-policy-controller
	pkg=open-cluster-management.io/config-policy-controller
	xvar=
	extld=
	;;
# Argo CD's ApplicationSet controller alone: tools/argocd-applicationset/main.go runs its own cobra command.
argocd-applicationset)
	module=github.com/argoproj/argo-cd/v2
	pkg=.
	xvar=
	extld=
	;;
*) die "unknown tool '$name' (want kustomize, kpt, controller-gen, golangci-lint, ocm-placement, policy-propagator, config-policy-controller or argocd-applicationset)" ;;
esac

moddir=$root/tools/$name
[[ -f $moddir/go.mod ]] || die "$moddir/go.mod is missing"

# The version as written in go.mod: `require MOD VER` or, inside a require block, `MOD VER`.
version=$(awk -v m="$module" '
	$1 == "require" && $2 == m { print $3; exit }
	$1 == m && $2 ~ /^v/       { print $2; exit }
' "$moddir/go.mod")
[[ -n $version ]] || die "no version of $module in $moddir/go.mod"

bindir=$cache/bin
bin=$bindir/$name-$version
link=$bindir/$name

if [[ ! -x $bin ]]; then
	mkdir -p "$bindir"
	ldflags="-s -w"
	[[ -n $xvar ]] && ldflags+=" -X $xvar=$version"
	[[ -n $extld ]] && ldflags+=" -extldflags '$extld'"
	echo "tool.sh: building $name $version ($pkg) into $bin" >&2
	start=$SECONDS
	tmp=$bin.tmp.$$
	trap 'rm -f "$tmp"' EXIT
	# GOWORK=off: a go.work at the root must not pull the tools module into the project's build list.
	# -mod=readonly: the committed go.sum must be complete; a build never edits it.
	# -buildvcs=false: the tool's version comes from go.mod, not from this repository's git state.
	(
		cd "$moddir"
		GOWORK=off GOFLAGS="${GOFLAGS:-} -mod=readonly -buildvcs=false" \
			GONOSUMDB=github.com/stolostron,github.com/gophercloud/utils,github.com/kubernetes-csi/lib-volume-populator,sigs.k8s.io/about-api,open-cluster-management.io/config-policy-controller \
			nice "$go" build -trimpath -ldflags="$ldflags" -o "$tmp" "$pkg"
	) >&2
	mv -f "$tmp" "$bin" # atomic: a concurrent run sees either no binary or a whole one
	trap - EXIT
	echo "tool.sh: built $name $version in $((SECONDS - start)) s" >&2
fi

# Relative link, so the cache survives the checkout being moved. Replace it only when it is stale.
if [[ $(readlink "$link" 2>/dev/null || true) != "$name-$version" ]]; then
	ln -sfn "$name-$version" "$link.tmp.$$"
	mv -fT "$link.tmp.$$" "$link"
fi

echo "$bin"
