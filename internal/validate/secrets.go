package validate

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io"
	"math"
	"net/url"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The secret detector of inline user data and of URLs. Whatever it finds
// would be committed to git; its findings say what and where, never the
// secret itself.
//
// User data is read as what cloud-init reads: a cloud-config is parsed as
// yaml, and each part is checked for what it is (a key naming a password,
// chpasswd and users[].passwd, write_files content decoded from base64 or
// gzip+base64, runcmd and bootcmd as shell); any other user data (a shell
// script) is checked line by line. Values that only refer to a secret
// (${VAR}, $VAR, {{ template }}) are not secrets, nor are booleans
// (lock_passwd: true) or public keys (ssh_authorized_keys).

// secret is one credential found: what it is and where, as a line of the
// text it was found in (0: no line, e.g. in a URL).
type secret struct {
	what string
	key  string // the key that holds it, if any
	line int
	// in names the part of the user data it was found in, e.g.
	// write_files[0].content, when not the user data's own text.
	in string
}

func (s secret) String() string {
	var where []string
	if s.key != "" {
		where = append(where, fmt.Sprintf("key %q", clipKey(s.key)))
	}
	in := "the user data"
	if s.in != "" {
		in = s.in + ", decoded"
	}
	if s.line > 0 {
		where = append(where, fmt.Sprintf("line %d of %s", s.line, in))
	} else if s.in != "" {
		where = append(where, "in "+in)
	}
	if len(where) == 0 {
		return s.what
	}
	return s.what + " (" + strings.Join(where, ", ") + ")"
}

// maxDecoded bounds what a write_files entry may inflate to before it is
// checked: a gzip bomb stops there.
const maxDecoded = 1 << 20

// userDataSecret finds the first credential in user data.
func userDataSecret(text string) (secret, bool) {
	if s, ok := textSecret(text); ok {
		return s, true
	}
	var doc yaml.Node
	if !strings.HasPrefix(strings.TrimSpace(text), "#cloud-config") || yaml.Unmarshal([]byte(text), &doc) != nil || len(doc.Content) == 0 {
		return secret{}, false
	}
	return cloudConfigSecret(doc.Content[0])
}

// cloudConfigSecret walks a parsed cloud-config: keys naming a secret with a
// literal value, chpasswd's list, users' passwords, and every write_files
// content, decoded.
func cloudConfigSecret(root *yaml.Node) (secret, bool) {
	var found secret
	var ok bool
	var walk func(n *yaml.Node, key string) bool
	walk = func(n *yaml.Node, key string) bool {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if v.Kind == yaml.ScalarNode && sensitiveKey(k.Value) && literalSecret(k.Value, v.Value) {
					found, ok = secret{what: "a " + secretKind(k.Value), key: k.Value, line: k.Line}, true
					return true
				}
				if k.Value == "chpasswd" && v.Kind == yaml.MappingNode && chpasswdSecret(v) {
					found, ok = secret{what: "a password", key: "chpasswd", line: k.Line}, true
					return true
				}
				if walk(v, k.Value) {
					return true
				}
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				if key == "write_files" {
					if s, hit := writeFileSecret(item, i); hit {
						found, ok = s, true
						return true
					}
				}
				if walk(item, key) {
					return true
				}
			}
		}
		return false
	}
	walk(root, "")
	return found, ok
}

// chpasswdSecret: chpasswd's list ("user:password" lines) or users
// (name, password) set passwords; expire alone sets none.
func chpasswdSecret(n *yaml.Node) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		switch {
		case k == "list" && (v.Kind == yaml.ScalarNode && strings.TrimSpace(v.Value) != "" || v.Kind == yaml.SequenceNode && len(v.Content) > 0):
			return true
		case k == "users" && v.Kind == yaml.SequenceNode:
			for _, u := range v.Content {
				for j := 0; j+1 < len(u.Content); j += 2 {
					if u.Content[j].Value == "password" && literalSecret("password", u.Content[j+1].Value) {
						return true
					}
				}
			}
		}
	}
	return false
}

// writeFileSecret decodes one write_files entry's content (encoding b64,
// base64, gzip, gz, gzip+base64, gz+b64, …) and checks it as text.
func writeFileSecret(n *yaml.Node, i int) (secret, bool) {
	if n.Kind != yaml.MappingNode {
		return secret{}, false
	}
	var content, encoding string
	for j := 0; j+1 < len(n.Content); j += 2 {
		switch n.Content[j].Value {
		case "content":
			content = n.Content[j+1].Value
		case "encoding":
			encoding = strings.ToLower(n.Content[j+1].Value)
		}
	}
	in := fmt.Sprintf("write_files[%d].content", i)
	data := []byte(content)
	if strings.Contains(encoding, "b64") || strings.Contains(encoding, "base64") {
		dec, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(content), ""))
		if err != nil {
			return secret{}, false
		}
		data = dec
	}
	if strings.Contains(encoding, "gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return secret{}, false
		}
		data, _ = io.ReadAll(io.LimitReader(zr, maxDecoded)) // a truncated stream still shows what it holds
	}
	if encoding == "" || encoding == "text/plain" {
		return secret{}, false // the user data's own text, checked already
	}
	s, ok := textSecret(string(data))
	s.in = in
	return s, ok
}

// textSecret checks text line by line: key formats, assignments, shell
// commands and URLs.
func textSecret(text string) (secret, bool) {
	if m := privateKey.FindStringIndex(text); m != nil {
		return secret{what: "a private key", line: 1 + strings.Count(text[:m[0]], "\n")}, true
	}
	for i, line := range strings.Split(text, "\n") {
		if s, ok := lineSecret(line); ok {
			s.line = i + 1
			return s, true
		}
	}
	return secret{}, false
}

var (
	// PEM and OpenSSH armor of every private key kind: RSA, EC, DSA,
	// OPENSSH, ENCRYPTED, PKCS#8 and PGP ("PRIVATE KEY BLOCK"). A
	// certificate or a public key is public.
	privateKey = regexp.MustCompile(`-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----`)

	// tokenFormats are credentials known by their shape alone.
	tokenFormats = []struct {
		re   *regexp.Regexp
		what string
	}{
		{regexp.MustCompile(`\b(AKIA|ASIA)[A-Z0-9]{16}\b`), "an AWS access key"},
		{regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{22,}`), "a GitHub token"},
		{regexp.MustCompile(`\bglpat-[A-Za-z0-9_-]{20,}`), "a GitLab token"},
		{regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`), "a Slack token"},
		{regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`), "a Google API key"},
		{regexp.MustCompile(`\b[rs]k_live_[0-9A-Za-z]{20,}`), "a Stripe key"},
		{regexp.MustCompile(`\bnpm_[A-Za-z0-9]{36}\b`), "an npm token"},
		{regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`), "a JSON web token"},
	}

	// assignment is key: value, key = value, "key": "value" (yaml, flow,
	// JSON, ini, shell and env files alike).
	assignment = regexp.MustCompile(`(?i)(?:^|[\s{,;(&|\[])["']?((?:export\s+)?[a-z0-9_.-]*)["']?\s*[:=]\s*([^,;}&|]*)`)

	// Shell that sets a password from the command line.
	pipedPassword = regexp.MustCompile(`\|\s*(sudo\s+)?(passwd\b.*--stdin|chpasswd\b)`)
	passwordFlag  = regexp.MustCompile(`(?i)(?:^|\s)--?(?:[a-z-]*password|passwd|pass|token|secret|api-?key|access-key|secret-key)(?:[= ]+)(\S+)`)
	userFlag      = regexp.MustCompile(`\b(?:curl|wget|http)\b.*\s(?:-u|--user|--proxy-user)(?:\s+|=)?['"]?([^\s'"]+)`)
	useraddFlag   = regexp.MustCompile(`\b(?:useradd|usermod)\b.*\s(?:-p|--password)\s+(\S+)`)
	authHeader    = regexp.MustCompile(`(?i)\b(?:proxy-)?authorization\s*[:=]\s*['"]?(bearer|basic|token|digest|negotiate)\s+([^\s'"]+)`)
	privateToken  = regexp.MustCompile(`(?i)\b(?:private-token|x-api-key|x-auth-token|api-key)\s*:\s*['"]?([^\s'"]+)`)
	urlPattern    = regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://[^\s'"<>\x60]+`)
)

// lineSecret finds the credential on one line.
func lineSecret(line string) (secret, bool) {
	if what := lineSecretWhat(line); what != "" {
		return secret{what: what}, true
	}
	if publicKeyLine(line) {
		return secret{}, false
	}
	for _, m := range assignment.FindAllStringSubmatch(line, -1) {
		key := strings.TrimPrefix(strings.ToLower(m[1]), "export ")
		if sensitiveKey(key) && literalSecret(key, m[2]) {
			return secret{what: "a " + secretKind(key), key: strings.TrimPrefix(m[1], "export ")}, true
		}
	}
	return secret{}, false
}

// publicKeyLine: an authorized key (ssh-ed25519 AAAA… user@host), as a
// yaml list item or alone, is public, and its base64 is no assignment.
func publicKeyLine(line string) bool {
	l := strings.TrimLeft(strings.TrimSpace(line), "- \"'")
	return hasPrefixAny(l, "ssh-", "ecdsa-", "sk-ssh-", "sk-ecdsa-")
}

func lineSecretWhat(line string) string {
	for _, f := range tokenFormats {
		if f.re.MatchString(line) {
			return f.what
		}
	}
	for _, u := range urlPattern.FindAllString(line, -1) {
		if what := urlSecret(u); what != "" {
			return what
		}
	}
	if m := authHeader.FindStringSubmatch(line); m != nil && !reference(m[2]) {
		return "a " + strings.ToLower(m[1]) + " credential in an Authorization header"
	}
	if m := privateToken.FindStringSubmatch(line); m != nil && !reference(m[1]) {
		return "an API token header"
	}
	if m := pipedPassword.FindStringIndex(line); m != nil && !strings.Contains(line[:m[0]], "$") {
		// echo 'root:pw' | chpasswd; echo "$PW" | passwd --stdin reads it from elsewhere
		return "a password piped into passwd or chpasswd"
	}
	if m := userFlag.FindStringSubmatch(line); m != nil && strings.Contains(m[1], ":") {
		if _, pass, _ := strings.Cut(m[1], ":"); pass != "" && !reference(pass) {
			return "a password given as curl -u user:password"
		}
	}
	if m := useraddFlag.FindStringSubmatch(line); m != nil && !reference(m[1]) {
		return "a password hash given to useradd or usermod -p"
	}
	if m := passwordFlag.FindStringSubmatch(line); m != nil && !reference(m[1]) {
		return "a password or token on a command line"
	}
	return ""
}

// urlSecret names the credential a URL carries: a password or a token as
// its userinfo, or a signature or token in its query (a presigned URL).
func urlSecret(raw string) string {
	u, err := url.Parse(strings.TrimRight(raw, ".,;)]}"))
	if err != nil {
		// Not a URL Go can read; still spot scheme://user:password@.
		rest := raw[strings.Index(raw, "://")+3:]
		if at := strings.IndexByte(rest, '@'); at > 0 && strings.Contains(rest[:at], ":") && !strings.ContainsAny(rest[:at], "/") {
			return "a password as the user:password@ of a URL"
		}
		return ""
	}
	if u.User != nil {
		if pass, set := u.User.Password(); set && pass != "" && !reference(pass) {
			return "a password as the user:password@ of a URL"
		}
		if name := u.User.Username(); !hasPassword(u) && tokenLike(name) {
			return "a token as the userinfo of a URL"
		}
	}
	q := u.Query()
	for _, k := range sortedKeys(q) { // sorted: the same parameter on every run
		if !sensitiveQuery[strings.ToLower(k)] {
			continue
		}
		for _, v := range q[k] {
			if v != "" && !reference(v) {
				return fmt.Sprintf("a signature or token in the query parameter %q of a URL", clipKey(k))
			}
		}
	}
	return ""
}

func hasPassword(u *url.URL) bool { _, set := u.User.Password(); return set }

// sensitiveQuery are query parameters that authorise whoever holds the
// URL: S3 and GCS presigned URLs, Azure SAS (sig), CloudFront, tokens.
var sensitiveQuery = map[string]bool{
	"x-amz-signature": true, "x-amz-credential": true, "x-amz-security-token": true,
	"x-goog-signature": true, "x-goog-credential": true, "googleaccessid": true,
	"sig": true, "signature": true, "awsaccesskeyid": true, "key-pair-id": true,
	"access_token": true, "token": true, "api_key": true, "apikey": true, "private_token": true,
	"password": true, "passwd": true, "secret": true, "client_secret": true, "auth": true,
}

// sensitiveKey: the key names a credential. Keys that name where one is
// (a file, a path, a URL, a Secret) or a switch (lock_passwd,
// ssh_pwauth) do not.
func sensitiveKey(key string) bool {
	k := strings.ToLower(strings.Trim(key, `"' `))
	if k == "" {
		return false
	}
	for _, s := range []string{"_file", "-file", "_path", "-path", "_url", "-url", "_uri", "_ref", "ref", "_name", "-name", "_type", "_length", "_policy", "_expire", "_hash_algorithm", "_dir", "_command", "_cmd"} {
		if strings.HasSuffix(k, s) {
			return false
		}
	}
	switch k {
	case "lock_passwd", "lock-passwd", "ssh_pwauth", "password_authentication", "passwordauthentication", "expire", "token_endpoint", "nopasswd", "chpasswd":
		return false
	}
	for _, s := range []string{"password", "passwd", "passphrase", "secret", "token", "api_key", "apikey", "api-key",
		"access_key", "secret_key", "private_key", "client_secret", "credential", "auth_key", "_pass", "pwd"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return k == "pass" || k == "pw"
}

func secretKind(key string) string {
	k := strings.ToLower(key)
	switch {
	case strings.Contains(k, "hashed"):
		return "password hash"
	case strings.Contains(k, "pass") || strings.Contains(k, "pwd") || k == "pw":
		return "password"
	case strings.Contains(k, "token"):
		return "token"
	case strings.Contains(k, "key"):
		return "key"
	}
	return "secret"
}

// literalSecret: value, given for key, is a secret itself: not empty, not
// a boolean or null, not a reference to one kept elsewhere.
func literalSecret(key, value string) bool {
	v := strings.TrimSpace(value)
	v = strings.TrimRight(v, ",;}]")
	v = strings.TrimSpace(strings.Trim(strings.TrimSpace(v), `"'`))
	if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	switch strings.ToLower(v) {
	case "", "true", "false", "yes", "no", "on", "off", "null", "~", "none", "|", ">", "|-", ">-", "|+", ">+", "[]", "{}", "[", "{":
		return false // no value on this line, or a switch
	}
	if reference(v) {
		return false
	}
	if strings.HasPrefix(v, "ssh-") || strings.HasPrefix(v, "ecdsa-") || strings.HasPrefix(v, "sk-ssh-") || strings.HasPrefix(v, "sk-ecdsa-") {
		return false // a public key
	}
	return true
}

// reference: the value names a secret kept elsewhere (a shell or
// template variable, a cloud-init jinja expression), or is a placeholder.
func reference(v string) bool {
	v = strings.Trim(strings.TrimSpace(v), `"'`)
	return v == "" || variable.MatchString(v) && !cryptHash.MatchString(v) || strings.HasPrefix(v, "{{") || strings.HasPrefix(v, "%{") ||
		strings.HasPrefix(v, "<") && strings.HasSuffix(v, ">")
}

// variable is $NAME, ${NAME} or $(command), not a crypt hash ($6$…).
// (A line cut at a flow "}" may have lost the closing brace.)
var (
	variable  = regexp.MustCompile(`^\$(\{[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*|\()`)
	cryptHash = regexp.MustCompile(`^\$[0-9a-z]{1,3}\$`)
)

// tokenLike: a URL's user name that is a token rather than a name (a
// GitHub or GitLab token given as https://TOKEN@host): long, random.
func tokenLike(name string) bool {
	if len(name) < 20 || reference(name) {
		return false
	}
	return entropy(name) >= 3.5
}

// entropy is the Shannon entropy of s, in bits per byte.
func entropy(s string) float64 {
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / float64(len(s))
			h -= p * math.Log2(p)
		}
	}
	return h
}

func clipKey(k string) string {
	if len(k) > 40 {
		return k[:40] + "…"
	}
	return k
}
