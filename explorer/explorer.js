/* The explorer's page: builds the controls from a scenario's
 * `sanctionsim show --format json` and the core's parameter tables, and on
 * every change rebuilds the scenario in the WebAssembly core (explorer.c)
 * and solves it there. No framework, no server beyond static files. */
"use strict";

const ex = {}; /* the C entry points, once the module is ready */
const app = {
  tables: null,     /* ex_tables(): ranges and meanings */
  names: [],        /* scenario file names, baseline first */
  files: {},        /* name -> show JSON */
  file: null,       /* the scenario the settings start from */
  values: {},       /* dotted key -> value text: every number of the scenario now */
  held: {},         /* belief keys held now */
  result: null,     /* the last solve's JSON */
  explained: {},    /* sanctioner id -> explain JSON (holders only) */
  solveMs: NaN,     /* the last solve's time in the browser */
  ready: false,
};
window.explorer = app;

const $ = (id) => document.getElementById(id);
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
}
const fmt = (v, d = 6) => (typeof v === "number" && isFinite(v) ? v.toFixed(d) : String(v));
const idOf = (key) => "k-" + key.replace(/[^A-Za-z0-9_-]/g, "_");

/* ---- the scenario in the core ---- */

/* Every number of a show JSON as dotted key -> text, and the beliefs held. */
function flatten(show) {
  const values = {}, held = {};
  const put = (k, v) => { values[k] = String(v); };
  for (const s of show.sanctioners) {
    for (const [k, v] of Object.entries(s.params)) put(`${s.id}.${k}`, v);
    for (const [part, bel] of Object.entries(s.beliefs || {}))
      for (const [k, v] of Object.entries(bel)) {
        if (k === "reciprocity")
          for (const [j, r] of Object.entries(v)) {
            const key = `${s.id}.beliefs.${part}.reciprocity.${j}`;
            put(key, r); held[key] = true;
          }
        else { const key = `${s.id}.beliefs.${part}.${k}`; put(key, v); held[key] = true; }
      }
  }
  const t = show.target;
  for (const [k, v] of Object.entries(t.params))
    if (k === "reciprocity") for (const [j, r] of Object.entries(v)) put(`${t.id}.reciprocity.${j}`, r);
    else put(`${t.id}.${k}`, v);
  if (show.patron) for (const [k, v] of Object.entries(show.patron.params)) put(`${show.patron.id}.${k}`, v);
  for (const [k, v] of Object.entries(show.solver)) put(k === "mode" ? "mode" : `solver.${k}`, v);
  return { values, held };
}

/* Builds the scenario in the core from app.file and the values given;
 * returns null, or the refusal's message. Beliefs not held are left out. */
function load(values, held) {
  const show = app.file, prov = show.provenance || {};
  ex.new_(prov.scenario_name || app.fileName, prov.scenario || app.fileName);
  for (const s of show.sanctioners) ex.agent("sanctioner", s.id, s.name || s.id);
  ex.agent("target", show.target.id, show.target.name || show.target.id);
  if (show.patron) ex.agent("patron", show.patron.id, show.patron.name || show.patron.id);
  for (const [k, v] of Object.entries(values)) {
    if (k.includes(".beliefs.") && !held[k]) continue;
    if (ex.set(`${k}=${v}`) !== 0) return ex.error();
  }
  return null;
}

function solveNow() {
  const t0 = performance.now();
  const text = ex.solve();
  app.solveMs = performance.now() - t0;
  if (text === null) throw new Error(ex.error());
  return JSON.parse(text);
}

/* ---- controls ---- */

function infoOf(key) {
  const parts = key.split(".");
  const t = app.tables, show = app.file;
  if (key === "mode") return null;
  if (parts.includes("reciprocity")) return t.reciprocity;
  const field = parts[parts.length - 1];
  let table = t.sanctioner;
  if (parts[1] === "beliefs") table = parts[2] === "target" ? t.target : t.patron;
  else if (parts[0] === show.target.id) table = t.target;
  else if (show.patron && parts[0] === show.patron.id) table = t.patron;
  return table.find((i) => i.key === field) || null;
}

function rangeText(i) {
  return `${i.min_open ? "(" : "["}${i.min}, ${i.max >= 1e6 ? "1e6" : i.max}${i.max_open ? ")" : "]"}`;
}

/* The slider's span: the whole range when it is small, else one around the value. */
function span(info, v) {
  const lo = Math.max(info.lo, -10), big = Math.max(1, Math.ceil(2.5 * Math.abs(v)));
  const hi = info.hi <= 10 ? info.hi : Math.max(big, 2);
  return [lo < 0 ? -Math.max(big, 2) : lo, hi];
}
function decimals(step) { return Math.max(0, -Math.floor(Math.log10(step))); }

function control(key, label, info, extraNote) {
  const v = Number(app.values[key]);
  const [lo, hi] = span(info, v);
  const step = Math.pow(10, Math.floor(Math.log10((hi - lo) / 100)));
  const meaning = `${info.meaning} (${info.symbol}; valid ${rangeText(info)})`;
  const id = idOf(key);
  const slider = el("input", {
    type: "range", id: id + "-r", min: lo, max: Math.max(hi, v), step: step,
    value: v, "aria-label": `${label}: slider`, "data-key": key, title: meaning,
  });
  const num = el("input", {
    type: "number", id: id, step: "any", value: app.values[key], "data-key": key,
    title: meaning, "aria-describedby": id + "-m " + id + "-e",
  });
  const err = el("span", { id: id + "-e", class: "refusal", role: "alert" });
  const row = el("div", { class: "control", "data-key": key },
    el("label", { for: id, title: meaning }, label, el("span", { class: "sym", text: ` ${info.symbol}` })),
    slider, num,
    el("span", { id: id + "-m", class: "meaning", text: meaning + (extraNote ? `. ${extraNote}` : "") }),
    err);
  slider.addEventListener("input", () => {
    const text = Number(slider.value).toFixed(decimals(step)).replace(/\.?0+$/, "") || "0";
    change(key, text);
  });
  num.addEventListener("change", () => change(key, num.value.trim()));
  return row;
}

function buildControls() {
  const box = $("controls");
  box.textContent = "";
  const show = app.file;
  const beliefKeys = unionBeliefs();
  for (const s of show.sanctioners) {
    const fs = el("fieldset", { class: "agent" }, el("legend", { text: `Sanctioner: ${s.name || s.id} (${s.id})` }));
    for (const i of app.tables.sanctioner) fs.append(control(`${s.id}.${i.key}`, i.key, i));
    const mine = beliefKeys.filter((k) => k.startsWith(`${s.id}.beliefs.`));
    if (mine.length) {
      const bs = el("fieldset", { class: "beliefs" },
        el("legend", { text: `${s.name || s.id}'s beliefs (what it takes the followers' parameters to be)` }));
      for (const k of mine) {
        if (!(k in app.values)) app.values[k] = String(ex.get(k));
        bs.append(control(k, k.slice(s.id.length + 9), infoOf(k),
          app.held[k] ? "" : "Not held now: the true value, until you move it"));
      }
      fs.append(bs);
    }
    box.append(fs);
  }
  const t = show.target;
  const ft = el("fieldset", { class: "agent" }, el("legend", { text: `Target: ${t.name || t.id} (${t.id})` }));
  for (const i of app.tables.target) ft.append(control(`${t.id}.${i.key}`, i.key, i));
  for (const s of show.sanctioners)
    ft.append(control(`${t.id}.reciprocity.${s.id}`, `reciprocity.${s.id}`, app.tables.reciprocity));
  box.append(ft);
  if (show.patron) {
    const p = show.patron;
    const fp = el("fieldset", { class: "agent" }, el("legend", { text: `Patron: ${p.name || p.id} (${p.id})` }));
    for (const i of app.tables.patron) fp.append(control(`${p.id}.${i.key}`, i.key, i));
    box.append(fp);
  }
  const mode = $("mode");
  mode.value = app.values.mode;
  /* the sweep's keys: every number of the controls */
  const sel = $("sweep-key"), keep = sel.value;
  sel.textContent = "";
  for (const row of box.querySelectorAll(".control"))
    sel.append(el("option", { value: row.dataset.key, text: row.dataset.key }));
  const alliance = `${show.sanctioners[0].id}.alliance_pressure`;
  sel.value = [...sel.options].some((o) => o.value === keep) ? keep : alliance;
}

/* Belief keys held in the current file or any file with the same agents. */
function unionBeliefs() {
  const ids = (f) => f.sanctioners.map((s) => s.id).join(",") + "|" + f.target.id;
  const mine = ids(app.file), keys = new Set();
  for (const n of app.names) {
    const f = app.files[n];
    if (ids(f) !== mine) continue;
    for (const k of Object.keys(flatten(f).held)) keys.add(k);
  }
  return [...keys];
}

function showValue(key) {
  const num = $(idOf(key)), slider = $(idOf(key) + "-r");
  if (!num) return;
  num.value = app.values[key];
  const v = Number(app.values[key]);
  if (v > Number(slider.max)) slider.max = v;
  if (v < Number(slider.min)) slider.min = v;
  slider.value = v;
}

/* One key changed by the user: checked by the core, then solved, or refused. */
function change(key, text) {
  const err = $(idOf(key) + "-e") || $("mode-e");
  const values = Object.assign({}, app.values, { [key]: text });
  const held = Object.assign({}, app.held);
  if (key.includes(".beliefs.")) held[key] = true;
  const refusal = text === "" ? `'${key}': a number is needed` : load(values, held);
  if (refusal) {
    err.textContent = `Refused: ${refusal.replace(/^explorer: /, "")}`;
    load(app.values, app.held); /* the core back to the accepted settings */
    showValue(key);
    return;
  }
  err.textContent = "";
  app.values = values;
  app.held = held;
  const note = document.querySelector(`.control[data-key="${key}"] .meaning`);
  if (note) note.textContent = note.textContent.replace(/\. Not held now.*$/, "");
  showValue(key);
  update();
}

/* ---- output ---- */

function update() {
  app.result = solveNow();
  app.explained = {};
  for (const [i, s] of app.file.sanctioners.entries()) {
    const beliefs = Object.keys(app.held).some((k) => k.startsWith(`${s.id}.beliefs.`));
    if (!beliefs) continue;
    const t = ex.explain(i);
    if (t !== null) app.explained[s.id] = JSON.parse(t);
  }
  draw();
  writeHash();
  scheduleSweep();
}

function draw() {
  const r = app.result;
  const mixed = r.sanctioners.some((s) => Array.isArray(s.support));
  const kind = $("answer-kind");
  kind.textContent = "";
  kind.hidden = !mixed;
  if (r.status === "mixed")
    kind.append(el("strong", { text: "Mixed equilibrium." }),
      " No pure-strategy equilibrium is certified here: each sanctioner draws its intensity at random " +
      "from its support (the stems, each as tall as its probability); the bars and numbers are expected values.");
  else if (mixed)
    kind.append(el("strong", { text: `Logit quantal-response equilibrium at lambda = ${r.qre_lambda}.` }),
      " Each sanctioner plays every intensity of a grid with a probability rising with its payoff " +
      "(the stems); the bars and numbers are expected values.");
  else if (mixed)
    kind.append(el("strong", { text: "A mixed profile, NOT certified as an equilibrium." }),
      ` No pure one is certified either; the mixed method stopped with status ${r.status} (see the certificate).`);
  const bars = $("bars");
  bars.textContent = "";
  for (const s of r.sanctioners) {
    const pct = Math.max(0, Math.min(1, s.s)) * 100;
    const ceiling = Number(app.values[`${s.id}.max_intensity`]);
    const sup = Array.isArray(s.support) ? s.support : [];
    const said = sup.length ? `; it plays ` + sup.filter((a) => a.p >= 0.001)
      .map((a) => `${fmt(a.s, 3)} with probability ${fmt(a.p, 3)}`).join(", ") : "";
    const row = el("div", { class: "bar-row" + (sup.length ? " mixed" : "") },
      el("span", { class: "bar-label", text: s.id, title: s.name }),
      el("span", { class: "bar-track", role: "img", "aria-label": `${s.id} sanctions at ` +
          (sup.length ? `${fmt(s.s)} on average` : fmt(s.s)) + said +
          (ceiling < 1 ? `, its ceiling s_max being ${ceiling}` : "") },
        el("span", { class: "bar", style: `width:${pct}%` }),
        ...sup.map((a) => el("span", { class: "atom", title: `${fmt(a.s, 4)} with probability ${fmt(a.p, 3)}`,
          style: `left:calc(${Math.max(0, Math.min(1, a.s)) * 100}% - 2px);height:${Math.max(a.p, 0.02) * 100}%` })),
        ...(ceiling < 1 ? [el("span", { class: "ceiling", style: `left:${ceiling * 100}%`,
          title: `ceiling s_max = ${ceiling}` })] : [])),
      el("output", { id: `s-${s.id}`, class: "num", "data-value": String(s.s), text: fmt(s.s) }));
    bars.append(row);
    if (sup.length) {
      /* the support as numbers (a QRE's grid: the points of probability >= 0.001) */
      const list = el("div", { class: "support", id: `support-${s.id}` }, `${s.id} plays `);
      const shown = sup.map((a, j) => [a, j]).filter(([a]) => r.status === "mixed" || a.p >= 0.001);
      shown.forEach(([a, j], n) => list.append(n ? "; " : "",
        el("output", { id: `sup-${s.id}-${j}-s`, "data-value": String(a.s), text: fmt(a.s) }),
        " with probability ",
        el("output", { id: `sup-${s.id}-${j}-p`, "data-value": String(a.p), text: fmt(a.p) })));
      if (shown.length < sup.length) list.append(` (and ${sup.length - shown.length} points less likely)`);
      bars.append(list);
    }
  }
  const tb = $("followers");
  tb.textContent = "";
  const add = (who, q, v, what) => tb.append(el("tr", {}, el("th", { scope: "row", text: who }),
    el("td", { text: q }), el("td", { class: "num", id: `f-${q}`, "data-value": String(v), text: fmt(v) }),
    el("td", { text: what })));
  add(r.target.id, "c", r.target.c, "concession on the islands");
  add(r.target.id, "p", r.target.p, "pivot toward the patron");
  if (r.patron) {
    add(r.patron.id, "a", r.patron.a, "alignment with the target");
    add(r.patron.id, "q", r.patron.q, "assertiveness in its own seas");
  }
  const pb = $("payoffs");
  pb.textContent = "";
  for (const s of r.sanctioners)
    pb.append(el("tr", {}, el("th", { scope: "row", text: s.id }),
      el("td", { class: "num", text: fmt(s.payoff_perceived) }),
      el("td", { class: "num", text: fmt(s.payoff_realized) }),
      el("td", { class: "num", text: fmt(s.payoff_perceived - s.payoff_realized) })));
  pb.append(el("tr", {}, el("th", { scope: "row", text: r.target.id }), el("td", { class: "num", text: "" }),
    el("td", { class: "num", text: fmt(r.target.payoff) }), el("td", {})));
  if (r.patron)
    pb.append(el("tr", {}, el("th", { scope: "row", text: r.patron.id }), el("td", {}),
      el("td", { class: "num", text: fmt(r.patron.payoff) }), el("td", {})));
  const mis = $("misperception");
  mis.textContent = "";
  const ids = Object.keys(app.explained);
  if (!ids.length) mis.append(el("p", { text: "No sanctioner holds beliefs: there is nothing to misperceive." }));
  for (const id of ids) {
    const m = app.explained[id].misperception;
    mis.append(el("p", {}, el("strong", { text: id }),
      ` sanctions at ${fmt(m.s_stated)} with its beliefs and would at ${fmt(m.s_true)} with true ones; ` +
      `its realized payoff is ${fmt(m.realized_stated)} against ${fmt(m.realized_true)}: misperception costs it `,
      el("output", { id: `mis-${id}`, "data-value": String(m.cost), text: fmt(m.cost) }), "."));
  }
  const tol = Number(app.values["solver.regret_tolerance"]);
  const cert = r.max_regret <= tol && (r.status === "ok" || r.status === "mixed");
  $("certificate").textContent = "";
  $("certificate").append(
    el("span", { class: cert ? "ok" : "bad", id: "certified", text: cert ? "certified" : "NOT certified" }),
    ` (status ${r.status}, ${r.converged ? "converged" : "not converged"} after ${r.iterations} iterations; ` +
    `max_regret ${r.max_regret.toExponential(3)} against tolerance ${tol}` +
    (r.followers_multiple ? "; the followers have several equilibria: the least is shown" : "") + ")");
  $("solve-time").textContent = `solved in ${app.solveMs.toFixed(2)} ms in this browser`;
  $("scenario-name").textContent = `${(app.file.provenance || {}).scenario_name || app.fileName} (${app.fileName}.cfg)`;
}

/* ---- the sweep line ---- */

let sweepTimer = null;
function scheduleSweep() {
  clearTimeout(sweepTimer);
  sweepTimer = setTimeout(sweep, 120);
}

function sweep() {
  const key = $("sweep-key").value, svg = $("sweep");
  if (!key) return;
  const info = infoOf(key);
  const slider = $(idOf(key) + "-r");
  const lo = Number(slider.min), hi = Number(slider.max), n = 41;
  const xs = [], series = {};
  for (let k = 0; k < n; k++) {
    const x = lo + (hi - lo) * k / (n - 1);
    const held = Object.assign({}, app.held, key.includes(".beliefs.") ? { [key]: true } : {});
    if (load(Object.assign({}, app.values, { [key]: String(x) }), held)) continue;
    const r = JSON.parse(ex.solve());
    xs.push(x);
    for (const s of r.sanctioners) (series[s.id] = series[s.id] || []).push(r.status === "ok" || r.status === "mixed" ? s.s : NaN);
  }
  load(app.values, app.held);
  const W = 560, H = 220, L = 44, B = 30, T = 10, R = 10;
  const X = (x) => L + (x - lo) / (hi - lo || 1) * (W - L - R);
  const Y = (y) => T + (1 - y) * (H - T - B);
  svg.textContent = "";
  const ns = "http://www.w3.org/2000/svg";
  const mk = (tag, a, text) => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(a)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    svg.append(e);
    return e;
  };
  mk("rect", { x: L, y: T, width: W - L - R, height: H - T - B, class: "frame" });
  for (const y of [0, 0.5, 1]) {
    mk("line", { x1: L, x2: W - R, y1: Y(y), y2: Y(y), class: "grid" });
    mk("text", { x: L - 6, y: Y(y) + 4, "text-anchor": "end" }, String(y));
  }
  for (const x of [lo, (lo + hi) / 2, hi])
    mk("text", { x: X(x), y: H - B + 16, "text-anchor": "middle" }, String(+x.toPrecision(4)));
  mk("text", { x: (L + W - R) / 2, y: H - 2, "text-anchor": "middle" }, `${key} (${info ? info.symbol : ""})`);
  const cur = Number(app.values[key]);
  mk("line", { x1: X(cur), x2: X(cur), y1: T, y2: H - B, class: "now" });
  const ids = Object.keys(series);
  ids.forEach((id, j) => {
    let d = "", pen = false;
    series[id].forEach((y, k) => {
      if (!isFinite(y)) { pen = false; return; }
      d += `${pen ? "L" : "M"}${X(xs[k]).toFixed(1)},${Y(y).toFixed(1)} `;
      pen = true;
    });
    mk("path", { d: d, class: `line c${j % 6}` });
    mk("text", { x: W - R - 4, y: T + 14 + 14 * j, "text-anchor": "end", class: `c${j % 6} legend` }, `s ${id}`);
  });
  svg.setAttribute("aria-label", `Each sanctioner's intensity s as ${key} goes from ${lo} to ${hi}; ` +
    ids.map((id) => `${id} from ${fmt(series[id][0], 3)} to ${fmt(series[id][series[id].length - 1], 3)}`).join(", "));
}

/* ---- scenarios, permalink ---- */

function useFile(name, overrides) {
  app.fileName = name;
  app.file = app.files[name];
  const f = flatten(app.file);
  app.values = f.values;
  app.held = f.held;
  buildControls();
  if (overrides) for (const [k, v] of overrides) {
    const refusal = (k in app.values || k.includes(".beliefs.")) ? null : `'${k}': no such key`;
    if (refusal) return refusal;
    const values = Object.assign({}, app.values, { [k]: v });
    const held = Object.assign({}, app.held, k.includes(".beliefs.") ? { [k]: true } : {});
    const r = load(values, held);
    if (r) return r.replace(/^explorer: /, "");
    app.values = values;
    app.held = held;
  }
  if (overrides) buildControls();
  const r = load(app.values, app.held);
  if (r) return r;
  update();
  return null;
}

function writeHash() {
  const base = flatten(app.file), parts = [`scenario=${encodeURIComponent(app.fileName)}`];
  for (const [k, v] of Object.entries(app.values)) {
    const changed = k.includes(".beliefs.") ? app.held[k] && (!base.held[k] || base.values[k] !== v)
      : base.values[k] !== v;
    if (changed) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  }
  const hash = "#" + parts.join("&");
  if (location.hash !== hash) history.replaceState(null, "", hash);
  $("permalink").href = hash;
}

function fromHash() {
  const h = location.hash.replace(/^#/, "");
  if (!h) return useFile(app.names[0]);
  const pairs = [];
  let name = null;
  for (const part of h.split("&")) {
    const eq = part.indexOf("=");
    let k, v;
    try {
      k = decodeURIComponent(part.slice(0, eq));
      v = decodeURIComponent(part.slice(eq + 1));
    } catch (e) { return notice(`the permalink is malformed (${e.message})`); }
    if (eq < 1) return notice(`the permalink is malformed: '${part}' is not KEY=VALUE`);
    if (k === "scenario") name = v;
    else pairs.push([k, v]);
  }
  if (!name || !app.files[name]) return notice(`the permalink names no known scenario ('${name}')`);
  const refusal = useFile(name, pairs);
  if (refusal) return notice(`the permalink's settings are refused: ${refusal}`);
  return null;
}

function notice(why) {
  const n = $("notice");
  n.textContent = `${why[0].toUpperCase()}${why.slice(1)}. Showing the 2014 baseline instead.`;
  n.hidden = false;
  useFile(app.names[0]);
  return why;
}

/* ---- start ---- */

async function start() {
  ex.new_ = Module.cwrap("ex_new", "number", ["string", "string"]);
  ex.agent = Module.cwrap("ex_agent", "number", ["string", "string", "string"]);
  ex.set = Module.cwrap("ex_set", "number", ["string"]);
  ex.get = Module.cwrap("ex_get", "number", ["string"]);
  ex.solve = Module.cwrap("ex_solve", "string", []);
  ex.explain = Module.cwrap("ex_explain", "string", ["number"]);
  ex.tables = Module.cwrap("ex_tables", "string", []);
  ex.error = Module.cwrap("ex_error", "string", []);
  app.tables = JSON.parse(ex.tables());
  app.names = await (await fetch("scenarios/index.json")).json();
  for (const n of app.names) app.files[n] = await (await fetch(`scenarios/${n}.json`)).json();
  const buttons = $("scenarios");
  for (const n of app.names) {
    const title = (app.files[n].provenance || {}).scenario_name || n;
    const b = el("button", { type: "button", id: `use-${n}`, "data-file": n,
      text: n === app.names[0] ? `Reset to ${title}` : n.startsWith("cf_") ? `Apply: ${title}` : `Load: ${title}` });
    b.addEventListener("click", () => { $("notice").hidden = true; useFile(n); });
    buttons.append(b);
  }
  $("mode").addEventListener("change", () => change("mode", $("mode").value));
  $("sweep-key").addEventListener("change", sweep);
  fromHash();
  window.addEventListener("hashchange", () => {
    const want = location.hash;
    if (want !== $("permalink").getAttribute("href")) { $("notice").hidden = true; fromHash(); }
  });
  app.ready = true;
  document.body.dataset.ready = "1";
}

var Module = {
  onRuntimeInitialized: () => start().catch((e) => {
    $("notice").textContent = `The explorer failed to start: ${e.message}`;
    $("notice").hidden = false;
    throw e;
  }),
};
