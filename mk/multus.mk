# Multus's own code on vmfleet's output (tests/multus, a module of its own: multus-cni v4.1.4 pins an older
# Kubernetes than vmfleet). For every example VM on every cluster, the virt-launcher pod's network annotation
# is resolved against the NADs vmfleet delivers there, with OpenShift's namespaceIsolation and
# globalNamespaces; plus negative controls Multus must refuse. Seconds once the module cache is warm.

.PHONY: test-multus
test-multus: build ## Multus (as OpenShift configures it) attaches every example VM's networks from the NADs vmfleet delivers
	cd tests/multus && GOWORK=off VMFLEET_BIN="$(CURDIR)/$(VMFLEET)" $(GO) test -count=1 -v ./
