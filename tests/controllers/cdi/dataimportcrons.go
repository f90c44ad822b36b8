package main

import (
	"encoding/json"
	"net/http"
)

// goldenImageNamespace is where SSP creates the DataImportCrons of HyperConverged's
// dataImportCronTemplates (openshift-virtualization-os-images on OpenShift Virtualization).
const goldenImageNamespace = "openshift-virtualization-os-images"

// dataImportCrons finds the HyperConverged CRs a stream delivers inside its Policies (policy-templates →
// ConfigurationPolicy object-templates) and makes from each spec.dataImportCronTemplates entry the
// DataImportCron SSP creates: the template's metadata and spec, in the golden-image namespace.
func dataImportCrons(objs []object) []object {
	var out []object
	for _, o := range objs {
		if o.Kind != "Policy" {
			continue
		}
		var pol struct {
			Spec struct {
				Templates []struct {
					Def struct {
						Kind string `json:"kind"`
						Spec struct {
							ObjectTemplates []struct {
								Def json.RawMessage `json:"objectDefinition"`
							} `json:"object-templates"`
						} `json:"spec"`
					} `json:"objectDefinition"`
				} `json:"policy-templates"`
			} `json:"spec"`
		}
		if json.Unmarshal(o.Raw, &pol) != nil {
			continue
		}
		for _, pt := range pol.Spec.Templates {
			if pt.Def.Kind != "ConfigurationPolicy" {
				continue
			}
			for _, ot := range pt.Def.Spec.ObjectTemplates {
				var hco struct {
					Kind string `json:"kind"`
					Spec struct {
						DICTs []struct {
							Metadata map[string]any `json:"metadata"`
							Spec     map[string]any `json:"spec"`
						} `json:"dataImportCronTemplates"`
					} `json:"spec"`
				}
				if json.Unmarshal(ot.Def, &hco) != nil || hco.Kind != "HyperConverged" {
					continue
				}
				for _, t := range hco.Spec.DICTs {
					meta := map[string]any{}
					for k, v := range t.Metadata {
						meta[k] = v
					}
					meta["namespace"] = goldenImageNamespace
					raw, err := json.Marshal(map[string]any{"apiVersion": "cdi.kubevirt.io/v1beta1", "kind": "DataImportCron",
						"metadata": meta, "spec": t.Spec})
					if err != nil {
						continue
					}
					name, _ := meta["name"].(string)
					out = append(out, object{APIVersion: "cdi.kubevirt.io/v1beta1", Kind: "DataImportCron",
						Namespace: goldenImageNamespace, Name: name, Raw: raw})
				}
			}
		}
	}
	return out
}

// checkDataImportCron sends one DataImportCron through CDI's DataImportCron validating webhook
// (pkg/apiserver/webhooks/dataimportcron-validate.go: name and managedDataSource DNS-1035 labels, a registry
// or pvc source and no sourceRef, the DataVolume template's own checks, a schedule robfig/cron parses).
func checkDataImportCron(val http.Handler, o object) []cause {
	resp, err := serve(val, "dataimportcrons", o.Namespace, o.Raw)
	if err != nil {
		return []cause{{Stage: "dic-validator", Message: err.Error()}}
	}
	return respCauses("dic-validator", resp)
}
