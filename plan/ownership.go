package plan

// OwnsBaseline reports whether this fleet manages the platform baseline of
// its clusters: the CNV operator, HyperConverged and its health check,
// NMState, the hub's observability allowlist. One fleet per hub does
// (spec.virtualization.managedBy empty); tenant fleets name it instead and
// emit none of these objects, so two fleets never write one object twice.
// Every generator of a baseline object returns nothing when this is false.
func (p *Plan) OwnsBaseline() bool { return p.Fleet.Spec.Virtualization.ManagedBy == "" }

// HubName names a hub object of the fleet: the name itself for the
// baseline owner (whose objects are the hub's one copy), and
// <fleet>-<name> for a tenant fleet, so tenants sharing a hub (or a policy
// namespace) never write under one another's names.
func (p *Plan) HubName(name string) string {
	if p.OwnsBaseline() {
		return name
	}
	return p.Fleet.Metadata.Name + "-" + name
}
