package main
import (
 _ "github.com/GoogleContainerTools/kpt-functions-sdk/go/fn"
 _ "sigs.k8s.io/kustomize/kyaml/yaml"
 _ "sigs.k8s.io/kustomize/api/types"
 _ "kubevirt.io/api/core/v1"
 _ "sigs.k8s.io/yaml"
 _ "github.com/google/go-cmp/cmp"
)
func main(){}
