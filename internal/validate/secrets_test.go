package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// Each credential the detector must catch, in the forms cloud-init and a
// shell read, with what it reports: the kind and the line, never the value.
func TestUserDataSecrets(t *testing.T) {
	for _, tc := range []struct{ name, userData, want string }{
		{"json", "#cloud-config\n{\"users\": [{\"name\": \"app\", \"password\": \"x\"}]}\n", `a password (key "password", line 2 of the user data)`},
		{"json on one line, not cloud-config", "{\"user\": \"admin\", \"password\": \"x\"}", `a password (key "password", line 1 of the user data)`},
		{"flow mapping", "#cloud-config\nusers: [{name: app, plain_text_passwd: hunter2}]\n", `a password (key "plain_text_passwd", line 2 of the user data)`},
		{"space before the colon", "#cloud-config\npassword : x\n", `a password (key "password", line 2 of the user data)`},
		{"block scalar", "#cloud-config\nmy_app:\n  db_password: |\n    hunter2\n", `a password (key "db_password", line 3 of the user data)`},
		{"users passwd hash", "#cloud-config\nusers:\n  - name: app\n    passwd: $6$rounds=4096$salt$hash\n", `a password (key "passwd", line 4 of the user data)`},
		{"hashed_passwd", "#cloud-config\nusers:\n  - {name: a, hashed_passwd: $y$j9T$abc}\n", `a password hash (key "hashed_passwd", line 3 of the user data)`},
		{"chpasswd list", "#cloud-config\nchpasswd:\n  list: |\n    root:hunter2\n  expire: false\n", `a password (key "chpasswd", line 2 of the user data)`},
		{"chpasswd users", "#cloud-config\nchpasswd:\n  users:\n    - {name: root, password: hunter2, type: text}\n", `a password (key "password", line 4 of the user data)`},
		{"passwd --stdin", "#cloud-config\nruncmd:\n  - echo 'hunter2' | passwd --stdin root\n", "a password piped into passwd or chpasswd (line 3 of the user data)"},
		{"chpasswd in a script", "#!/bin/sh\necho root:hunter2 | sudo chpasswd\n", "a password piped into passwd or chpasswd (line 2 of the user data)"},
		{"TOKEN= in runcmd", "#cloud-config\nruncmd:\n  - GITLAB_TOKEN=abc123 ./register.sh\n", `a token (key "GITLAB_TOKEN", line 3 of the user data)`},
		{"export in a script", "#!/bin/bash\nexport VAULT_TOKEN=s.abcdef\n", `a token (key "VAULT_TOKEN", line 2 of the user data)`},
		{"api key in an env file", "#cloud-config\nwrite_files:\n  - path: /etc/app.env\n    content: |\n      LOG=debug\n      API_KEY=0f8fad5bd9cb469fa16570867728950e\n", `a key (key "API_KEY", line 6 of the user data)`},
		{"bearer", "#cloud-config\nruncmd:\n  - curl -H 'Authorization: Bearer abc.def.ghi' https://api.example.com\n", "a bearer credential in an Authorization header (line 3 of the user data)"},
		{"basic", "#!/bin/sh\nwget --header=\"Authorization: Basic YWRtaW46aHVudGVyMg==\" https://x.example.com\n", "a basic credential in an Authorization header (line 2 of the user data)"},
		{"curl -u", "#cloud-config\nruncmd:\n  - curl -u admin:hunter2 https://repo.example.com/file\n", "a password given as curl -u user:password (line 3 of the user data)"},
		{"curl --user=", "#!/bin/sh\ncurl -s --user=admin:hunter2 https://repo.example.com/file\n", "a password given as curl -u user:password (line 2 of the user data)"},
		{"url user:password", "#cloud-config\nruncmd:\n  - git clone https://bob:hunter2@git.example.com/app.git\n", "a password as the user:password@ of a URL (line 3 of the user data)"},
		{"url with a token as userinfo", "#cloud-config\nruncmd:\n  - git clone https://9f8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d@git.example.com/app.git\n", "a token as the userinfo of a URL (line 3 of the user data)"},
		{"github token as userinfo", "#cloud-config\nruncmd:\n  - git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r\n", "a GitHub token (line 3 of the user data)"},
		{"s3 presigned", "#cloud-config\nruncmd:\n  - curl -o /tmp/a 'https://b.s3.amazonaws.com/a?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abcdef'\n", `a signature or token in the query parameter "X-Amz-Signature" of a URL (line 3 of the user data)`},
		{"azure sas", "#!/bin/sh\ncurl -o a 'https://acct.blob.core.windows.net/c/a?sv=2022-11-02&se=2030-01-01&sig=abc%2Bdef'\n", `a signature or token in the query parameter "sig" of a URL (line 2 of the user data)`},
		{"gcs signed", "#!/bin/sh\ncurl -o a 'https://storage.googleapis.com/b/a?X-Goog-Signature=00ff'\n", `a signature or token in the query parameter "X-Goog-Signature" of a URL (line 2 of the user data)`},
		{"aws key", "#cloud-config\nwrite_files:\n  - path: /root/.aws/credentials\n    content: |\n      [default]\n      aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n", "an AWS access key (line 6 of the user data)"},
		{"private key inline", "#cloud-config\nssh_keys:\n  rsa_private: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIE\n    -----END RSA PRIVATE KEY-----\n", "a private key (line 4 of the user data)"},
		{"private key base64", "#cloud-config\nwrite_files:\n  - path: /root/.ssh/id_ed25519\n    encoding: b64\n    content: LS0tLS1CRUdJTiBPUEVOU1NIIFBSSVZBVEUgS0VZLS0tLS0KYjNCbGJuTnphQzFyWlhrdGRqRUFBQUFBQkc1dmJtVUFBQUFFYm05dVpRQUFBQUFBQUFBQkFBQUFNd0FBQUF0emMyZ3RaVwotLS0tLUVORCBPUEVOU1NIIFBSSVZBVEUgS0VZLS0tLS0K\n", "a private key (line 1 of write_files[0].content, decoded)"},
		{"private key gzip+base64", "#cloud-config\nwrite_files:\n  - path: /etc/a\n    content: plain\n  - path: /root/.ssh/id_ed25519\n    encoding: gzip+base64\n    content: |\n      H4sIAAAAAAACA9PVBQInV3dPPwX/AFe/4GAPhYAgzzDHEFcFb9dIkKQuV5KxU05Snl9VorNhUVREdklKlqsjCDi5m5Yl5YaCmK5JuZalUYGOMOAEInzLQWRJVbJReklUOBfYMFc/F9wWAQCbC9zFjQAAAA==\n", "a private key (line 1 of write_files[1].content, decoded)"},
		{"private key gz+b64", "#cloud-config\nwrite_files:\n  - {path: /root/k, encoding: gz+b64, content: H4sIAAAAAAACA9PVBQInV3dPPwX/AFe/4GAPhYAgzzDHEFcFb9dIkKQuV5KxU05Snl9VorNhUVREdklKlqsjCDi5m5Yl5YaCmK5JuZalUYGOMOAEInzLQWRJVbJReklUOBfYMFc/F9wWAQCbC9zFjQAAAA==}\n", "a private key (line 1 of write_files[0].content, decoded)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, found := userDataSecret(tc.userData)
			if !found {
				t.Fatalf("no secret found in:\n%s", tc.userData)
			}
			if got := s.String(); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			for _, v := range []string{"hunter2", "abc123", "s.abcdef", "0f8fad5bd9cb", "abcdef", "AKIAIOSFODNN7EXAMPLE"} {
				if strings.Contains(s.String(), v) {
					t.Errorf("the finding echoes the secret %q: %s", v, s)
				}
			}
		})
	}
}

// The negative controls: benign user data (public keys, package lists,
// references to secrets kept elsewhere, switches such as lock_passwd) has
// no secret.
func TestUserDataBenign(t *testing.T) {
	files, err := filepath.Glob("testdata/userdata/benign/*")
	if err != nil || len(files) < 5 {
		t.Fatalf("benign corpus: %v, %d files", err, len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if s, found := userDataSecret(string(data)); found {
			t.Errorf("%s: a secret reported in benign user data: %s", f, s)
		}
	}
}

func TestURLSecrets(t *testing.T) {
	for u, want := range map[string]string{
		"https://bob:pw@git.example.com/r.git":                            "a password as the user:password@ of a URL",
		"https://oauth2:glpat-abcdefghijklmnopqrst@gitlab.example.com/r":  "a password as the user:password@ of a URL",
		"https://Zx8vQ2mP4kL9nR7tY3wB6cF1@github.com/o/r.git":             "a token as the userinfo of a URL",
		"https://b.s3.example.com/k?X-Amz-Credential=a&X-Amz-Signature=b": `a signature or token in the query parameter "X-Amz-Credential" of a URL`,
		"https://example.com/disk.qcow2?access_token=abc":                 `a signature or token in the query parameter "access_token" of a URL`,
		"https://example.com/disk.qcow2":                                  "",
		"https://example.com/disk.qcow2?version=2&arch=x86_64":            "",
		"https://deployment-bot-account@git.example.com/r.git":            "",
		"https://svc-deploy-2024-account@git.example.com/r.git":           "",
		"https://git@github.com/o/r.git":                                  "",
		"ssh://git@github.com/o/r.git":                                    "",
		"git@github.com:o/r.git":                                          "",
		"docker://quay.io/containerdisks/fedora:41":                       "",
	} {
		got := urlSecret(u)
		if got != want {
			t.Errorf("urlSecret(%q) = %q, want %q", u, got, want)
		}
	}
}

// A gzip bomb in write_files is read up to maxDecoded, no further.
func TestWriteFilesBomb(t *testing.T) {
	ud := "#cloud-config\nwrite_files:\n  - {path: /a, encoding: gzip+base64, content: H4sIAAAAAAAAA+3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA}\n"
	if _, found := userDataSecret(ud); found {
		t.Errorf("a secret in zeros")
	}
}

// The benign corpus is what cloud-init reads: each cloud-config parses, so
// the structured checks (not only the line rules) pass it.
func TestUserDataBenignParses(t *testing.T) {
	files, _ := filepath.Glob("testdata/userdata/benign/*.yaml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
