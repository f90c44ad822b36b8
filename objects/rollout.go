package objects

import (
	"encoding/json"
	"strconv"
	"strings"
)

// ApplicationSetStrategy is argoproj.io/v1alpha1 ApplicationSetStrategy
// (argo-cd v2.14 pkg/apis/application/v1alpha1/applicationset_types.go).
type ApplicationSetStrategy struct {
	Type        string               `json:"type"`
	RollingSync *RollingSyncStrategy `json:"rollingSync,omitempty"`
}

type RollingSyncStrategy struct {
	Steps []RollingSyncStep `json:"steps"`
}

type RollingSyncStep struct {
	MatchExpressions []LabelSelectorRequirement `json:"matchExpressions"`
	MaxUpdate        *IntOrString               `json:"maxUpdate,omitempty"`
}

// IntOrString is an int or a percentage, as Kubernetes' intstr: a number
// is emitted as a number, since a string without "%" is refused where an
// IntOrString is scaled (k8s.io/apimachinery util/intstr GetScaledValueFromIntOrPercent).
type IntOrString string

func (v IntOrString) MarshalJSON() ([]byte, error) {
	if !strings.HasSuffix(string(v), "%") {
		if n, err := strconv.Atoi(string(v)); err == nil {
			return json.Marshal(n)
		}
	}
	return json.Marshal(string(v))
}

// DecisionStrategy is cluster.open-cluster-management.io/v1beta1
// Placement spec.decisionStrategy (open-cluster-management.io/api v1.1.0
// cluster/v1beta1/types_placement.go).
type DecisionStrategy struct {
	GroupStrategy GroupStrategy `json:"groupStrategy"`
}

type GroupStrategy struct {
	DecisionGroups []DecisionGroup `json:"decisionGroups,omitempty"`
}

type DecisionGroup struct {
	GroupName            string          `json:"groupName"`
	GroupClusterSelector ClusterSelector `json:"groupClusterSelector"`
}
