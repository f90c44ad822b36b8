package objects

const ServiceMonitorAPIVersion = "monitoring.coreos.com/v1"

// ServiceMonitor tells the cluster's Prometheus to scrape a Service.
type ServiceMonitor struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       ServiceMonitorSpec `json:"spec"`
}

type ServiceMonitorSpec struct {
	Selector  LabelSelector `json:"selector"`
	Endpoints []Endpoint    `json:"endpoints"`
}

type Endpoint struct {
	Port     string `json:"port"`
	Interval string `json:"interval,omitempty"`
	Path     string `json:"path,omitempty"`
}
