// A small web console for people: sign in with the admin token, see service principals,
// policies, grants and tables with row counts, and run SQL as the admin.

export function consoleHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Databricks emulator</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}
header{background:#1b3139;color:#fff;padding:12px 20px;font-weight:600}
main{max-width:1100px;margin:0 auto;padding:20px}
section{background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:16px;margin-bottom:16px;overflow-x:auto}
h2{font-size:15px;margin:0 0 10px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #f1f5f9;vertical-align:top}
code,textarea,input{font-family:ui-monospace,monospace}
textarea{width:100%;min-height:80px;box-sizing:border-box}
input{width:360px;max-width:100%}
button{background:#ff3621;color:#fff;border:0;border-radius:6px;padding:6px 12px;cursor:pointer}
.error{color:#b91c1c;white-space:pre-wrap}
</style></head>
<body><header>Databricks emulator · Deltaport</header><main>
<section id="signin"><h2>Sign in</h2>
<form id="tokenForm"><label for="token">Admin token</label><br><input id="token" type="password" autocomplete="off">
<button>Open</button></form><p>The admin token is in the emulator's workspace.json.</p></section>
<div id="app" hidden>
<section><h2>SQL</h2><form id="sqlForm"><label for="sql" hidden>SQL</label>
<textarea id="sql">SHOW TABLES IN main.analytics</textarea><button>Run</button></form><div id="sqlResult"></div></section>
<section><h2>Tables</h2><div id="tables"></div></section>
<section><h2>Service principals</h2><div id="sps"></div></section>
<section><h2>Federation policies</h2><div id="policies"></div></section>
<section><h2>Grants</h2><div id="grants"></div></section>
<section><h2>Warehouse</h2><div id="warehouse"></div></section>
</div></main>
<script>
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem("emulatorToken") || "";
const esc = (v) => String(v ?? "").replace(/[&<>"]/g, (c) => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]));
const table = (head, rows) => "<table><tr>" + head.map((h) => "<th>" + esc(h) + "</th>").join("") + "</tr>" +
  rows.map((r) => "<tr>" + r.map((c) => "<td>" + esc(typeof c === "object" && c !== null ? JSON.stringify(c) : c) + "</td>").join("") + "</tr>").join("") + "</table>";
async function api(path, body) {
  const res = await fetch(path, { method: body ? "POST" : "GET", headers: { authorization: "Bearer " + token, "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
  return { ok: res.ok, status: res.status, body: await res.json() };
}
async function load() {
  const r = await api("/emulator/overview");
  if (!r.ok) { $("signin").hidden = false; $("app").hidden = true; return; }
  sessionStorage.setItem("emulatorToken", token);
  $("signin").hidden = true; $("app").hidden = false;
  const o = r.body;
  $("tables").innerHTML = table(["table", "owner", "columns", "rows"], o.tables.map((t) => [t.name, t.owner, t.columns, t.rows]));
  $("sps").innerHTML = table(["id", "application id", "name"], o.servicePrincipals.map((s) => [s.id, s.applicationId, s.displayName]));
  $("policies").innerHTML = table(["service principal", "policy id", "issuer", "subject", "audiences"], o.policies.map((p) => [p.service_principal_id, p.policy_id, p.oidc_policy.issuer, p.oidc_policy.subject, p.oidc_policy.audiences]));
  $("grants").innerHTML = table(["securable", "owner", "grants"], o.grants.map((g) => [g.securable, g.owner, g.grants]));
  $("warehouse").innerHTML = table(["id", "state", "permissions"], [[o.warehouse.id, o.warehouse.state, o.warehouse.permissions]]);
}
$("tokenForm").onsubmit = (e) => { e.preventDefault(); token = $("token").value.trim(); load(); };
$("sqlForm").onsubmit = async (e) => {
  e.preventDefault();
  const r = await api("/emulator/sql", { statement: $("sql").value });
  $("sqlResult").innerHTML = r.ok ? table(r.body.columns, r.body.rows) : '<p class="error">' + esc(r.body.error) + "</p>";
  load();
};
if (token) load();
</script></body></html>`;
}
