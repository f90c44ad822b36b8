//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// apiResource is one resource as discovery reports it.
type apiResource struct {
	name       string
	namespaced bool
}

// apiError is a non-2xx answer from the API server, with its Status decoded.
type apiError struct {
	code   int
	status struct {
		Message string `json:"message"`
		Reason  string `json:"reason"`
		Details struct {
			Causes []struct {
				Reason  string `json:"reason"`
				Message string `json:"message"`
				Field   string `json:"field"`
			} `json:"causes"`
		} `json:"details"`
	}
	body string
}

func (e *apiError) Error() string {
	if e.status.Message == "" {
		return fmt.Sprintf("HTTP %d: %s", e.code, strings.TrimSpace(e.body))
	}
	msg := fmt.Sprintf("HTTP %d %s: %s", e.code, e.status.Reason, e.status.Message)
	for _, cause := range e.status.Details.Causes {
		if cause.Field != "" && !strings.Contains(e.status.Message, cause.Field) {
			msg += fmt.Sprintf("\n    field %s: %s", cause.Field, cause.Message)
		}
	}
	return msg
}

func (e *apiError) notFound() bool { return e.code == http.StatusNotFound }
func (e *apiError) conflict() bool { return e.code == http.StatusConflict }

// response is a 2xx answer.
type response struct {
	body     []byte
	warnings []string
}

func (c *cluster) do(method, path, contentType string, body []byte) (*response, error) {
	req, err := http.NewRequestWithContext(context.Background(), method, c.url+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		e := &apiError{code: resp.StatusCode, body: string(b)}
		_ = json.Unmarshal(b, &e.status)
		return nil, e
	}
	r := &response{body: b}
	for _, w := range resp.Header.Values("Warning") {
		// RFC 7234 warning: 299 - "text"
		if i := strings.Index(w, `"`); i >= 0 {
			w = strings.TrimSuffix(w[i+1:], `"`)
		}
		r.warnings = append(r.warnings, w)
	}
	return r, nil
}

// resourceFor finds the REST resource for apiVersion/kind through discovery (cached; retried briefly
// because discovery of a just-established CRD can lag).
func (c *cluster) resourceFor(apiVersion, kind string) (apiResource, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rs, ok := c.discovery[apiVersion]; ok {
		r, ok := rs[kind]
		return r, ok, nil
	}
	path := "/apis/" + apiVersion
	if apiVersion == "v1" {
		path = "/api/v1"
	}
	var list struct {
		Resources []struct {
			Name       string `json:"name"`
			Kind       string `json:"kind"`
			Namespaced bool   `json:"namespaced"`
		} `json:"resources"`
	}
	// Retry briefly only for a group/version one of our CRDs serves: its discovery can lag.
	wait := 100 * time.Millisecond
	for _, info := range c.crds {
		for _, v := range info.versions {
			if info.group+"/"+v == apiVersion {
				wait = 5 * time.Second
			}
		}
	}
	err := waitFor(wait, func() error {
		r, err := c.do("GET", path, "", nil)
		if err != nil {
			return err
		}
		return json.Unmarshal(r.body, &list)
	})
	rs := map[string]apiResource{}
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) || !ae.notFound() {
			return apiResource{}, false, fmt.Errorf("discovery of %s: %w", apiVersion, err)
		}
	}
	for _, r := range list.Resources {
		if !strings.Contains(r.Name, "/") {
			rs[r.Kind] = apiResource{name: r.Name, namespaced: r.Namespaced}
		}
	}
	c.discovery[apiVersion] = rs
	r, ok := rs[kind]
	return r, ok, nil
}

func objectPath(apiVersion string, r apiResource, namespace, name string) string {
	p := "/apis/" + apiVersion
	if apiVersion == "v1" {
		p = "/api/v1"
	}
	if r.namespaced {
		p += "/namespaces/" + url.PathEscape(namespace)
	}
	return p + "/" + r.name + "/" + url.PathEscape(name)
}

// ensureNamespace creates a namespace (once) so that namespaced objects can be checked in it.
func (c *cluster) ensureNamespace(ns string) error {
	c.mu.Lock()
	done := c.namespaces[ns]
	c.mu.Unlock()
	if done || ns == "" {
		return nil
	}
	body := fmt.Sprintf(`{"apiVersion":"v1","kind":"Namespace","metadata":{"name":%q}}`, ns)
	if _, err := c.do("POST", "/api/v1/namespaces?fieldManager=vmfleet-e2e", "application/json", []byte(body)); err != nil {
		var ae *apiError
		if !errors.As(err, &ae) || !ae.conflict() {
			return fmt.Errorf("create namespace %s: %w", ns, err)
		}
	}
	c.mu.Lock()
	c.namespaces[ns] = true
	c.mu.Unlock()
	return nil
}
