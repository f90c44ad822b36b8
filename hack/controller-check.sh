#!/usr/bin/env bash
# hack/controller-check.sh NAME — build the checker tests/controllers/NAME once, print the absolute path of
# its binary.
#
# Each checker is a Go module of its own (go.mod + go.sum committed: they pin Kubernetes versions that do not
# resolve together). The binary lands in $CACHE/controllers/NAME-HASH, HASH being the hash of the module's
# go.mod, go.sum and *.go files and of tests/controllers/checkutil, so it is rebuilt only when one of them
# changes; $CACHE/controllers/NAME
# links to it. Only the path goes to stdout; build logs go to stderr.
set -euo pipefail

die() { echo "controller-check.sh: $*" >&2; exit 2; }

[[ $# -eq 1 ]] || die "usage: $0 NAME (a folder of tests/controllers/)"
name=$1
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
cache=${CACHE:-$root/.cache}
[[ $cache == /* ]] || cache=$PWD/$cache
go=${GO:-go}

moddir=$root/tests/controllers/$name
[[ -f $moddir/go.mod ]] || die "$moddir/go.mod is missing"

# The shared package tests/controllers/checkutil (a local replace in every checker) is part of the hash.
shared=$root/tests/controllers/checkutil
hash=$(cd "$moddir" && cat go.mod go.sum $(ls *.go | sort) "$shared/go.mod" $(ls "$shared"/*.go | sort) | sha256sum | cut -c1-16)
bindir=$cache/controllers
bin=$bindir/$name-$hash
link=$bindir/$name

if [[ ! -x $bin ]]; then
	mkdir -p "$bindir"
	echo "controller-check.sh: building tests/controllers/$name into $bin (the first time: minutes)" >&2
	start=$SECONDS
	tmp=$bin.tmp.$$
	trap 'rm -f "$tmp"' EXIT
	# GONOSUMDB: modules the checksum database does not know (404); the committed go.sum verifies them.
	# GOWORK=off, -mod=readonly: the module's own go.sum, complete, never edited by a build.
	(
		cd "$moddir"
		GOWORK=off \
			GONOSUMDB=github.com/stolostron,github.com/gophercloud/utils,github.com/kubernetes-csi/lib-volume-populator,sigs.k8s.io/about-api \
			GOFLAGS="${GOFLAGS:-} -mod=readonly -buildvcs=false" \
			nice "$go" build -trimpath -ldflags="-s -w" -o "$tmp" .
	) >&2
	mv -f "$tmp" "$bin"
	trap - EXIT
	echo "controller-check.sh: built $name in $((SECONDS - start)) s" >&2
	# Older builds of this checker are dead weight: each is tens of MB.
	for old in "$bindir/$name"-*; do
		[[ $old == "$bin" || ! -f $old ]] || rm -f "$old"
	done
fi

if [[ $(readlink "$link" 2>/dev/null || true) != "$name-$hash" ]]; then
	ln -sfn "$name-$hash" "$link.tmp.$$"
	mv -fT "$link.tmp.$$" "$link"
fi
echo "$bin"
