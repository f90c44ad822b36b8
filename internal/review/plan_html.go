package review

import (
	"bytes"
	"encoding/json"
	"html/template"
	"io"
)

// HTML writes the fleet map: one self-contained page (no external
// resource) whose script draws a clusters × VMs matrix from the plan it
// embeds as JSON, each cell coloured by the VM's storage there (rwx, rwo,
// ephemeral) and marked by its eviction strategy; a click on a cluster
// shows its detail. The script marks the table data-rendered="true" once
// drawn, which tests/browser reads in headless Chromium.
func (fp *FleetPlan) HTML(w io.Writer) error {
	data, err := json.Marshal(fp) // escapes <, > and &: safe inside <script>
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := mapPage.Execute(&b, struct {
		Fleet string
		Data  template.JS
	}{fp.Fleet, template.JS(data)}); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

var mapPage = template.Must(template.New("map").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>vmfleet plan: {{.Fleet}}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; }
thead th { background: #f3f3f3; }
tbody th { cursor: pointer; text-decoration: underline dotted; }
tbody tr.selected th { background: #ffe; }
td.rwx { background: #cdeccd; }
td.rwo { background: #f8dcb8; }
td.ephemeral { background: #d4e4f7; }
td.absent { color: #999; background: #fafafa; }
td.LiveMigrate { box-shadow: inset 4px 0 0 #2a7d2a; }
td.None { box-shadow: inset 4px 0 0 #b34700; }
.legend span { display: inline-block; padding: .1em .5em; margin-right: .5em; border: 1px solid #ccc; }
#detail table { margin-top: .5em; }
#detail h2 { font-size: 1.1em; }
code { font-size: 90%; }
</style>
</head>
<body>
<h1>Fleet map: {{.Fleet}}</h1>
<p class="legend">Storage: <span class="rwx" style="background:#cdeccd">rwx: every disk ReadWriteMany</span><span style="background:#f8dcb8">rwo: some disk is not</span><span style="background:#d4e4f7">ephemeral: no persistent disk</span>
Eviction: <span style="box-shadow: inset 4px 0 0 #2a7d2a">LiveMigrate</span><span style="box-shadow: inset 4px 0 0 #b34700">None</span> · click a cluster for its detail.</p>
<table id="fleet-map"><thead></thead><tbody></tbody></table>
<section id="detail"></section>
<script type="application/json" id="plan-data">{{.Data}}</script>
<script>
"use strict";
(function () {
  const plan = JSON.parse(document.getElementById("plan-data").textContent);
  const el = (tag, attrs, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const table = document.getElementById("fleet-map");
  const head = el("tr");
  head.appendChild(el("th", {}, "cluster"));
  for (const vm of plan.vms) head.appendChild(el("th", {"data-vm": vm}, vm));
  table.tHead.appendChild(head);
  const detail = document.getElementById("detail");
  function show(c, row) {
    for (const r of table.tBodies[0].rows) r.classList.remove("selected");
    row.classList.add("selected");
    detail.replaceChildren(el("h2", {}, "cluster " + c.name + (c.rolloutStep ? " (rollout step " + c.rolloutStep + ")" : "")));
    const t = el("table", {"id": "detail-" + c.name});
    const h = el("tr");
    for (const x of ["vm", "setting", "value", "source", "from"]) h.appendChild(el("th", {}, x));
    t.appendChild(h);
    const add = (vm, s) => {
      const r = el("tr");
      for (const x of [vm, s.name, s.value, s.source, (s.from || "") + (s.why ? (s.from ? ": " : "") + s.why : "")]) r.appendChild(el("td", {}, x));
      t.appendChild(r);
    };
    for (const vm of c.vms) {
      const name = vm.namespace + "/" + vm.name;
      for (const s of vm.settings) add(name, s);
      add(name, vm.eviction);
      for (const d of vm.disks) {
        for (const s of [d.storageClass, d.accessMode, d.volumeMode]) {
          if (s) add(name, Object.assign({}, s, {name: "disk " + d.name + " " + s.name}));
        }
      }
      for (const n of vm.networks || []) add(name, {name: "network " + n.network, value: n.nad, source: n.existing ? "existing NAD" : "vmfleet NAD", from: n.address || ""});
      if (vm.dependencies) add(name, {name: "dependencies", value: [].concat(vm.dependencies.secrets || [], vm.dependencies.configMaps || []).join(", "), source: "hub policy", from: vm.dependencies.policy});
    }
    for (const n of c.notHere || []) add(n.name, {name: "not here", value: "", source: "", why: n.reason});
    detail.appendChild(t);
  }
  for (const c of plan.clusters) {
    const row = el("tr", {"data-cluster": c.name});
    const th = el("th", {"data-cluster": c.name}, c.name);
    th.addEventListener("click", () => show(c, row));
    row.appendChild(th);
    const byName = new Map(c.vms.map(v => [v.name, v]));
    for (const name of plan.vms) {
      const vm = byName.get(name);
      if (!vm) {
        row.appendChild(el("td", {"class": "absent", "data-cluster": c.name, "data-vm": name, "data-storage": "", "data-eviction": ""}, "–"));
        continue;
      }
      row.appendChild(el("td", {"class": vm.storage + " " + vm.eviction.value, "data-cluster": c.name, "data-vm": name,
        "data-storage": vm.storage, "data-eviction": vm.eviction.value}, vm.storage + " · " + vm.eviction.value + (vm.state === "retired" ? " (retired)" : "")));
    }
    table.tBodies[0].appendChild(row);
  }
  if (plan.clusters.length > 0) show(plan.clusters[0], table.tBodies[0].rows[0]);
  table.setAttribute("data-rendered", "true");
})();
</script>
</body>
</html>
`))
