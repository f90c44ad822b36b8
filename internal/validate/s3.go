package validate

import (
	"net/url"
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
)

// s3Source checks an s3 disk source as CDI's importer reads it
// (kubevirt/containerized-data-importer pkg/importer/s3-datasource.go):
//   - the URL is the endpoint: its scheme says http or https (createS3Reader
//     turns SSL off for http), its host is the S3 endpoint, and the path is
//     bucket/key (extractBucketAndObject splits the trimmed path at the first
//     "/"; the client is path-style, S3ForcePathStyle). So s3://bucket/key,
//     which the DataVolume webhook rejects (pkg/apiserver/webhooks/util.go
//     validateSourceURL), and a virtual-hosted https://bucket.endpoint/key,
//     whose one path segment CDI takes for the bucket, both fail.
//   - gs:// passes the webhook but belongs to CDI's gcs source: the s3 client
//     would take the bucket for the endpoint host.
//   - the credentials are the Secret's accessKeyId and secretKey
//     (pkg/controller/import-controller.go, common.KeyAccess/KeySecret), made
//     static AWS credentials; empty ones fail every request
//     (aws-sdk-go credentials.StaticProvider: ErrStaticCredentialsEmpty), so an
//     s3 source without secretRef never imports.
func (v *validator) s3Source(p diag.Path, s *v1alpha1.URLSource) {
	const how = "give the endpoint with bucket and key in the path, e.g. https://s3.example.com/BUCKET/KEY"
	if urlSecret(s.URL) != "" {
		// Credentials first: no message below may echo a URL that holds them.
		v.url(p, s)
		return
	}
	switch {
	case strings.HasPrefix(s.URL, "s3://"):
		// Rule id url, as released.
		v.errorf(p+".url", diag.RuleURL, "%q: CDI rejects s3:// URLs; %s", s.URL, how)
		return
	case strings.HasPrefix(s.URL, "gs://"):
		v.errorf(p+".url", diag.RuleS3URL, "%q: CDI's s3 importer takes the URL's host for the S3 endpoint, so a gs:// bucket is read from a host of its name; %s", s.URL, how)
		return
	}
	v.url(p, s, "https://", "http://")
	if u, err := url.Parse(s.URL); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		bucket, key, _ := strings.Cut(strings.Trim(u.Path, "/"), "/")
		if bucket == "" || key == "" {
			v.errorf(p+".url", diag.RuleS3URL, "%q has no bucket and key in its path: CDI's s3 importer reads the path as BUCKET/KEY from the endpoint %s (path-style, so not https://BUCKET.%s/KEY); %s", s.URL, u.Host, u.Host, how)
		}
	}
	if s.SecretRef == "" {
		v.errorf(p+".secretRef", diag.RuleS3Credentials, "an s3 source needs secretRef, a Secret with accessKeyId and secretKey: CDI's s3 importer signs every request with them and fails without; a public object is an http source")
	}
}
