package objects

const NetworkAttachmentDefinitionAPIVersion = "k8s.cni.cncf.io/v1"

// NetworkAttachmentDefinition is a Multus secondary network; Config is a
// JSON string of the CNI configuration.
type NetworkAttachmentDefinition struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       NADSpec `json:"spec"`
}

type NADSpec struct {
	Config string `json:"config"`
}
