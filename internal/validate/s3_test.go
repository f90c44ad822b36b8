package validate_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// s3vm is a VM whose root disk comes from s3 (the source's lines start at
// line 21).
func s3vm(lines ...string) string {
	return strings.Replace(vm(""), "blank: {}", "s3:\n            "+strings.Join(lines, "\n            "), 1)
}

// Each s3 source rule shows its exact message, field and line; a source as
// CDI reads it passes.
func TestS3Source(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fleet string
		want  []string
	}{{
		name:  "endpoint, bucket and key, with credentials",
		fleet: fleet(oneCluster, s3vm("url: https://s3.example.com/images/rhel9.qcow2", "secretRef: s3-creds")),
	}, {
		name:  "plain http endpoint",
		fleet: fleet(oneCluster, s3vm("url: http://minio.lab:9000/images/disks/rhel9.qcow2", "secretRef: s3-creds")),
	}, {
		name:  "s3:// says how to write it",
		fleet: fleet(oneCluster, s3vm("url: s3://images/rhel9.qcow2", "secretRef: s3-creds")),
		want:  []string{`f.yaml:21: error: spec.vms[0].disk.source.s3.url: "s3://images/rhel9.qcow2": CDI rejects s3:// URLs; give the endpoint with bucket and key in the path, e.g. https://s3.example.com/BUCKET/KEY`},
	}, {
		name:  "gs:// passes CDI's webhook but not its s3 client",
		fleet: fleet(oneCluster, s3vm("url: gs://images/rhel9.qcow2", "secretRef: s3-creds")),
		want:  []string{`f.yaml:21: error: spec.vms[0].disk.source.s3.url: "gs://images/rhel9.qcow2": CDI's s3 importer takes the URL's host for the S3 endpoint, so a gs:// bucket is read from a host of its name; give the endpoint with bucket and key in the path, e.g. https://s3.example.com/BUCKET/KEY`},
	}, {
		name:  "virtual-hosted style: the key alone in the path",
		fleet: fleet(oneCluster, s3vm("url: https://images.s3.example.com/rhel9.qcow2", "secretRef: s3-creds")),
		want:  []string{`f.yaml:21: error: spec.vms[0].disk.source.s3.url: "https://images.s3.example.com/rhel9.qcow2" has no bucket and key in its path: CDI's s3 importer reads the path as BUCKET/KEY from the endpoint images.s3.example.com (path-style, so not https://BUCKET.images.s3.example.com/KEY); give the endpoint with bucket and key in the path, e.g. https://s3.example.com/BUCKET/KEY`},
	}, {
		name:  "a bucket and no key",
		fleet: fleet(oneCluster, s3vm("url: https://s3.example.com/images/", "secretRef: s3-creds")),
		want:  []string{`f.yaml:21: error: spec.vms[0].disk.source.s3.url: "https://s3.example.com/images/" has no bucket and key in its path: CDI's s3 importer reads the path as BUCKET/KEY from the endpoint s3.example.com (path-style, so not https://BUCKET.s3.example.com/KEY); give the endpoint with bucket and key in the path, e.g. https://s3.example.com/BUCKET/KEY`},
	}, {
		name:  "no credentials",
		fleet: fleet(oneCluster, s3vm("url: https://s3.example.com/images/rhel9.qcow2")),
		want:  []string{`f.yaml:20: error: spec.vms[0].disk.source.s3.secretRef: an s3 source needs secretRef, a Secret with accessKeyId and secretKey: CDI's s3 importer signs every request with them and fails without; a public object is an http source`},
	}, {
		name:  "credentials in the URL",
		fleet: fleet(oneCluster, s3vm("url: https://key:secret@s3.example.com/images/rhel9.qcow2", "secretRef: s3-creds")),
		want:  []string{`f.yaml:21: error: spec.vms[0].disk.source.s3.url: the url carries a password as the user:password@ of a URL in plain text and would be committed to git; put the credentials in a Secret and set secretRef`},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, findings(t, tc.fleet)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}
