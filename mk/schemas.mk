# schemas/: the VMFleet CRD and JSON Schema, generated from the Go types in api/v1alpha1.
#
# controller-gen only makes a CRD of a type that embeds metav1.TypeMeta/ObjectMeta, which VMFleet does not,
# so it reads hack/jsonschema/crdroot (the root type restated, Spec and ObjectMeta taken from api/v1alpha1).
# Its second CRD, VMFleetMetadata, only carries the strict metadata schema to hack/jsonschema and is not kept.

SCHEMAS_FILES := vmfleet.dev_vmfleets.yaml vmfleet.schema.json

# $(call gen-schemas,DIR): generate SCHEMAS_FILES into DIR. Uses $(CONTROLLER_GEN) from mk/tools.mk (brought
# up to date by a sub-make: tools.mk is included after this file, so it cannot be a prerequisite here), else
# hack/tool.sh, which builds the controller-gen pinned in tools/controller-gen once into .cache/bin.
define gen-schemas
$(if $(CONTROLLER_GEN),$(MAKE) -s --no-print-directory $(CONTROLLER_GEN); cg='$(CONTROLLER_GEN)',cg=$$(CACHE="$(CACHE)" GO="$(GO)" hack/tool.sh controller-gen)); \
work=$$(mktemp -d); trap 'rm -rf "$$work"' EXIT; \
"$$cg" crd:allowDangerousTypes=false paths=./hack/jsonschema/crdroot output:crd:dir="$$work"; \
mkdir -p "$(1)"; \
cp "$$work/vmfleet.dev_vmfleets.yaml" "$(1)/vmfleet.dev_vmfleets.yaml"; \
$(GO) run ./hack/jsonschema -crd "$(1)/vmfleet.dev_vmfleets.yaml" \
	-metadata-crd "$$work/vmfleet.dev_vmfleetmetadata.yaml" -o "$(1)/vmfleet.schema.json"
endef

.PHONY: schemas check-schemas
schemas: ## regenerate schemas/ (CRD + JSON Schema) from api/v1alpha1
	@$(call gen-schemas,schemas)
	@echo "schemas: wrote $(addprefix schemas/,$(SCHEMAS_FILES))"

check-schemas: ## fail if schemas/ is not what api/v1alpha1 generates
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	( $(call gen-schemas,$$tmp) ); \
	stale=0; \
	for f in $(SCHEMAS_FILES); do \
		if [[ ! -f schemas/$$f ]]; then echo "schemas/$$f is missing" >&2; stale=1; \
		elif ! diff -u --label "schemas/$$f" --label "generated $$f" "schemas/$$f" "$$tmp/$$f" >&2; then stale=1; fi; \
	done; \
	for f in schemas/*.yaml schemas/*.json; do \
		[[ -e $$f ]] || continue; \
		[[ " $(SCHEMAS_FILES) " == *" $${f#schemas/} "* ]] || { echo "$$f is not generated any more" >&2; stale=1; }; \
	done; \
	if (( stale )); then echo "schemas/ is out of date: run make schemas" >&2; exit 1; fi; \
	echo "check-schemas: schemas/ is up to date"

# The JSON Schema as an editor sees it: a real yaml-language-server (npm, pinned in hack/jsonschema/yls/
# package-lock.json, installed into $(CACHE)/yls) opens each hack/jsonschema/yls/cases/*.yaml with
# schemas/vmfleet.schema.json and must report what the case's "# expect:" line says; then it opens every
# case of the reliability corpus, and must agree with vmfleet on each (TestEditorAgreement). Needs node and npm.
YLS_DIR := $(CACHE)/yls

.PHONY: check-editor
check-editor: ## check schemas/vmfleet.schema.json in a real yaml-language-server (needs node + npm)
	@mkdir -p "$(YLS_DIR)"
	@if ! cmp -s hack/jsonschema/yls/package-lock.json "$(YLS_DIR)/package-lock.json" || [[ ! -d $(YLS_DIR)/node_modules ]]; then \
		cp hack/jsonschema/yls/package.json hack/jsonschema/yls/package-lock.json "$(YLS_DIR)/"; \
		(cd "$(YLS_DIR)" && npm ci --no-audit --no-fund --loglevel=error) >&2; \
	fi
	@cp hack/jsonschema/yls/check.js "$(YLS_DIR)/check.js"
	node "$(YLS_DIR)/check.js" schemas/vmfleet.schema.json hack/jsonschema/yls/cases/*.yaml
	VMFLEET_YLS="$(abspath $(YLS_DIR))" $(GO) test -count=1 -run '^TestEditorAgreement$$' ./tests/reliability/
