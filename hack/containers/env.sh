# Source this to point buildah/podman (and kpt with KPT_FN_RUNTIME=podman) at vmfleet's container configs:
#   . hack/containers/env.sh && podman run --rm -i --network none localhost/vmfleet:dev <rl.yaml
# Make recipes can use $(PODMAN) / $(BUILDAH) / $(CONTAINERS_ENV) from mk/image.mk instead.
# bash; works from any directory; an already-set CONTAINERS_CONF / CONTAINERS_STORAGE_CONF wins.
_vmfleet_containers_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
export CONTAINERS_CONF="${CONTAINERS_CONF:-$_vmfleet_containers_dir/containers.conf}"
export CONTAINERS_STORAGE_CONF="${CONTAINERS_STORAGE_CONF:-$_vmfleet_containers_dir/storage.conf}"
unset _vmfleet_containers_dir
