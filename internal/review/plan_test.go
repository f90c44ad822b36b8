package review_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/internal/review"
	"vmfleet.dev/vmfleet/plan"
)

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// Colour changes nothing but the escapes: the columns stay aligned.
func TestPlanTextColour(t *testing.T) {
	for _, file := range []string{"../../examples/windows/fleet.yaml", "../../examples/acm-placement/fleet.yaml", "testdata/new.yaml"} {
		fp, err := review.Plan(load(t, file), "")
		if err != nil {
			t.Fatal(err)
		}
		var plain, colour bytes.Buffer
		if err := fp.Text(&plain, false); err != nil {
			t.Fatal(err)
		}
		if err := fp.Text(&colour, true); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(colour.String(), "\x1b[") {
			t.Errorf("%s: no colour", file)
		}
		if got := ansi.ReplaceAllString(colour.String(), ""); got != plain.String() {
			t.Errorf("%s: the coloured text without its escapes differs from the plain one:\n%s\nplain:\n%s", file, got, plain.String())
		}
	}
}

// --cluster keeps one cluster; an unknown one is an error naming the others.
func TestPlanCluster(t *testing.T) {
	f := load(t, "testdata/new.yaml")
	fp, err := review.Plan(f, "west")
	if err != nil || len(fp.Clusters) != 1 || fp.Clusters[0].Name != "west" || len(fp.AllClusters) != 3 {
		t.Fatalf("plan --cluster west: %v, %+v", err, fp)
	}
	if _, err := review.Plan(f, "nowhere"); err == nil || !strings.Contains(err.Error(), `cluster "nowhere" is not in fleet "shop" (clusters: [east south west])`) {
		t.Errorf("unknown cluster: %v", err)
	}
}

// Each kind of disk source is said in one line, with what a reviewer needs
// to follow it: the golden image's DataSource, the node pull through
// mirrors, the Secret of an s3 or http source, the namespace of a clone.
func TestDiskSource(t *testing.T) {
	ref := func(ns, name string) *v1alpha1.ObjectRef { return &v1alpha1.ObjectRef{Namespace: ns, Name: name} }
	for _, tc := range []struct {
		d    plan.Disk
		want string
	}{
		{plan.Disk{Source: v1alpha1.DiskSource{Image: "fedora41"}}, "golden image fedora41 (DataSource openshift-virtualization-os-images/fedora41)"},
		{plan.Disk{Source: v1alpha1.DiskSource{DataSource: ref("", "rhel9")}}, "DataSource apps/rhel9"},
		{plan.Disk{Source: v1alpha1.DiskSource{Registry: &v1alpha1.URLSource{URL: "docker://q/f:41"}}}, "registry docker://q/f:41"},
		{plan.Disk{NodePull: true, Source: v1alpha1.DiskSource{Registry: &v1alpha1.URLSource{URL: "docker://q/f:41"}}}, "registry docker://q/f:41, pulled by the node (through the cluster's mirrors)"},
		{plan.Disk{Source: v1alpha1.DiskSource{HTTP: &v1alpha1.URLSource{URL: "https://h/i.qcow2", SecretRef: "auth"}}}, "http https://h/i.qcow2 (Secret auth)"},
		{plan.Disk{Source: v1alpha1.DiskSource{S3: &v1alpha1.URLSource{URL: "https://s3/b/k", SecretRef: "s3"}}}, "s3 https://s3/b/k (Secret s3)"},
		{plan.Disk{Source: v1alpha1.DiskSource{PVC: ref("golden", "rhel9")}}, "clone of PVC golden/rhel9"},
		{plan.Disk{Source: v1alpha1.DiskSource{ContainerDisk: &v1alpha1.ContainerDisk{Image: "q/f:41"}}}, "container disk q/f:41"},
		{plan.Disk{Source: v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}}}, "blank"},
		{plan.Disk{Ephemeral: true}, "empty (emptyDisk): its data goes when the VM stops"},
	} {
		if got := review.DiskSource("apps", tc.d); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.d.Source, got, tc.want)
		}
	}
}
