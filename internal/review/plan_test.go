package review_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/internal/review"
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
