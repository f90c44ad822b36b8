package validate

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strings"
)

// The line rules of the secret detector: key formats, assignments, shell
// commands, URLs. They read any text: user data that is no cloud-config,
// and each decoded write_files content.

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
	case "", "true", "false", "yes", "no", "on", "off", "null", "~", "none", "|", ">", "|-", ">-", "|+", ">+", "[]", "{}", "[", "{",
		"*", "!", "!!", "!*":
		return false // no value on this line, a switch, or a locked account (passwd: "!")
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
// GitHub or GitLab token given as https://TOKEN@host): long, random, with
// digits, not words joined by separators (deployment-bot-account).
func tokenLike(name string) bool {
	if len(name) < 20 || reference(name) {
		return false
	}
	digits := 0
	for i := 0; i < len(name); i++ {
		if name[i] >= '0' && name[i] <= '9' {
			digits++
		}
	}
	separators := strings.Count(name, "-") + strings.Count(name, ".")
	return digits >= 2 && separators <= 2 && entropy(name) >= 3.5
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
