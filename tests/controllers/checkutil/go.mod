module vmfleet.dev/vmfleet/tests/controllers/checkutil

// Shared by the checker modules of tests/controllers (each requires it through a local replace).
go 1.26

require (
	k8s.io/apimachinery v0.30.2
	sigs.k8s.io/yaml v1.4.0
)

require sigs.k8s.io/json v0.0.0-20221116044647-bc3834ca7abd // indirect
