//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
)

// snapshotsOf returns the VirtualMachineSnapshot a snapshot CronJob creates (its SNAPSHOT env, the
// manifest the job pipes to oc create), to be checked against KubeVirt's VirtualMachineSnapshot CRD as an
// object of its own. The manifest has a generateName (each run makes a new snapshot); server-side apply
// needs a name, so the check gives it generateName + "e2e" and says so in a note. Checked only, never
// applied (unwrapped).
func snapshotsOf(o object) (objs []object, notes []string) {
	if o.kind != "CronJob" {
		return nil, nil
	}
	tmpl, _ := get(o.u, "spec", "jobTemplate", "spec", "template", "spec").(map[string]any)
	for _, c := range list(tmpl, "containers") {
		for _, e := range list(c, "env") {
			if str(e, "name") != "SNAPSHOT" {
				continue
			}
			var u map[string]any
			if err := json.Unmarshal([]byte(str(e, "value")), &u); err != nil {
				notes = append(notes, fmt.Sprintf("CronJob %s/%s: SNAPSHOT is not JSON: %v", o.namespace, o.name, err))
				continue
			}
			md, _ := u["metadata"].(map[string]any)
			if gn, ok := md["generateName"].(string); ok && md["name"] == nil {
				delete(md, "generateName")
				md["name"] = gn + "e2e"
				notes = append(notes, fmt.Sprintf("CronJob %s/%s: its VirtualMachineSnapshot's generateName %q checked as the name %q", o.namespace, o.name, gn, gn+"e2e"))
			}
			b, _ := json.Marshal(u)
			s := newObject(u, b, fmt.Sprintf("CronJob %s/%s env SNAPSHOT; %s", o.namespace, o.name, o.origin))
			s.unwrapped, s.defaultNS = true, o.namespace
			objs = append(objs, s)
		}
	}
	return objs, notes
}
