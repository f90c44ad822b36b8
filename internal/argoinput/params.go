package argoinput

import (
	"encoding/json"
	"fmt"
)

// Plugin parameters: an Application may select the cluster and the fleet
// file with spec.source.plugin.parameters instead of plugin env. Argo CD
// passes the parameters set on the Application as JSON in
// ARGOCD_APP_PARAMETERS, a list of {name, string | array | map}
// (argoproj/argo-cd docs/operator-manual/config-management-plugins.md).
const (
	envParameters  = "ARGOCD_APP_PARAMETERS"
	paramCluster   = "cluster"
	paramFleetFile = "fleet"
)

type pluginParameter struct {
	Name   string  `json:"name"`
	String *string `json:"string,omitempty"`
}

// pluginInput is one input of the plugin: the plugin env value if set,
// else the parameter's; set both to different values and it is an error.
func pluginInput(getenv func(string) string, env, param string) (value, from string, err error) {
	fromEnv := getenv(env)
	fromParam, err := parameter(getenv(envParameters), param)
	if err != nil {
		return "", "", err
	}
	switch {
	case fromEnv != "" && fromParam != "" && fromEnv != fromParam:
		return "", "", fmt.Errorf("%s is %q but plugin parameter %q is %q: set one of them", env, fromEnv, param, fromParam)
	case fromEnv != "":
		return fromEnv, env, nil
	case fromParam != "":
		return fromParam, "plugin parameter " + param, nil
	}
	return "", "", nil
}

// parameter reads one string parameter from ARGOCD_APP_PARAMETERS.
func parameter(raw, name string) (string, error) {
	if raw == "" {
		return "", nil
	}
	var params []pluginParameter
	if err := json.Unmarshal([]byte(raw), &params); err != nil {
		return "", fmt.Errorf("%s is not a JSON list of parameters: %w", envParameters, err)
	}
	for _, p := range params {
		if p.Name != name {
			continue
		}
		if p.String == nil {
			return "", fmt.Errorf("plugin parameter %q must be a string (%s)", name, envParameters)
		}
		return *p.String, nil
	}
	return "", nil
}
