package validate_test

import "testing"

const labelled = `  clusters:
    - name: east
      labels: {stage: canary}
    - name: west
    - name: north
      labels: {region: north}
`

func TestRolloutRules(t *testing.T) {
	for _, tc := range []struct {
		name, steps string
		clusters    string // default: labelled
		want        []string
	}{{
		name:  "canary, then the rest two at a time, is clean",
		steps: "  rollout:\n    steps:\n      - {name: canary, matchLabels: {stage: canary}}\n      - {name: rest, maxUpdate: \"2\"}\n",
	}, {
		name:  "a step that selects no cluster",
		steps: "  rollout:\n    steps:\n      - {name: canary, matchLabels: {stage: kanary}}\n      - {name: rest}\n",
		want:  []string{`f.yaml:11: error: spec.rollout.steps[0].matchLabels: rollout step "canary" selects no cluster: no clusters[].labels match {stage=kanary}`},
	}, {
		name: "two steps that select the same cluster",
		steps: "  rollout:\n    steps:\n      - {name: canary, matchLabels: {stage: canary}}\n" +
			"      - {name: again, matchLabels: {stage: canary}}\n      - {name: rest}\n",
		want: []string{
			`f.yaml:12: error: spec.rollout.steps[1].matchLabels: rollout step "again" selects cluster "east", which step "canary" (spec.rollout.steps[0]) selects already: steps must not overlap`,
			`f.yaml:12: error: spec.rollout.steps[1].matchLabels: rollout step "again" selects no cluster: no clusters[].labels match {stage=canary}`,
		},
	}, {
		name:  "clusters left out of every step",
		steps: "  rollout:\n    steps:\n      - {name: canary, matchLabels: {stage: canary}}\n",
		want:  []string{`f.yaml:10: error: spec.rollout.steps: cluster(s) west, north are in no rollout step, so Argo CD would never sync them: add a last step without matchLabels`},
	}, {
		name:  "a catch-all step before the last",
		steps: "  rollout:\n    steps:\n      - {name: rest}\n      - {name: canary, matchLabels: {stage: canary}}\n",
		want: []string{`f.yaml:10: error: spec.rollout.steps: cluster(s) west, north are in no rollout step, so Argo CD would never sync them: add a last step without matchLabels`,
			`f.yaml:11: error: spec.rollout.steps[0].matchLabels: only the last rollout step may leave matchLabels out (it takes every cluster no earlier step took)`},
	}, {
		name:     "a catch-all step left with nothing",
		steps:    "  rollout:\n    steps:\n      - {name: a, matchLabels: {stage: canary}}\n      - {name: b}\n",
		clusters: "  clusters:\n    - name: east\n      labels: {stage: canary}\n",
		want:     []string{`f.yaml:12: error: spec.rollout.steps[1]: rollout step "b" selects no cluster: the earlier steps took them all`},
	}, {
		name:  "a maxUpdate that is neither a count nor a percentage",
		steps: "  rollout:\n    steps:\n      - {name: rest, maxUpdate: \"0\"}\n",
		want:  []string{`f.yaml:11: error: spec.rollout.steps[0].maxUpdate: "0" is not a count of clusters (1, 2, ...) or a percentage of them (1% to 100%)`},
	}} {
		clusters := tc.clusters
		if clusters == "" {
			clusters = labelled
		}
		t.Run(tc.name, func(t *testing.T) { wantFindings(t, fleet(tc.steps, clusters, vm("")), tc.want) })
	}
}
