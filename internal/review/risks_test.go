package review

import (
	"testing"

	"sigs.k8s.io/yaml"
)

const liveVM = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
spec:
  runStrategy: Always
  template:
    spec:
      domain:
        cpu: {sockets: 2, cores: 1, model: host-model}
        memory: {guest: 4Gi}
        devices:
          disks: [{name: rootdisk, disk: {bus: virtio}}]
          interfaces: [{name: default, masquerade: {}}]
      networks: [{name: default, pod: {}}]
      volumes: [{name: rootdisk, dataVolume: {name: web-root}}]
`

// What KubeVirt applies live raises no restart; what it does not, does
// (kubevirt v1.6 pkg/virt-controller/watch/vm/vm.go addRestartRequiredIfNeeded).
func TestVMRisks(t *testing.T) {
	for _, tc := range []struct {
		name, from, to string
		restart        bool
	}{
		{"sockets", "sockets: 2", "sockets: 4", false},
		{"guest memory", "guest: 4Gi", "guest: 8Gi", false},
		{"node selector", "      networks:", "      nodeSelector: {zone: a}\n      networks:", false},
		{"an added interface", "interfaces: [{name: default, masquerade: {}}]", "interfaces: [{name: default, masquerade: {}}, {name: vlan, bridge: {}}]", false},
		{"an added network", "networks: [{name: default, pod: {}}]", "networks: [{name: default, pod: {}}, {name: vlan, multus: {networkName: v}}]", false},
		{"cores", "cores: 1", "cores: 2", true},
		{"the CPU model", "model: host-model", "model: Skylake", true},
		{"a removed interface", "interfaces: [{name: default, masquerade: {}}]", "interfaces: []", true},
		{"a changed network", "pod: {}", "multus: {networkName: x}", true},
		{"a disk bus", "bus: virtio", "bus: sata", true},
		{"a volume", "name: web-root", "name: web-root-2", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var a, b map[string]any
			if err := yaml.Unmarshal([]byte(liveVM), &a); err != nil {
				t.Fatal(err)
			}
			changed := replaceOnce(t, liveVM, tc.from, tc.to)
			if err := yaml.Unmarshal([]byte(changed), &b); err != nil {
				t.Fatal(err)
			}
			restart := false
			for _, r := range vmRisks("vm", a, b) {
				restart = restart || r.Kind == RiskRestart
			}
			if restart != tc.restart {
				t.Errorf("restart = %v, want %v; risks %v", restart, tc.restart, vmRisks("vm", a, b))
			}
		})
	}
}

func replaceOnce(t *testing.T, s, from, to string) string {
	t.Helper()
	for i := 0; i+len(from) <= len(s); i++ {
		if s[i:i+len(from)] == from {
			return s[:i] + to + s[i+len(from):]
		}
	}
	t.Fatalf("%q not in the VM", from)
	return ""
}
