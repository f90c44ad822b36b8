// check.js SCHEMA CASE.yaml... — open each case in a real yaml-language-server (LSP over stdio) with
// SCHEMA associated to it, as an editor would, and compare the diagnostics with the case's expectation:
// a line "# expect: none" wants no diagnostic, "# expect: TEXT" wants one whose message contains TEXT.
// check.js --report SCHEMA CASE.yaml... prints each case's diagnostics as JSON ({file: ["L3: message"]})
// instead, for a caller that judges them (tests/reliability: the CLI and the editor agree on the corpus).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const report = args[0] === '--report';
if (report) args.shift();
const [schemaArg, ...cases] = args;
if (!schemaArg || cases.length === 0) {
  console.error('usage: node check.js SCHEMA.json CASE.yaml...');
  process.exit(2);
}
const schemaURI = 'file://' + path.resolve(schemaArg);
const settings = { validate: true, schemaStore: { enable: false }, schemas: { [schemaURI]: '*.yaml' } };

const srv = spawn(process.execPath, [require.resolve('yaml-language-server/bin/yaml-language-server'), '--stdio']);
srv.stderr.on('data', (d) => process.stderr.write(d));
let buf = Buffer.alloc(0);
let nextID = 0;
const pending = {};
const diags = {};
const send = (msg) => {
  const s = JSON.stringify({ jsonrpc: '2.0', ...msg });
  srv.stdin.write(`Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`);
};
const request = (method, params) => new Promise((resolve) => {
  pending[++nextID] = resolve;
  send({ id: nextID, method, params });
});
srv.stdout.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const h = buf.indexOf('\r\n\r\n');
    if (h < 0) return;
    const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, h).toString())[1]);
    if (buf.length < h + 4 + len) return;
    const m = JSON.parse(buf.subarray(h + 4, h + 4 + len).toString());
    buf = buf.subarray(h + 4 + len);
    if (m.method === 'textDocument/publishDiagnostics') diags[m.params.uri] = m.params.diagnostics;
    else if (m.method === 'workspace/configuration') send({ id: m.id, result: m.params.items.map(() => settings) });
    else if (m.method && m.id !== undefined) send({ id: m.id, result: null });
    else if (pending[m.id]) { pending[m.id](m.result); delete pending[m.id]; }
  }
});

(async () => {
  await request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
  send({ method: 'initialized', params: {} });
  send({ method: 'workspace/didChangeConfiguration', params: { settings: { yaml: settings } } });
  const docs = cases.map((f) => ({ f, uri: 'file://' + path.resolve(f), text: fs.readFileSync(f, 'utf8') }));
  for (const d of docs) {
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri: d.uri, languageId: 'yaml', version: 1, text: d.text } } });
  }
  // Diagnostics arrive asynchronously: wait until every case has them (or time out).
  const deadline = Date.now() + 30000;
  while (docs.some((d) => !(d.uri in diags)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  if (report) {
    const out = {};
    for (const d of docs) out[d.f] = (diags[d.uri] || []).map((x) => `L${x.range.start.line + 1}: ${x.message.replace(/\s+/g, ' ')}`);
    process.stdout.write(JSON.stringify(out) + '\n');
    srv.kill();
    process.exit(docs.every((d) => d.uri in diags) ? 0 : 1);
  }
  let failed = 0;
  for (const d of docs) {
    const m = /^# expect: (.*)$/m.exec(d.text);
    if (!m) { console.log(`FAIL ${d.f}: no "# expect:" line`); failed++; continue; }
    const want = m[1].trim();
    const got = (diags[d.uri] || []).map((x) => `L${x.range.start.line + 1}: ${x.message.replace(/\s+/g, ' ')}`);
    const ok = want === 'none' ? got.length === 0 : got.some((g) => g.includes(want));
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${path.basename(d.f)}: want ${want === 'none' ? 'no diagnostic' : JSON.stringify(want)}; got ${got.length ? got.join(' | ') : 'none'}`);
  }
  console.log(`${docs.length - failed} passed, ${failed} failed`);
  srv.kill();
  process.exit(failed ? 1 : 0);
})();
