// Command cdi-check sends every DataVolume of the given streams through CDI v1.61.1's own DataVolume
// webhooks, as cdi-apiserver serves them (pkg/apiserver/webhooks/handler.go NewDataVolumeMutatingWebhook,
// NewDataVolumeValidatingWebhook), over an in-process HTTP round trip as CDI's own tests do: first the
// mutating webhook (garbage-collection annotation, clone authorization and token), then the validating
// webhook on the mutated object (sources, URLs, storage). Every cause is reported. The DataImportCrons the
// streams' HyperConverged dataImportCronTemplates make go through CDI's DataImportCron validating webhook.
//
// The DataVolumes are those KubeVirt's VM controller creates from the VMs' dataVolumeTemplates
// (tests/controllers/kubevirt -datavolumes). They are created as KubeVirt's controller, whose ClusterRole
// may clone from any namespace (kubevirt pkg/virt-operator/resource/generate/rbac/controller.go,
// datavolumes/source), so subject access reviews answer allowed; KubeVirt has already authorised the clone
// as the VM namespace's default ServiceAccount. CDIConfig is CDI's default (no feature gates).
//
// Usage: cdi-check STREAM...   JSON report on stdout, summary on stderr; exit 1 if a DataVolume is rejected.
package main

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"

	jsonpatch "github.com/evanphx/json-patch"
	snapfake "github.com/kubernetes-csi/external-snapshotter/client/v6/clientset/versioned/fake"
	admissionv1 "k8s.io/api/admission/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	k8sfake "k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/klog/v2"
	crfake "sigs.k8s.io/controller-runtime/pkg/client/fake"

	cdiv1 "kubevirt.io/containerized-data-importer-api/pkg/apis/core/v1beta1"
	"kubevirt.io/containerized-data-importer/pkg/apiserver/webhooks"
	cdifake "kubevirt.io/containerized-data-importer/pkg/client/clientset/versioned/fake"
	cc "kubevirt.io/containerized-data-importer/pkg/controller/common"
)

// The user KubeVirt's VM controller runs as (namespace of OpenShift Virtualization).
const controllerUser = "system:serviceaccount:openshift-cnv:kubevirt-controller"

func main() { os.Exit(run()) }

func run() int {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: cdi-check STREAM...")
		return 2
	}
	klog.LogToStderr(false)
	klog.SetOutput(io.Discard)
	rep := report{Checker: "kubevirt.io/containerized-data-importer v1.61.1 (DataVolume mutating + validating webhooks, DataImportCron validating webhook)"}
	type dvIn struct {
		file string
		obj  object
	}
	var dvs, dics []dvIn
	namespaces := map[string]bool{}
	for _, file := range os.Args[1:] {
		objs, err := readStream(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, "cdi-check:", err)
			return 2
		}
		for _, o := range dataImportCrons(objs) {
			dics = append(dics, dvIn{file, o})
			namespaces[o.Namespace] = true
		}
		for _, o := range objs {
			if o.Kind != "DataVolume" {
				continue
			}
			dvs = append(dvs, dvIn{file, o})
			namespaces[o.Namespace] = true
			var dv cdiv1.DataVolume
			if err := json.Unmarshal(o.Raw, &dv); err == nil && dv.Spec.Source != nil && dv.Spec.Source.PVC != nil {
				namespaces[dv.Spec.Source.PVC.Namespace] = true
			}
		}
	}
	// The cluster has the namespaces the DataVolumes live in and clone from (the fleet creates the first,
	// the golden-image namespaces exist beforehand); nothing else.
	mut, val, dicVal, err := webhooksUnderTest(namespaces)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cdi-check:", err)
		return 2
	}
	for _, d := range dvs {
		r := result{Source: d.file, Kind: d.obj.Kind, Namespace: d.obj.Namespace, Name: d.obj.Name}
		r.Causes = check(mut, val, d.obj)
		rep.Objects = append(rep.Objects, r)
	}
	for _, d := range dics {
		r := result{Source: d.file, Kind: d.obj.Kind, Namespace: d.obj.Namespace, Name: d.obj.Name}
		r.Causes = checkDataImportCron(dicVal, d.obj)
		rep.Objects = append(rep.Objects, r)
	}
	return rep.Emit()
}

func webhooksUnderTest(namespaces map[string]bool) (mut, val, dicVal http.Handler, err error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, nil, err
	}
	var nss []runtime.Object
	for ns := range namespaces {
		if ns != "" {
			nss = append(nss, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}})
		}
	}
	k8s := k8sfake.NewSimpleClientset(nss...)
	k8s.PrependReactor("create", "subjectaccessreviews", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, &authorizationv1.SubjectAccessReview{Status: authorizationv1.SubjectAccessReviewStatus{
			Allowed: true, Reason: "kubevirt-controller may create datavolumes/source in every namespace"}}, nil
	})
	config := cc.MakeEmptyCDIConfigSpec("config")
	cdi := cdifake.NewSimpleClientset(config)
	s := runtime.NewScheme()
	if err := cdiv1.AddToScheme(s); err != nil {
		return nil, nil, nil, err
	}
	cr := crfake.NewClientBuilder().WithScheme(s).WithRuntimeObjects(config.DeepCopy()).Build()
	return webhooks.NewDataVolumeMutatingWebhook(k8s, cdi, key),
		webhooks.NewDataVolumeValidatingWebhook(k8s, cdi, snapfake.NewSimpleClientset(), cr),
		webhooks.NewDataImportCronValidatingWebhook(k8s, cdi), nil
}

func check(mut, val http.Handler, o object) []cause {
	resp, err := serve(mut, "datavolumes", o.Namespace, o.Raw)
	if err != nil {
		return []cause{{Stage: "dv-mutator", Message: err.Error()}}
	}
	if cs := respCauses("dv-mutator", resp); cs != nil {
		return cs
	}
	raw := o.Raw
	if len(resp.Patch) > 0 {
		p, err := jsonpatch.DecodePatch(resp.Patch)
		if err == nil {
			raw, err = p.Apply(raw)
		}
		if err != nil {
			return []cause{{Stage: "dv-mutator", Message: "applying the webhook's patch: " + err.Error()}}
		}
	}
	resp, err = serve(val, "datavolumes", o.Namespace, raw)
	if err != nil {
		return []cause{{Stage: "dv-validator", Message: err.Error()}}
	}
	return respCauses("dv-validator", resp)
}

func serve(h http.Handler, resource, ns string, raw []byte) (*admissionv1.AdmissionResponse, error) {
	ar := admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{
			UID:       "vmfleet-check",
			Operation: admissionv1.Create,
			Resource:  metav1.GroupVersionResource{Group: cdiv1.SchemeGroupVersion.Group, Version: cdiv1.SchemeGroupVersion.Version, Resource: resource},
			Namespace: ns,
			UserInfo:  authenticationv1.UserInfo{Username: controllerUser},
			Object:    runtime.RawExtension{Raw: raw},
		},
	}
	body, err := json.Marshal(ar)
	if err != nil {
		return nil, err
	}
	req := httptest.NewRequest(http.MethodPost, "/datavolume", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, req)
	var out admissionv1.AdmissionReview
	if err := json.NewDecoder(rr.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("webhook answered %d: %w", rr.Code, err)
	}
	if out.Response == nil {
		return nil, fmt.Errorf("webhook answered %d without a response", rr.Code)
	}
	return out.Response, nil
}

func respCauses(stage string, resp *admissionv1.AdmissionResponse) []cause {
	if resp.Allowed {
		return nil
	}
	var out []cause
	if resp.Result != nil && resp.Result.Details != nil {
		for _, c := range resp.Result.Details.Causes {
			out = append(out, cause{Stage: stage, Field: c.Field, Message: c.Message})
		}
	}
	if len(out) == 0 {
		msg := "denied without a reason"
		if resp.Result != nil && resp.Result.Message != "" {
			msg = resp.Result.Message
		}
		out = append(out, cause{Stage: stage, Message: msg})
	}
	return out
}
