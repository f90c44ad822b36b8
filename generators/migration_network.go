package generators

import (
	"vmfleet.dev/vmfleet/internal/objects"
	"vmfleet.dev/vmfleet/internal/plan"
)

// MigrationTrafficPolicy is the Policy delivering the NetworkPolicy that
// lets live migrations through a default-deny operator namespace.
const MigrationTrafficPolicy = "cnv-migration-traffic"

// VirtHandlerLabel selects the virt-handler pods (KubeVirt labels its
// components kubevirt.io=<component>).
var VirtHandlerLabel = map[string]string{"kubevirt.io": "virt-handler"}

// MigrationTraffic allows virt-handler to virt-handler TCP in the operator
// namespace. The migration runs through KubeVirt's migration proxy
// (kubevirt/kubevirt pkg/virt-handler/migration-proxy): libvirt's direct
// and block migration ports, LibvirtDirectMigrationPort 49152 and
// LibvirtBlockMigrationPort 49153, are reached over unix sockets between
// virt-launcher and its node's virt-handler, and the leg between the two
// virt-handlers is TLS to a listener the target binds on port 0, a port
// the kernel picks (NewTargetProxy/NewTargetSocketProxy with
// tcpBindPort 0). A rule for 49152-49153 alone would block every
// migration, so the rule covers all TCP ports, and only between
// virt-handler pods. NetworkPolicy does not filter a dedicated migration
// network (a Multus secondary network); this is for the pod network.
func MigrationTraffic(p *plan.Plan) []objects.Object {
	z := p.Fleet.Spec.Virtualization
	if !z.AllowMigrationTraffic || !p.OwnsBaseline() {
		return nil
	}
	peer := []objects.NetworkPolicyPeer{{PodSelector: &objects.LabelSelector{MatchLabels: VirtHandlerLabel}}}
	tcp := []objects.NetworkPolicyPort{{Protocol: "TCP"}}
	np := &objects.NetworkPolicy{
		TypeMeta:   objects.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "NetworkPolicy"},
		ObjectMeta: objects.ObjectMeta{Name: "allow-virt-handler-migration", Namespace: z.Operator.Namespace, Labels: commonLabels(p)},
		Spec: objects.NetworkPolicySpec{
			PodSelector: objects.LabelSelector{MatchLabels: VirtHandlerLabel},
			Ingress:     []objects.NetworkPolicyIngressRule{{From: peer, Ports: tcp}},
			Egress:      []objects.NetworkPolicyEgressRule{{To: peer, Ports: tcp}},
			PolicyTypes: []string{"Ingress", "Egress"},
		},
	}
	return []objects.Object{policy(p, MigrationTrafficPolicy, "Lets virt-handler pods reach each other for live migration.",
		[]objects.PolicyDependency{dependsOnPolicy(p, z.Operator.Policy)},
		objects.PolicyTemplate{ObjectDefinition: configurationPolicy(p, MigrationTrafficPolicy, np)})}
}
