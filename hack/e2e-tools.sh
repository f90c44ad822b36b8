#!/usr/bin/env bash
# Prepares everything `make e2e` needs, once, under $CACHE (default: <repo>/.cache):
#   $CACHE/e2e/bin/kube-apiserver, kubectl   k8s.io/kubernetes v1.34.1 (tools/kube, pinned go.sum)
#   $CACHE/e2e/bin/vmcrd                      prints KubeVirt v1.6.0's VirtualMachine and VirtualMachineSnapshot CRDs (tools/vmcrd)
#   $CACHE/e2e/bin/hubtpl                     resolves policy templates with the OCM controllers' library (tools/hubtpl)
#   $CACHE/crds/*.yaml + $CACHE/crds/SOURCES  upstream CRDs for every kind vmfleet emits, and where each came from
#   etcd                                      Debian's etcd-server, installed with apt-get if missing
# A step is skipped when its stamp (hash of its pinned inputs) is unchanged, so a warm run takes about a second.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CACHE:-$ROOT/.cache}"
GO="${GO:-go}"
BIN="$CACHE/e2e/bin"
CRDS="$CACHE/crds"
SHARED_CRDS="${E2E_HCO_CRD_DIR:-$ROOT/../shared/crds}"
mkdir -p "$BIN" "$CRDS"

log() { printf 'e2e-tools: %s\n' "$*" >&2; }
stamp_of() { cat "$@" | sha256sum | cut -d' ' -f1; }
timed() { # timed LABEL CMD... : runs CMD and logs how long it took
	local label=$1 start=$SECONDS
	shift
	"$@"
	log "$label took $((SECONDS - start)) s"
}

# --- kube-apiserver + kubectl v1.34.1 -------------------------------------------------------------
kube_stamp="$(stamp_of "$ROOT/tools/kube/go.mod" "$ROOT/tools/kube/go.sum")"
if [[ ! -x $BIN/kube-apiserver || ! -x $BIN/kubectl || "$(cat "$BIN/.kube.stamp" 2>/dev/null)" != "$kube_stamp" ]]; then
	log "building kube-apiserver + kubectl v1.34.1 (tools/kube; the first time: ~10 min of CPU)"
	(cd "$ROOT/tools/kube" && timed "kube-apiserver + kubectl build" \
		"$GO" build -trimpath -o "$BIN/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl)
	echo "$kube_stamp" >"$BIN/.kube.stamp"
fi

# --- etcd (Debian etcd-server) ----------------------------------------------------------------------
if ! command -v etcd >/dev/null 2>&1; then
	log "installing Debian's etcd-server (etcd is missing)"
	SUDO=""
	if [[ $(id -u) != 0 ]]; then SUDO="sudo"; fi
	timed "etcd-server install" bash -c "$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq etcd-server >/dev/null"
	# The package enables a system etcd service on hosts that run systemd; the harness runs its own etcd
	# on free ports, so stop the one we just installed rather than leave it in the way.
	if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet etcd 2>/dev/null; then
		$SUDO systemctl disable --now etcd || true
	fi
fi

# --- KubeVirt VirtualMachine CRD (kubevirt.io/kubevirt v1.6.0) ---------------------------------------
vm_stamp="$(stamp_of "$ROOT/tools/vmcrd/go.mod" "$ROOT/tools/vmcrd/go.sum" "$ROOT/tools/vmcrd/main.go")"
vm_crd="$CRDS/kubevirt.io_virtualmachines.yaml"
if [[ ! -s $vm_crd || "$(cat "$CRDS/.vmcrd.stamp" 2>/dev/null)" != "$vm_stamp" ]]; then
	log "building tools/vmcrd (kubevirt.io/kubevirt v1.6.0; the first time: ~2-6 min)"
	(cd "$ROOT/tools/vmcrd" && timed "vmcrd build" "$GO" build -trimpath -o "$BIN/vmcrd" .)
	"$BIN/vmcrd" >"$vm_crd.tmp"
	mv "$vm_crd.tmp" "$vm_crd"
	"$BIN/vmcrd" virtualmachinesnapshots >"$CRDS/snapshot.kubevirt.io_virtualmachinesnapshots.yaml.tmp"
	mv "$CRDS/snapshot.kubevirt.io_virtualmachinesnapshots.yaml.tmp" "$CRDS/snapshot.kubevirt.io_virtualmachinesnapshots.yaml"
	echo "$vm_stamp" >"$CRDS/.vmcrd.stamp"
fi

# --- hubtpl: the OCM policies' template resolver (stolostron/go-template-utils v7.1.0) ----------------
# github.com/stolostron modules have no checksum-database entry: the committed go.sum verifies them.
tpl_stamp="$(stamp_of "$ROOT/tools/hubtpl/go.mod" "$ROOT/tools/hubtpl/go.sum" "$ROOT/tools/hubtpl/main.go")"
if [[ ! -x $BIN/hubtpl || "$(cat "$BIN/.hubtpl.stamp" 2>/dev/null)" != "$tpl_stamp" ]]; then
	log "building tools/hubtpl (go-template-utils v7.1.0; the first time: ~2 min)"
	(cd "$ROOT/tools/hubtpl" && GONOSUMDB=github.com/stolostron timed "hubtpl build" "$GO" build -trimpath -o "$BIN/hubtpl" .)
	echo "$tpl_stamp" >"$BIN/.hubtpl.stamp"
fi

# --- CRDs shipped as files in pinned modules ---------------------------------------------------------
# module@version  path-in-module  (globs allowed)
MODULE_CRDS=(
	"open-cluster-management.io/api@v1.1.0 cluster/v1beta1/*placements.crd.yaml"
	"open-cluster-management.io/api@v1.1.0 cluster/v1beta2/*managedclustersetbindings.crd.yaml"
	"open-cluster-management.io/governance-policy-propagator@v0.17.0 deploy/crds/policy.open-cluster-management.io_policies.yaml"
	"open-cluster-management.io/governance-policy-propagator@v0.17.0 deploy/crds/policy.open-cluster-management.io_policysets.yaml"
	"open-cluster-management.io/governance-policy-propagator@v0.17.0 deploy/crds/policy.open-cluster-management.io_placementbindings.yaml"
	"open-cluster-management.io/config-policy-controller@v0.16.0 deploy/crds/policy.open-cluster-management.io_configurationpolicies.yaml"
	"open-cluster-management.io/config-policy-controller@v0.16.0 deploy/crds/policy.open-cluster-management.io_operatorpolicies.yaml"
	"github.com/argoproj/argo-cd/v2@v2.14.21 manifests/crds/applicationset-crd.yaml"
	"github.com/argoproj/argo-cd/v2@v2.14.21 manifests/crds/application-crd.yaml"
	"github.com/argoproj/argo-cd/v2@v2.14.21 manifests/crds/appproject-crd.yaml"
	"github.com/k8snetworkplumbingwg/network-attachment-definition-client@v1.7.7 artifacts/networks-crd.yaml"
	"github.com/prometheus-operator/prometheus-operator@v0.85.0 example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml"
	"github.com/openshift/api@v0.0.0-20250710004639-926605d3338b payload-manifests/crds/0000_10_config-operator_01_imagedigestmirrorsets.crd.yaml"
	"github.com/openshift/api@v0.0.0-20250710004639-926605d3338b payload-manifests/crds/0000_10_config-operator_01_imagetagmirrorsets.crd.yaml"
)
# CRDs whose modules the proxy does not serve, kept as data in tests/e2e/testdata/crds, each listed with
# its upstream source in tests/e2e/testdata/crds/SOURCES (the same format as $CRDS/SOURCES).
DATA_CRDS="$ROOT/tests/e2e/testdata/crds"
crd_stamp="$(printf '%s\n' "${MODULE_CRDS[@]}" "$vm_stamp" | cat - "$DATA_CRDS"/SOURCES "$DATA_CRDS"/*.yaml | sha256sum | cut -d' ' -f1)"
if [[ "$(cat "$CRDS/.modules.stamp" 2>/dev/null)" != "$crd_stamp" ]]; then
	log "collecting CRDs from pinned modules"
	tmp="$(mktemp -d)"
	trap 'rm -rf "$tmp"' EXIT
	sources="$tmp/SOURCES"
	printf '# file\tsource (written by hack/e2e-tools.sh)\n' >"$sources"
	printf 'kubevirt.io_virtualmachines.yaml\tkubevirt.io/kubevirt@v1.6.0 components.NewVirtualMachineCrd()\n' >>"$sources"
	printf 'snapshot.kubevirt.io_virtualmachinesnapshots.yaml\tkubevirt.io/kubevirt@v1.6.0 components.NewVirtualMachineSnapshotCrd()\n' >>"$sources"
	declare -A dirs=()
	for entry in "${MODULE_CRDS[@]}"; do
		mod=${entry%% *}
		glob=${entry#* }
		if [[ -z ${dirs[$mod]:-} ]]; then
			# Outside any module, so nothing is added to a go.mod; checksums are verified as usual.
			json="$(cd "$tmp" && GOWORK=off "$GO" mod download -json "$mod")"
			dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$json")"
			if [[ -z $dir || ! -d $dir ]]; then
				log "go mod download $mod failed:"
				printf '%s\n' "$json" >&2
				exit 1
			fi
			dirs[$mod]=$dir
		fi
		found=0
		for f in ${dirs[$mod]}/$glob; do
			[[ -f $f ]] || continue
			found=1
			base="$(basename "$f")"
			cp "$f" "$CRDS/$base"
			chmod u+w "$CRDS/$base"
			printf '%s\t%s %s\n' "$base" "$mod" "${f#"${dirs[$mod]}/"}" >>"$sources"
		done
		if [[ $found == 0 ]]; then
			log "no file matches $glob in $mod"
			exit 1
		fi
	done
	while IFS=$'\t' read -r file src; do
		[[ -z $file || $file == \#* ]] && continue
		cp "$DATA_CRDS/$file" "$CRDS/$file"
		printf '%s\t%s (file tests/e2e/testdata/crds/%s)\n' "$file" "$src" "$file" >>"$sources"
	done <"$DATA_CRDS/SOURCES"
	mv "$sources" "$CRDS/SOURCES"
	echo "$crd_stamp" >"$CRDS/.modules.stamp"
fi

# --- HyperConverged (read-only data beside the project) ----------------------------------------------
for v in v1.16.0 v1.18.1; do
	f="$SHARED_CRDS/hyperconverged-hco-$v.crd.yaml"
	if [[ -f $f ]]; then
		log "HyperConverged CRD $v: $f"
	else
		log "WARNING: $f is absent: HyperConverged objects will not be checked against HCO $v"
	fi
done

log "ready: $BIN, $CRDS"
