package generators

import (
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// MigrationTrafficPolicy is the Policy delivering the NetworkPolicy that
// lets live migrations through a default-deny operator namespace.
const MigrationTrafficPolicy = plan.MigrationTrafficPolicy

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

// migrationNADDependency holds the HyperConverged back until the migration
// network's NAD is in the operator namespace: virt-handler pods name it in
// their network annotation, and Multus fails a pod whose NAD is missing.
// Only when one policy delivers it everywhere (the usual case: no VM
// attaches the migration network); with variants, their names differ per
// cluster and a dependency cannot name them, so virt-handler retries until
// the NAD arrives.
func migrationNADDependency(p *plan.Plan) []objects.PolicyDependency {
	if p.MigrationNetwork == nil {
		return nil
	}
	var names []string
	for _, np := range nadPolicies(p) {
		if np.network == p.MigrationNetwork {
			names = append(names, np.policy)
		}
	}
	if len(names) != 1 {
		return nil
	}
	return []objects.PolicyDependency{dependsOnPolicy(p, names[0])}
}
