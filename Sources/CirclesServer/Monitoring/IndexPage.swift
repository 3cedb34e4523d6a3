/// The page at `GET /`: one self-contained document (HTML, CSS and a little JavaScript; nothing
/// from elsewhere) that polls `/api/circles` every 2 s and shows every circle — name, key with a
/// copy button, WebSocket URL, workers, heartbeat, queue, counters, last error — with a script
/// console per circle that runs `play` over the circle's WebSocket (after fetch_nonce,
/// `circles-keygen sign` and authenticate when the server requires it).
enum IndexPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>circles</title>
<style>
:root {
  --bg: #f6f7f9; --card: #fff; --text: #1d2330; --muted: #5d6678; --line: #dde1e8;
  --accent: #2557d6; --ok: #137a3a; --ok-bg: #e3f5e9; --bad: #b3261e; --bad-bg: #fde7e5;
  --warn: #8a5a00; --warn-bg: #fff1d6; --code: #eef1f5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111418; --card: #1b2027; --text: #e6e9ee; --muted: #9aa3b2; --line: #2d343e;
    --accent: #7fa6ff; --ok: #6fdc93; --ok-bg: #173322; --bad: #ff8a80; --bad-bg: #3d1b1a;
    --warn: #ffc766; --warn-bg: #3a2d12; --code: #242a33;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--text); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
header, main, footer { max-width: 1240px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 20px; }
h1 { margin: 0; font-size: 1.5rem; }
#summary { margin: 4px 0 16px; color: var(--muted); overflow-wrap: anywhere; }
#summary b { color: var(--text); }
#circles { display: grid; gap: 16px; grid-template-columns: repeat(auto-fill, minmax(min(100%, 360px), 1fr)); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; min-width: 0; }
.top { display: flex; align-items: center; gap: 8px; justify-content: space-between; }
.top h2 { margin: 0; font-size: 1.1rem; overflow-wrap: anywhere; }
.state { border-radius: 999px; padding: 1px 10px; font-size: .8rem; font-weight: 600; white-space: nowrap; }
.state.alive { color: var(--ok); background: var(--ok-bg); }
.state.down { color: var(--bad); background: var(--bad-bg); }
.state.failed { color: var(--bad); background: var(--bad-bg); outline: 1px solid var(--bad); }
.state.unknown { color: var(--warn); background: var(--warn-bg); }
code, pre, textarea, input { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem; }
code { background: var(--code); border-radius: 4px; padding: 1px 4px; overflow-wrap: anywhere; }
.ident { margin: 8px 0; display: grid; gap: 4px; }
.ident div { display: flex; align-items: baseline; gap: 6px; min-width: 0; }
.ident span.label { color: var(--muted); font-size: .8rem; width: 2.6em; flex: none; }
.ident code { flex: 1; min-width: 0; }
button { font: inherit; font-size: .85rem; color: var(--text); background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 3px 10px; cursor: pointer; }
button:hover { border-color: var(--accent); }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
@media (prefers-color-scheme: dark) { button.primary { color: #0b1020; } }
button:disabled { opacity: .6; cursor: default; }
dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(100px, 1fr)); gap: 6px 12px; margin: 10px 0; }
dl div { min-width: 0; }
dt { color: var(--muted); font-size: .75rem; }
dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
.last-error { color: var(--bad); overflow-wrap: anywhere; font-size: .85rem; margin: 4px 0 0; }
details { border-top: 1px solid var(--line); margin-top: 10px; padding-top: 8px; }
summary { cursor: pointer; color: var(--accent); font-weight: 600; }
textarea, input { width: 100%; background: var(--bg); color: var(--text); border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
textarea { resize: vertical; min-height: 4.5em; }
label { display: block; margin-top: 8px; font-size: .8rem; color: var(--muted); }
.row { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-top: 6px; }
.duration { color: var(--muted); font-size: .8rem; overflow-wrap: anywhere; }
pre.output { margin: 8px 0 0; padding: 8px; border-radius: 6px; background: var(--code); white-space: pre-wrap; overflow-wrap: anywhere; min-height: 2.2em; }
pre.output.ok { border-left: 3px solid var(--ok); }
pre.output.error { border-left: 3px solid var(--bad); color: var(--bad); }
.auth { background: var(--warn-bg); border-radius: 6px; padding: 8px 10px; margin-top: 8px; font-size: .85rem; }
.auth ol { margin: 4px 0; padding-left: 1.3em; }
.auth .authed { color: var(--ok); font-weight: 600; }
.empty { color: var(--muted); }
footer { color: var(--muted); font-size: .85rem; padding-top: 20px; padding-bottom: 24px; }
a { color: var(--accent); }
</style>
</head>
<body>
<header>
  <h1>circles</h1>
  <p id="summary" aria-live="polite">loading…</p>
</header>
<main>
  <div id="circles"></div>
  <p class="empty" id="empty" hidden>No circles are served yet: start circles-ws with <code>-c PK</code>, or send it SIGHUP once the state file lists some.</p>
</main>
<footer>Each circle is a WebSocket JSON-RPC 2.0 endpoint (fetch_nonce, authenticate, whoami, play).
  Machine-readable: <a href="/api/circles">/api/circles</a> · <a href="/health">/health</a> · <a href="/metrics">/metrics</a></footer>

<template id="card">
<article class="card">
  <div class="top"><h2 data-f="name"></h2><span class="state" data-f="state"></span></div>
  <div class="ident">
    <div><span class="label">key</span><code data-f="pk-short"></code><button type="button" data-copy="pk">Copy</button></div>
    <div><span class="label">URL</span><code data-f="url"></code><button type="button" data-copy="url">Copy</button></div>
  </div>
  <dl>
    <div><dt>workers</dt><dd data-f="workers"></dd></div>
    <div><dt>heartbeat</dt><dd data-f="heartbeat"></dd></div>
    <div><dt>queued</dt><dd data-f="queued"></dd></div>
    <div><dt>running</dt><dd data-f="processing"></dd></div>
    <div><dt>done</dt><dd data-f="completed"></dd></div>
    <div><dt>errors</dt><dd data-f="errored"></dd></div>
  </dl>
  <p class="last-error" data-f="last-error" hidden></p>
  <details class="console">
    <summary>Script console</summary>
    <div class="auth" hidden>
      <b>This server requires authentication before play.</b>
      <ol>
        <li>Enter your public key and press <i>Get nonce</i>.</li>
        <li>Sign the nonce where your private key is:<br><code data-f="sign-command">circles-keygen sign --key YOUR_KEY_FILE NONCE</code>
          <button type="button" class="copy-sign" hidden>Copy</button></li>
        <li>Paste the signature (130 hex characters) and press <i>Authenticate</i>.</li>
      </ol>
      <label>Your public key<input class="pubkey" autocomplete="off" spellcheck="false" placeholder="02… or 03…"></label>
      <div class="row"><button type="button" class="get-nonce">Get nonce</button></div>
      <label>Signature<input class="signature" autocomplete="off" spellcheck="false" placeholder="r‖s‖v in hex"></label>
      <div class="row"><button type="button" class="authenticate">Authenticate</button><span class="auth-status" aria-live="polite"></span></div>
    </div>
    <label>Rhai script (Ctrl+Enter runs it)<textarea class="script" rows="3" spellcheck="false">40 + 2</textarea></label>
    <div class="row"><button type="button" class="run primary">Run</button><span class="duration"></span></div>
    <pre class="output" aria-live="polite"></pre>
  </details>
</article>
</template>

<script>
"use strict";
const cards = new Map();
let authRequired = false;

function wsURL(pk) { return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/" + pk; }
function short(pk) { return pk.slice(0, 8) + "…" + pk.slice(-6); }
function field(card, name) { return card.el.querySelector('[data-f="' + name + '"]'); }
function set(card, name, text) { const el = field(card, name); if (el.textContent !== text) el.textContent = text; }
function seconds(s) { return s == null ? "—" : s < 10 ? s.toFixed(1) + " s ago" : Math.round(s) + " s ago"; }
function duration(ms) { return ms < 1000 ? Math.round(ms) + " ms" : (ms / 1000).toFixed(2) + " s"; }

async function copy(text, button) {
  try { await navigator.clipboard.writeText(text); }
  catch {
    const area = document.createElement("textarea");
    area.value = text; document.body.append(area); area.select(); document.execCommand("copy"); area.remove();
  }
  const label = button.textContent; button.textContent = "Copied"; setTimeout(() => { button.textContent = label; }, 1200);
}

function makeCard(circle) {
  const el = document.getElementById("card").content.firstElementChild.cloneNode(true);
  const card = { pk: circle.pk, el, ws: null, ready: null, pending: new Map(), nextId: 0, authed: false };
  el.dataset.pk = circle.pk;
  el.querySelector('[data-copy="pk"]').onclick = (e) => copy(card.pk, e.target);
  el.querySelector('[data-copy="url"]').onclick = (e) => copy(wsURL(card.pk), e.target);
  el.querySelector(".run").onclick = () => run(card);
  el.querySelector(".script").onkeydown = (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(card); } };
  el.querySelector(".get-nonce").onclick = () => fetchNonce(card);
  el.querySelector(".authenticate").onclick = () => authenticate(card);
  el.querySelector(".copy-sign").onclick = (e) => copy(field(card, "sign-command").textContent, e.target);
  return card;
}

function update(card, c) {
  set(card, "name", c.name || "unnamed circle");
  const state = field(card, "state");
  state.className = "state " + c.state; set(card, "state", c.state);
  set(card, "pk-short", short(c.pk)); field(card, "pk-short").title = c.pk;
  set(card, "url", wsURL(c.pk));
  set(card, "workers", c.workers == null ? "—" : c.workersAlive + " / " + c.workers);
  set(card, "heartbeat", seconds(c.heartbeatAge));
  for (const name of ["queued", "processing", "completed", "errored"]) set(card, name, c[name] == null ? "—" : String(c[name]));
  const last = field(card, "last-error");
  last.hidden = !c.lastError;
  if (c.lastError) { set(card, "last-error", "last error: " + c.lastError); last.title = c.lastErrorAt || ""; }
  card.el.querySelector(".auth").hidden = !authRequired;
}

async function refresh() {
  const summary = document.getElementById("summary");
  try {
    const response = await fetch("/api/circles", { cache: "no-store" });
    const data = await response.json();
    authRequired = data.authRequired;
    const list = document.getElementById("circles");
    const seen = new Set();
    for (const c of data.circles) {
      seen.add(c.pk);
      let card = cards.get(c.pk);
      if (!card) { card = makeCard(c); cards.set(c.pk, card); list.append(card.el); }
      update(card, c);
    }
    for (const [pk, card] of cards) if (!seen.has(pk)) { card.el.remove(); cards.delete(pk); }
    document.getElementById("empty").hidden = data.circles.length > 0;
    const alive = data.circles.filter((c) => c.state === "alive").length;
    summary.innerHTML = "";
    summary.append(
      text("b", data.circles.length + (data.circles.length === 1 ? " circle" : " circles")),
      " · " + alive + " with a live worker · Redis ", text("b", data.redis),
      " · " + (data.healthy ? "healthy" : "degraded") + (data.authRequired ? " · authentication required" : ""),
      " · updated " + new Date().toLocaleTimeString());
    document.body.dataset.loaded = "true";
  } catch (error) {
    summary.textContent = "Cannot reach the server (" + error.message + "); retrying every 2 s.";
  }
}
function text(tag, content) { const el = document.createElement(tag); el.textContent = content; return el; }

function session(card) {
  if (card.ws && card.ws.readyState <= WebSocket.OPEN) return card.ready;
  const ws = new WebSocket(wsURL(card.pk));
  card.ws = ws;
  card.ready = new Promise((resolve, reject) => {
    ws.onopen = () => resolve(ws);
    ws.onerror = () => reject(new Error("cannot open " + ws.url));
  });
  ws.onmessage = (event) => {
    const reply = JSON.parse(event.data);
    const done = card.pending.get(reply.id);
    if (done) { card.pending.delete(reply.id); done(reply); }
  };
  ws.onclose = (event) => {
    for (const done of card.pending.values()) done({ error: { message: "the connection closed" + (event.reason ? ": " + event.reason : "") } });
    card.pending.clear();
    card.ws = null;
    if (card.authed) setAuthed(card, false, "the connection closed; authenticate again");
  };
  return card.ready;
}

async function call(card, method, params) {
  try {
    const ws = await session(card);
    const id = ++card.nextId;
    return await new Promise((resolve) => {
      card.pending.set(id, resolve);
      ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    });
  } catch (error) {
    card.ws = null;
    return { error: { message: error.message } };
  }
}

async function run(card) {
  const out = card.el.querySelector(".output");
  const button = card.el.querySelector(".run");
  const took = card.el.querySelector(".duration");
  button.disabled = true; out.className = "output"; out.textContent = "running…"; took.textContent = "";
  const started = performance.now();
  const reply = await call(card, "play", { script: card.el.querySelector(".script").value });
  const elapsed = performance.now() - started;
  button.disabled = false;
  if (reply.result) {
    out.className = "output ok"; out.textContent = reply.result.output;
  } else {
    out.className = "output error"; out.textContent = reply.error.message;
    if (reply.error.code === -32001) card.el.querySelector(".pubkey").focus();
  }
  const task = (reply.result && reply.result.task_id) || (reply.error && reply.error.data && reply.error.data.task_id);
  took.textContent = duration(elapsed) + (task ? " · task " + task : "");
}

async function fetchNonce(card) {
  const pubkey = card.el.querySelector(".pubkey").value.trim();
  const reply = await call(card, "fetch_nonce", { pubkey });
  if (reply.error) return setAuthed(card, false, reply.error.message);
  card.nonce = reply.result.nonce;
  set(card, "sign-command", "circles-keygen sign --key YOUR_KEY_FILE " + card.nonce);
  card.el.querySelector(".copy-sign").hidden = false;
  setAuthed(card, false, "nonce valid until " + new Date(reply.result.expires_at * 1000).toLocaleTimeString());
}

async function authenticate(card) {
  const pubkey = card.el.querySelector(".pubkey").value.trim();
  const signature = card.el.querySelector(".signature").value.trim();
  const reply = await call(card, "authenticate", { pubkey, signature });
  if (reply.error) return setAuthed(card, false, reply.error.message);
  setAuthed(card, true, "authenticated as " + short(pubkey) + " (for this page's session)");
}

function setAuthed(card, authed, message) {
  card.authed = authed;
  const status = card.el.querySelector(".auth-status");
  status.className = "auth-status" + (authed ? " authed" : "");
  status.textContent = message;
}

refresh();
setInterval(refresh, 2000);
</script>
</body>
</html>
"""#
}
