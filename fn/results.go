package fn

import (
	"fmt"
	"strings"

	sdk "github.com/GoogleContainerTools/kpt-functions-sdk/go/fn"

	"vmfleet.dev/vmfleet/diag"
)

// finding turns a diag finding into a result on the fleet. Lines are not
// kept: they count lines of the ResourceList's copy of the fleet, not of
// its file (orchestrators drop blank lines and add annotations).
func finding(o *sdk.KubeObject, f diag.Finding) *sdk.Result {
	r := resultAt(o, severity(f.Severity), f.Path.String(), f.Message)
	if f.Rule != "" {
		r.Tags = map[string]string{"rule": string(f.Rule)}
	}
	return r
}

func resultAt(o *sdk.KubeObject, sev sdk.Severity, field, msg string) *sdk.Result {
	r := &sdk.Result{Severity: sev, Message: msg, ResourceRef: &sdk.ResourceRef{
		APIVersion: o.GetAPIVersion(), Kind: o.GetKind(), Name: o.GetName(), Namespace: o.GetNamespace(),
	}}
	if field != "" {
		r.Field = &sdk.Field{Path: field}
	}
	if p := pathOf(o); p != "" {
		r.File = &sdk.File{Path: p, Index: index(o)}
	}
	return r
}

func severity(s diag.Severity) sdk.Severity {
	switch s {
	case diag.Error:
		return sdk.Error
	case diag.Warning:
		return sdk.Warning
	}
	return sdk.Info
}

// Line renders a result as one plain line, as vmfleet prints findings:
// "file: severity: field: message" (or "Kind/name: …" without a file).
func Line(r *sdk.Result) string {
	var b strings.Builder
	switch {
	case r.File != nil && r.File.Path != "":
		b.WriteString(r.File.Path + ": ")
	case r.ResourceRef != nil && r.ResourceRef.Name != "":
		b.WriteString(r.ResourceRef.Kind + "/" + r.ResourceRef.Name + ": ")
	}
	sev := r.Severity
	if sev == "" {
		sev = sdk.Error
	}
	b.WriteString(string(sev) + ": ")
	if r.Field != nil && r.Field.Path != "" {
		b.WriteString(r.Field.Path + ": ")
	}
	b.WriteString(r.Message)
	return b.String()
}

func hasErrors(rs sdk.Results) bool {
	for _, r := range rs {
		if r.Severity == sdk.Error || r.Severity == "" {
			return true
		}
	}
	return false
}

func count(rs sdk.Results) string {
	n := 0
	for _, r := range rs {
		if r.Severity == sdk.Error || r.Severity == "" {
			n++
		}
	}
	if n == 1 {
		return "1 error"
	}
	return fmt.Sprintf("%d errors", n)
}
