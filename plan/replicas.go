package plan

import (
	"fmt"
	"net/netip"

	"vmfleet.dev/vmfleet/api/v1alpha1"
)

// Replicas of a VM on one cluster: how many exist there and how many of
// the highest are retired, from clusterOverrides, else the VM.
func Replicas(s *v1alpha1.VM, cluster string) (count, retired int) {
	count = 1
	if s.Replicas != nil {
		count = int(*s.Replicas)
	}
	if s.RetiredReplicas != nil {
		retired = int(*s.RetiredReplicas)
	}
	if o, ok := s.ClusterOverrides[cluster]; ok {
		if o.Replicas != nil {
			count = int(*o.Replicas)
		}
		if o.RetiredReplicas != nil {
			retired = int(*o.RetiredReplicas)
		}
	}
	return count, retired
}

// replicaSpecs expands a VM with replicas into one VM per replica,
// <name>-<i>, each running on the clusters that count more than i
// replicas: plain VMs to everything downstream, so each has its own
// DataVolumes (named after it), MACs, policies and base folder. The
// highest retiredReplicas of a cluster are retired there, so scaling down
// takes the decommission path: retire, then lower replicas.
//
// vmfleet expands replicas itself rather than emit a VirtualMachinePool
// (pool.kubevirt.io/v1alpha1, KubeVirt 1.6): a pool's VMs share one
// template, so they cannot have addresses of their own; its scale-in picks
// a random VM by default (VirtualMachinePoolScaleInStrategy) and deletes it
// at once, where a fleet VM is retired first and keeps its disks.
func replicaSpecs(s *v1alpha1.VM, clusters []string) []*v1alpha1.VM {
	if s.Replicas == nil {
		return []*v1alpha1.VM{s}
	}
	most := 0
	for _, c := range clusters {
		if n, _ := Replicas(s, c); n > most {
			most = n
		}
	}
	var out []*v1alpha1.VM
	for i := 0; i < most; i++ {
		r := *s
		r.Name = fmt.Sprintf("%s-%d", s.Name, i)
		r.Replicas, r.RetiredReplicas = nil, nil
		r.Clusters = nil
		r.ClusterStates = map[string]v1alpha1.VMState{}
		for _, c := range clusters {
			n, retired := Replicas(s, c)
			if i >= n {
				continue
			}
			r.Clusters = append(r.Clusters, c)
			state := s.ClusterStates[c]
			if state == "" {
				state = s.State
			}
			if i >= n-retired && state != v1alpha1.StateAbsent {
				state = v1alpha1.StateRetired
			}
			r.ClusterStates[c] = state
		}
		r.Addresses = offsetAddresses(s.Addresses, i)
		out = append(out, &r)
	}
	return out
}

// offsetAddresses gives replica i the i-th address after each one given.
func offsetAddresses(in []v1alpha1.StaticAddress, i int) []v1alpha1.StaticAddress {
	out := make([]v1alpha1.StaticAddress, len(in))
	for j, a := range in {
		out[j] = a
		out[j].Address = offsetAddress(a.Address, i)
		if a.Clusters != nil {
			out[j].Clusters = map[string]string{}
			for c, addr := range a.Clusters {
				out[j].Clusters[c] = offsetAddress(addr, i)
			}
		}
	}
	return out
}

func offsetAddress(cidr string, i int) string {
	pfx, err := netip.ParsePrefix(cidr)
	if err != nil || i == 0 {
		return cidr // validated elsewhere
	}
	a := pfx.Addr()
	for ; i > 0; i-- {
		a = a.Next()
	}
	return netip.PrefixFrom(a, pfx.Bits()).String()
}
