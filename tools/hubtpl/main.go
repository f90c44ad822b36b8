// Command hubtpl resolves the Go templates of one object the way the OCM
// policy controllers do, with their own library (stolostron/go-template-utils
// v7.1.0, the version config-policy-controller v0.17.0 uses), against a real
// API server. The e2e tests run it on vmfleet's policies:
//
//	hubtpl -kubeconfig K -hub -lookup-namespace NS < object.json
//
// -hub resolves {{hub ... hub}} templates, as the policy propagator does on
// the hub (lookups restricted to the policy's namespace, as without
// hubTemplateOptions.serviceAccountName); without it, {{ ... }} templates,
// as the config-policy-controller does on the managed cluster. The resolved
// object goes to stdout as JSON; a template error to stderr, exit 1.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/stolostron/go-template-utils/v7/pkg/templates"
	"k8s.io/client-go/tools/clientcmd"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the API server to look objects up in")
	hub := flag.Bool("hub", false, "resolve hub templates ({{hub ... hub}}), as the propagator does")
	lookupNS := flag.String("lookup-namespace", "", "restrict lookups to this namespace (the policy's, on the hub)")
	flag.Parse()
	if err := run(*kubeconfig, *hub, *lookupNS); err != nil {
		fmt.Fprintln(os.Stderr, "hubtpl:", err)
		os.Exit(1)
	}
}

func run(kubeconfig string, hub bool, lookupNS string) error {
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		return err
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return err
	}
	conf := templates.Config{}
	if hub {
		// The propagator's delimiters (governance-policy-propagator
		// controllers/propagator/propagation.go TemplateStartDelim/StopDelim).
		conf.StartDelim, conf.StopDelim = "{{hub", "hub}}"
	}
	r, err := templates.NewResolver(cfg, conf)
	if err != nil {
		return err
	}
	res, err := r.ResolveTemplate(raw, nil, &templates.ResolveOptions{LookupNamespace: lookupNS})
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(res.ResolvedJSON)
	return err
}
