# Container image of vmfleet (Dockerfile: FROM scratch + a static binary, so the build pulls nothing), built
# with buildah and run with podman; no Docker daemon and no registry needed. As root on a fresh machine,
# `make image` installs buildah/podman/runc with apt-get first.
#
# Running containers elsewhere: the configs in hack/containers/ are needed (vfs storage, cgroupfs, runc,
# file events, no default ulimits). In recipes use $(PODMAN) / $(BUILDAH) or prefix $(CONTAINERS_ENV); in a
# shell `. hack/containers/env.sh`. kpt runs function images with podman given KPT_FN_RUNTIME=podman, e.g.
#     $(CONTAINERS_ENV) KPT_FN_RUNTIME=podman $(KPT) fn eval DIR --image $(IMAGE)
# (no `docker` command needed; kpt's default `--pull missing` finds the local image).

IMAGE     ?= localhost/vmfleet:dev
# The image is also tagged with the version its binary reports (`vmfleet version`, mk/build.mk).
IMAGE_REPO ?= localhost/vmfleet
IMAGE_BIN := $(BIN)/linux/vmfleet
IMAGE_CACHED_BIN := $(BIN)/linux/vmfleet-cached

CONTAINERS_CONF         ?= $(CURDIR)/hack/containers/containers.conf
CONTAINERS_STORAGE_CONF ?= $(CURDIR)/hack/containers/storage.conf
CONTAINERS_ENV := CONTAINERS_CONF="$(CONTAINERS_CONF)" CONTAINERS_STORAGE_CONF="$(CONTAINERS_STORAGE_CONF)"
BUILDAH        := $(CONTAINERS_ENV) buildah
PODMAN         := $(CONTAINERS_ENV) podman

# Stamped into the image's OCI labels.
IMAGE_VERSION  ?= $(VERSION)
IMAGE_REVISION ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)

SUDO = $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: image image-bin image-smoke container-tools
# The image $(IMAGE) named before the build is removed when the build replaced it: with vfs storage every
# leftover is a full copy.
image: container-tools image-bin ## build the container image $(IMAGE) (buildah, FROM scratch) and print its size
	@old=$$($(PODMAN) image inspect --format '{{.Id}}' $(IMAGE) 2>/dev/null || true); \
	echo '$(BUILDAH) bud --build-arg VERSION="$(IMAGE_VERSION)" --build-arg REVISION="$(IMAGE_REVISION)" -t $(IMAGE) -t $(IMAGE_REPO):$(IMAGE_VERSION) .'; \
	$(BUILDAH) bud --build-arg VERSION="$(IMAGE_VERSION)" --build-arg REVISION="$(IMAGE_REVISION)" -t $(IMAGE) -t $(IMAGE_REPO):$(IMAGE_VERSION) .; \
	new=$$($(PODMAN) image inspect --format '{{.Id}}' $(IMAGE)); \
	if [[ -n $$old && $$old != "$$new" ]]; then $(PODMAN) rmi "$$old" >/dev/null 2>&1 || true; fi
	@$(PODMAN) images --format '{{.Repository}}:{{.Tag}}  {{.ID}}  {{.Size}}' $(IMAGE)
	@echo "$(IMAGE): $$($(PODMAN) image inspect --format '{{.Size}}' $(IMAGE)) bytes"

# go build is incremental, so the binary is always (re)built and make need not track Go sources.
image-bin: ## build the static linux binaries the image carries, bin/linux/vmfleet and bin/linux/vmfleet-cached
	CGO_ENABLED=0 GOOS=linux $(GO) build -trimpath -ldflags='-s -w -X vmfleet.dev/vmfleet/internal/cli.Version=$(IMAGE_VERSION)' -o $(IMAGE_BIN) ./cmd/vmfleet
	CGO_ENABLED=0 GOOS=linux $(GO) build -trimpath -ldflags='-s -w' -o $(IMAGE_CACHED_BIN) ./cmd/vmfleet-cached

IMAGE_SMOKE_RL := apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n
image-smoke: image ## run $(IMAGE) as a KRM function (empty ResourceList on stdin) the way podman and kpt do
	@test "$$($(PODMAN) image inspect --format '{{.Config.User}}' $(IMAGE))" = 65532:65532 || \
		{ echo "image-smoke: $(IMAGE) does not run as 65532:65532" >&2; exit 1; }
	@for user in 65532:65532 nobody; do \
		echo "image-smoke: podman run --user $$user $(IMAGE) <empty ResourceList" >&2; \
		out=$$(printf '$(IMAGE_SMOKE_RL)' | $(PODMAN) run --rm -i --network none --user $$user \
			--security-opt=no-new-privileges --pull never $(IMAGE)) || \
			{ echo "image-smoke: $(IMAGE) failed as --user $$user (exit $$?)" >&2; exit 1; }; \
		grep -q '^kind: ResourceList' <<<"$$out" || { echo "image-smoke: no ResourceList on stdout:" >&2; echo "$$out" >&2; exit 1; }; \
	done
	@echo "image-smoke: ok" >&2

# Debian bookworm's buildah 1.28 / podman 4.3 / runc 1.1. --no-install-recommends: rootless helpers
# (slirp4netns, fuse-overlayfs, uidmap extras, dbus-user-session) are not needed as root with vfs storage and
# --network none. podman-docker is not installed: kpt calls podman itself when KPT_FN_RUNTIME=podman.
container-tools: ## install buildah, podman and runc with apt-get if they are missing
	@if ! command -v buildah >/dev/null || ! command -v podman >/dev/null || ! command -v runc >/dev/null; then \
		echo "installing buildah, podman and runc with apt-get" >&2; \
		$(SUDO) apt-get update; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends buildah podman runc; \
	fi
