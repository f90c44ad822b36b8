package modes

import (
	"path/filepath"
	"strings"
	"testing"
)

// The examples name this image; `make modes-image` builds it.
const exampleImage = "localhost/vmfleet:dev"

func imageOf(t *testing.T) (tools, string) {
	t.Helper()
	tl, image := needImage(t)
	if image != exampleImage {
		t.Fatalf("VMFLEET_MODES_IMAGE=%s, but the examples run %s", image, exampleImage)
	}
	return tl, image
}

// kpt with podman runs the image to the same tree, byte for byte, as the
// exec function.
func TestImageKpt(t *testing.T) {
	tl, image := imageOf(t)
	blocks := readmeBlocks(t)
	ws, path := workspace(t, tl)
	if r := runBlock(t, ws, path, blocks["kpt-render"]); r.err != nil {
		t.Fatalf("README kpt-render: %s", r)
	}
	execTree := readTree(t, filepath.Join(ws, "examples/kpt/exec"))

	if r := runBlock(t, ws, path, blocks["image-kpt-render"]); r.err != nil {
		t.Fatalf("README image-kpt-render: %s", r)
	}
	pkg := filepath.Join(ws, "examples/kpt/container")
	sameBytes(t, "kpt fn render with the image vs the exec function", execTree, readTree(t, pkg), "Kptfile")

	podman := blocks["setup"].body + "\n. hack/containers/env.sh\nexport KPT_FN_RUNTIME=podman\n"
	before := readTree(t, pkg)
	if r := runScript(t, ws, path, podman+"kpt fn render examples/kpt/container"); r.err != nil {
		t.Fatalf("second render: %s", r)
	}
	sameBytes(t, "the second render with the image changed the package", before, readTree(t, pkg))

	// kpt fn eval --image on a fresh copy of the exec package.
	copyDir(t, filepath.Join(repo, "examples/kpt/exec"), filepath.Join(ws, "eval"))
	if r := runScript(t, ws, path, podman+"kpt fn eval eval --image "+image); r.err != nil {
		t.Fatalf("kpt fn eval --image: %s", r)
	}
	sameBytes(t, "kpt fn eval with the image vs kpt fn render with the exec function", execTree, readTree(t, filepath.Join(ws, "eval")))

	// An invalid fleet fails in the container too, and changes nothing.
	edit(t, filepath.Join(pkg, "fleet.yaml"), "      accessMode: ReadWriteOnce\n", "      accessMode: ReadWriteOnce\n      bogus: 1\n")
	before = readTree(t, pkg)
	r := runScript(t, ws, path, podman+"kpt fn render examples/kpt/container")
	if r.err == nil || !strings.Contains(r.stderr, "spec.clusters[1].bogus") {
		t.Errorf("an invalid fleet in the container: %s", r)
	}
	sameBytes(t, "a failed render with the image changed the package", before, readTree(t, pkg))
}

// kustomize runs the image as a container function (through `docker`, here podman).
func TestImageKustomize(t *testing.T) {
	tl, _ := imageOf(t)
	ws, path := workspace(t, tl)
	r := runBlock(t, ws, path, readmeBlocks(t)["image-kustomize"])
	if r.err != nil {
		t.Fatalf("README image-kustomize: %s", r)
	}
	sameObjects(t, "kustomize container function vs vmfleet build", vmfleet(t, tl, "build", filepath.Join(repo, kustomizeFleet)), []byte(r.stdout))
}

// The Argo CD sidecar runs the plugin's generate in the image, as uid 999
// with PATH=/ (examples/argocd/install/repo-server-sidecar.yaml): the same
// bytes as `vmfleet build --cluster`.
func TestImageArgoCDSidecar(t *testing.T) {
	tl, image := imageOf(t)
	ws, path := workspace(t, tl)
	p := readPlugin(t)
	app := argoApps(t)[1]
	appDir := sourceRepo(t, app)
	script := ". hack/containers/env.sh\npodman run --rm -i --network none --security-opt=no-new-privileges --user 999 -e PATH=/ " +
		"-e ARGOCD_ENV_CLUSTER=" + app.cluster + " -v " + appDir + ":/src:ro -w /src --entrypoint " + p.Spec.Generate.Command[0] + " " + image
	for _, a := range append(p.Spec.Generate.Command[1:], p.Spec.Generate.Args...) {
		script += " '" + a + "'"
	}
	r := runScript(t, ws, path, script)
	if r.err != nil {
		t.Fatalf("the plugin in the image: %s", r)
	}
	if want := vmfleet(t, tl, "build", filepath.Join(repo, argoFleet), "--cluster", app.cluster); r.stdout != string(want) {
		t.Errorf("the plugin in the image is not `vmfleet build --cluster %s`:\n%s", app.cluster, r)
	}
}
