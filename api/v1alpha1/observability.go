package v1alpha1

// Observability covers both layers of VM monitoring: the platform's view
// (kubevirt_* series on the hub) and the guest's (an in-guest exporter).
type Observability struct {
	// PlatformMetrics adds the kubevirt_* series to the hub's
	// observability-metrics-custom-allowlist. Default: true.
	// +optional
	PlatformMetrics *bool `json:"platformMetrics,omitempty"`
	// ExtraMetrics are more series names for the allowlist.
	// +optional
	// +kubebuilder:validation:items:Pattern=`^[a-zA-Z_:][a-zA-Z0-9_:]*$`
	ExtraMetrics []string `json:"extraMetrics,omitempty"`
	// AllKubevirtSeries adds the blanket match __name__=~"kubevirt_.*" to
	// the hub allowlist. Costly: it ships every per-vCPU, per-disk and
	// per-NIC series of every VM, while ACM's default list already holds
	// the ~40 kubevirt_* series its dashboards use. Default: false.
	// +optional
	AllKubevirtSeries bool `json:"allKubevirtSeries,omitempty"`
	// GuestMetrics scrapes an exporter running inside each VM.
	// +optional
	GuestMetrics GuestMetrics `json:"guestMetrics,omitempty"`
}

// GuestMetrics makes a Service and ServiceMonitor per VM for an in-guest
// exporter (installed by the VM's cloud-init).
type GuestMetrics struct {
	// NodeExporter turns guest metrics on for every VM. Default: false.
	// +optional
	NodeExporter bool `json:"nodeExporter,omitempty"`
	// Port the exporter listens on. Default: 9100.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port int32 `json:"port,omitempty"`
	// Interval between scrapes. Default: 30s.
	// +optional
	// +kubebuilder:validation:Pattern=`^(([0-9]+(ms|s|m|h))+)?$`
	Interval string `json:"interval,omitempty"`
	// Series of the exporter forwarded to the hub, listed under
	// uwl_metrics_list.yaml in the VM namespace's
	// observability-metrics-custom-allowlist. Default: node_exporter's CPU,
	// memory, filesystem, network and load series.
	// +optional
	Series []string `json:"series,omitempty"`
}
