# vmfleet as a container image, usable as a KRM function (kpt fn eval/render: a ResourceList on stdin, no
# arguments). Build it with `make image` (mk/image.mk), which builds the binary first:
#   CGO_ENABLED=0 go build -trimpath -ldflags='-s -w -X vmfleet.dev/vmfleet/internal/cli.Version=$VERSION' -o bin/linux/vmfleet ./cmd/vmfleet
#   CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o bin/linux/vmfleet-cached ./cmd/vmfleet-cached
#
# Choices:
# * FROM scratch, one stage, no `go build` inside: the build needs NO image pull. Our machines have no
#   registry and no internet beyond the Go module proxy, so a golang:/distroless base cannot be fetched;
#   the binary is built outside, static (CGO_ENABLED=0), so it needs no libc, loader or CA files.
# * No shell, no package manager, nothing but the binary and two tiny files: nothing for a function to
#   exec into, nothing to patch, a ~size-of-the-binary image.
# * Non-root: USER 65532:65532 (the conventional "nonroot" of distroless). The binary is owned by root,
#   so the process cannot modify it. /etc/passwd and /etc/group exist only so that user names resolve:
#   kpt runs functions with `--user nobody` unless --as-current-user, and without these files a scratch
#   image fails to start with that flag.
# * Two programs: /vmfleet, the entrypoint (KRM function, command line), and /vmfleet-cached, the Argo CD
#   plugin's generate command (examples/argocd/install/plugin.yaml): it serves build cache hits without
#   starting the full program and execs /vmfleet, beside it, for everything else.
# * ENTRYPOINT in exec form: the binary is PID 1 and gets stdin/stdout directly (no shell to wrap it).
FROM scratch

ARG VERSION=dev
ARG REVISION=unknown

LABEL org.opencontainers.image.title="vmfleet" \
      org.opencontainers.image.description="vmfleet: turns a VMFleet resource into KubeVirt VMs, ACM policies and Argo CD objects; a KRM function when run with no arguments" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="scratch"

COPY hack/containers/passwd /etc/passwd
COPY hack/containers/group /etc/group
COPY bin/linux/vmfleet /vmfleet
COPY bin/linux/vmfleet-cached /vmfleet-cached

USER 65532:65532
ENTRYPOINT ["/vmfleet"]
