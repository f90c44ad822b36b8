package generators

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kubevirtv1 "kubevirt.io/api/core/v1"
	cdiv1 "kubevirt.io/containerized-data-importer-api/pkg/apis/core/v1beta1"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

const (
	instancetypeKind = "VirtualMachineClusterInstancetype"
	preferenceKind   = "VirtualMachineClusterPreference"
	cloudInitDisk    = "cloudinit" // the seed's volume name
	podNetwork       = "default"
)

// VirtualMachine makes the KubeVirt VirtualMachine of one instance:
// dataVolumeTemplates with spec.storage, runStrategy (never running), the
// pod network plus bridged secondary networks, cloud-init from a Secret.
func VirtualMachine(p *plan.Plan, in *plan.Instance) objects.VirtualMachine {
	s := in.VM.Spec
	vm := &kubevirtv1.VirtualMachine{
		TypeMeta: metav1.TypeMeta{APIVersion: kubevirtv1.GroupVersion.String(), Kind: "VirtualMachine"},
		ObjectMeta: metav1.ObjectMeta{
			Name:        s.Name,
			Namespace:   s.Namespace,
			Labels:      merge(s.Labels, commonLabels(p)),
			Annotations: map[string]string{ArgoSyncOptions: KeepOnPruneOrDelete},
		},
	}
	strategy := kubevirtv1.VirtualMachineRunStrategy(in.RunStrategy.Value)
	if in.State == v1alpha1.StateRetired {
		strategy = kubevirtv1.RunStrategyHalted
		vm.Annotations[ArgoSyncOptions] = KeepOnDelete
		vm.Labels[LabelState] = string(v1alpha1.StateRetired)
	}
	vm.Spec.RunStrategy = &strategy
	if it := in.Instancetype.Value; it != "" {
		vm.Spec.Instancetype = &kubevirtv1.InstancetypeMatcher{Kind: instancetypeKind, Name: it}
	}
	if s.Preference != "" {
		vm.Spec.Preference = &kubevirtv1.PreferenceMatcher{Kind: preferenceKind, Name: s.Preference}
	}

	spec := kubevirtv1.VirtualMachineInstanceSpec{NodeSelector: in.NodeSelector}
	if in.Eviction.Value != "" {
		e := kubevirtv1.EvictionStrategy(in.Eviction.Value)
		spec.EvictionStrategy = &e
	}
	if s.CPU != nil {
		spec.Domain.CPU = &kubevirtv1.CPU{Cores: s.CPU.Cores, Sockets: s.CPU.Sockets, Threads: s.CPU.Threads, Model: s.CPU.Model}
	}
	if s.CPUModel != "" {
		spec.Domain.CPU = &kubevirtv1.CPU{Model: s.CPUModel}
	}
	if s.Memory != "" {
		q := resource.MustParse(s.Memory) // validated
		spec.Domain.Memory = &kubevirtv1.Memory{Guest: &q}
	}

	// Without a preference the bus must be explicit; with one, the
	// preference chooses it. A Windows guest always gets the bus its
	// setup has drivers for, whatever the preference.
	bus := kubevirtv1.DiskBusVirtio
	if s.Preference != "" {
		bus = ""
	}
	nicModel := ""
	if in.Windows {
		windows(&spec)
		bus, nicModel = windowsBus(in)
	}
	for _, d := range in.Disks {
		spec.Domain.Devices.Disks = append(spec.Domain.Devices.Disks, diskDevice(d.Name, bus))
		spec.Volumes = append(spec.Volumes, volume(d))
		if d.Volume != "" {
			vm.Spec.DataVolumeTemplates = append(vm.Spec.DataVolumeTemplates, dataVolumeTemplate(s, d))
		}
	}
	if in.Windows {
		windowsVolumes(in, &spec)
	}
	networkData := NetworkData(in)
	if ci := s.CloudInit; ci != nil || networkData != "" {
		src := cloudInit(ci, in.CloudInitSecret.Value)
		src.NetworkData = networkData
		spec.Domain.Devices.Disks = append(spec.Domain.Devices.Disks, diskDevice(cloudInitDisk, bus))
		spec.Volumes = append(spec.Volumes, kubevirtv1.Volume{Name: cloudInitDisk, VolumeSource: kubevirtv1.VolumeSource{
			CloudInitNoCloud: src}})
	}

	spec.Domain.Devices.Interfaces = append(spec.Domain.Devices.Interfaces, kubevirtv1.Interface{Name: podNetwork, MacAddress: in.PodMAC, Model: nicModel,
		InterfaceBindingMethod: kubevirtv1.InterfaceBindingMethod{Masquerade: &kubevirtv1.InterfaceMasquerade{}}})
	spec.Networks = append(spec.Networks, kubevirtv1.Network{Name: podNetwork,
		NetworkSource: kubevirtv1.NetworkSource{Pod: &kubevirtv1.PodNetwork{}}})
	for _, a := range in.Networks {
		spec.Domain.Devices.Interfaces = append(spec.Domain.Devices.Interfaces, kubevirtv1.Interface{Name: a.Name, MacAddress: a.MAC, Model: nicModel,
			InterfaceBindingMethod: kubevirtv1.InterfaceBindingMethod{Bridge: &kubevirtv1.InterfaceBridge{}}})
		spec.Networks = append(spec.Networks, kubevirtv1.Network{Name: a.Name,
			NetworkSource: kubevirtv1.NetworkSource{Multus: &kubevirtv1.MultusNetwork{NetworkName: a.NetworkName}}})
	}

	vm.Spec.Template = &kubevirtv1.VirtualMachineInstanceTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: merge(s.Labels, map[string]string{LabelVM: s.Name})},
		Spec:       spec,
	}
	return objects.VirtualMachine{VirtualMachine: vm}
}

// volume is a disk's source: its DataVolume, or for an ephemeral disk a
// containerDisk (the root) or an emptyDisk, which live as long as the VMI.
func volume(d plan.Disk) kubevirtv1.Volume {
	v := kubevirtv1.Volume{Name: d.Name}
	switch {
	case d.Source.ContainerDisk != nil:
		c := d.Source.ContainerDisk
		v.ContainerDisk = &kubevirtv1.ContainerDiskSource{Image: c.Image, ImagePullSecret: c.ImagePullSecret}
	case d.Ephemeral:
		v.EmptyDisk = &kubevirtv1.EmptyDiskSource{Capacity: resource.MustParse(d.Size)} // validated
	default:
		v.DataVolume = &kubevirtv1.DataVolumeSource{Name: d.Volume}
	}
	return v
}

func diskDevice(name string, bus kubevirtv1.DiskBus) kubevirtv1.Disk {
	return kubevirtv1.Disk{Name: name, DiskDevice: kubevirtv1.DiskDevice{Disk: &kubevirtv1.DiskTarget{Bus: bus}}}
}

// cloudInit is the VM's cloud-init with secret, the user data Secret the
// plan resolved for the cluster.
func cloudInit(ci *v1alpha1.CloudInit, secret string) *kubevirtv1.CloudInitNoCloudSource {
	if ci == nil {
		return &kubevirtv1.CloudInitNoCloudSource{}
	}
	out := &kubevirtv1.CloudInitNoCloudSource{UserData: ci.UserData}
	if secret != "" {
		out.UserDataSecretRef = &corev1.LocalObjectReference{Name: secret}
	}
	if ci.NetworkDataSecretRef != "" {
		out.NetworkDataSecretRef = &corev1.LocalObjectReference{Name: ci.NetworkDataSecretRef}
	}
	return out
}

func dataVolumeTemplate(vm *v1alpha1.VM, d plan.Disk) kubevirtv1.DataVolumeTemplateSpec {
	storage := &cdiv1.StorageSpec{Resources: corev1.VolumeResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse(d.Size)}}}
	if d.AccessMode.Value != "" {
		storage.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.PersistentVolumeAccessMode(d.AccessMode.Value)}
	}
	if d.StorageClass != "" {
		storage.StorageClassName = &d.StorageClass
	}
	if d.VolumeMode != "" {
		mode := corev1.PersistentVolumeMode(d.VolumeMode)
		storage.VolumeMode = &mode
	}
	spec := cdiv1.DataVolumeSpec{Storage: storage}
	src := d.Source
	ns := func(n string) string {
		if n == "" {
			return vm.Namespace
		}
		return n
	}
	switch {
	case src.DataSource != nil:
		n := ns(src.DataSource.Namespace)
		spec.SourceRef = &cdiv1.DataVolumeSourceRef{Kind: "DataSource", Name: src.DataSource.Name, Namespace: &n}
	case src.Image != "":
		// A fleet golden image: the DataSource its DataImportCron keeps.
		n := plan.GoldenImageNamespace
		spec.SourceRef = &cdiv1.DataVolumeSourceRef{Kind: "DataSource", Name: src.Image, Namespace: &n}
	case src.PVC != nil:
		spec.Source = &cdiv1.DataVolumeSource{PVC: &cdiv1.DataVolumeSourcePVC{Name: src.PVC.Name, Namespace: ns(src.PVC.Namespace)}}
	case src.Registry != nil:
		r := &cdiv1.DataVolumeSourceRegistry{URL: &src.Registry.URL}
		if src.Registry.SecretRef != "" {
			r.SecretRef = &src.Registry.SecretRef
		}
		if src.Registry.CertConfigMap != "" {
			r.CertConfigMap = &src.Registry.CertConfigMap
		}
		if d.NodePull {
			r.PullMethod = ptr(cdiv1.RegistryPullNode)
		}
		spec.Source = &cdiv1.DataVolumeSource{Registry: r}
	case src.HTTP != nil:
		spec.Source = &cdiv1.DataVolumeSource{HTTP: &cdiv1.DataVolumeSourceHTTP{URL: src.HTTP.URL,
			SecretRef: src.HTTP.SecretRef, CertConfigMap: src.HTTP.CertConfigMap}}
	case src.S3 != nil:
		spec.Source = &cdiv1.DataVolumeSource{S3: &cdiv1.DataVolumeSourceS3{URL: src.S3.URL,
			SecretRef: src.S3.SecretRef, CertConfigMap: src.S3.CertConfigMap}}
	default:
		spec.Source = &cdiv1.DataVolumeSource{Blank: &cdiv1.DataVolumeBlankImage{}}
	}
	return kubevirtv1.DataVolumeTemplateSpec{ObjectMeta: metav1.ObjectMeta{Name: d.Volume}, Spec: spec}
}
