// The classroom page of `ambassim serve` (docs/classroom.md). Builds the
// controls from /api/lessons; every change re-runs the comparison at once
// (the server stops this page's previous run at its next tick); results
// arrive as server-sent events, read through fetch so a 400's message can be
// shown, and are drawn with uPlot. No build step, no framework.
"use strict";

// Okabe-Ito colours (safe for colour-blind viewers); B is also dashed.
const COLOR = { a: "#0072B2", b: "#D55E00", diff: "#000000", band: "rgba(0, 114, 178, 0.22)" };
const GROUPS = {
  plan: ["budget", "before", "after", "switch_month"],
  world: ["satisfaction_weight", "capacity", "attrition", "back_office"],
  run: ["replicates", "years", "employees", "customers", "seed"],
};
// Short titles for the charts (the readings use the full outcome labels).
const TITLE = {
  active_customers: "Active customers", nps: "NPS", referral_acquisitions: "Customers from referrals",
  net_revenue: "Revenue net of spend", ambassadorship: "Staff ambassadorship", engagement: "Staff engagement",
  experience: "Staff experience", employee_quits: "Staff quits",
};
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumSignificantDigits: 3 });
const client = Math.random().toString(36).slice(2, 12);  // this page, for cancellation
const $ = (id) => document.getElementById(id);
const form = $("controls");
let meta = null, lessonIndex = 0, controller = null, timer = null;
let charts = [], focusChart = null, chartsKey = "", last = null, focus = "active_customers";

function projector() { return document.body.classList.contains("projector"); }

async function init() {
  const res = await fetch("api/lessons");
  meta = await res.json();
  meta.lessons.forEach((l, i) => $("lesson").add(new Option(l.title, String(i))));
  for (const side of ["a", "b"])
    for (const s of meta.strategies) form.elements[side].add(new Option(s.label, s.name));
  for (const [group, names] of Object.entries(GROUPS))
    for (const name of names) $(group).append(slider(meta.controls.find((c) => c.name === name)));
  form.addEventListener("input", (e) => { showValue(e.target); schedule(); });
  form.addEventListener("change", schedule);
  $("lesson").addEventListener("change", () => applyLesson(Number($("lesson").value)));
  $("next").addEventListener("click", () => applyLesson((lessonIndex + 1) % meta.lessons.length));
  $("projector").addEventListener("click", toggleProjector);
  $("export-png").addEventListener("click", exportPng);
  document.addEventListener("keydown", keys);
  window.addEventListener("resize", () => { chartsKey = ""; if (last) draw(last.data, last.final); });
  applyLesson(0);
}

function slider(c) {
  const label = document.createElement("label");
  label.className = "slider";
  label.innerHTML = `<span class="name"></span><output></output><input type="range">`;
  label.querySelector(".name").textContent = c.label + (c.units ? ` (${c.units})` : "");
  const input = label.querySelector("input");
  Object.assign(input, { name: c.name, min: c.min, max: c.max, step: c.step });
  return label;
}

function showValue(input) {
  const out = input.parentElement && input.parentElement.querySelector("output");
  if (!out || input.type !== "range") return;
  const v = Number(input.value);
  out.textContent = ["before", "after", "satisfaction_weight", "back_office"].includes(input.name)
    ? `${Math.round(v * 100)}%` : v.toLocaleString("en");
}

function applyLesson(i) {
  lessonIndex = i;
  const l = meta.lessons[i];
  $("lesson").value = String(i);
  $("notice").textContent = l.notice;
  $("question").textContent = "Ask the class: " + l.question;
  for (const [name, value] of Object.entries(l.controls)) {
    const el = form.elements[name];
    if (el) { el.value = value; showValue(el); }
  }
  run();
}

function keys(e) {
  if (e.target.tagName === "SELECT" || e.altKey || e.ctrlKey || e.metaKey) return;
  if (e.key === "n" || e.key === "N" || e.key === "PageDown") {
    e.preventDefault();
    applyLesson((lessonIndex + 1) % meta.lessons.length);
  } else if (e.key === "p" || e.key === "P" || e.key === "PageUp") {
    e.preventDefault();
    applyLesson((lessonIndex + meta.lessons.length - 1) % meta.lessons.length);
  } else if (e.key === "f" || e.key === "F") {
    toggleProjector();
  }
}

function toggleProjector() {
  document.body.classList.toggle("projector");
  $("projector").setAttribute("aria-pressed", String(projector()));
  chartsKey = "";
  if (last) draw(last.data, last.final);
}

function query() {
  const p = new URLSearchParams({ lesson: meta.lessons[lessonIndex].id });
  for (const el of form.elements) if (el.name) p.set(el.name, el.value);
  p.set("client", client);
  return p.toString();
}

function schedule() { clearTimeout(timer); timer = setTimeout(run, 60); }

async function run() {
  if (controller) controller.abort();
  const mine = controller = new AbortController();
  const q = query();
  $("export-toml").href = "api/scenario.toml?" + q;
  document.body.dataset.state = "running";
  $("status").textContent = "Computing…";
  try {
    const res = await fetch("api/compare?" + q, { headers: { Accept: "text/event-stream" }, signal: mine.signal });
    if (!res.ok) {
      const body = await res.json().catch(() => ({ error: res.statusText }));
      return fail(body.error, mine);
    }
    const reader = res.body.getReader(), decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        event(buffer.slice(0, end), mine);
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (err) {
    if (err.name !== "AbortError") fail(String(err), mine);
  }
}

function event(block, mine) {
  if (mine !== controller) return;  // a newer request replaced this one
  const type = /^event: (.*)$/m.exec(block), data = /^data: (.*)$/m.exec(block);
  if (!type || !data) return;
  if (type[1] === "partial" || type[1] === "done") draw(JSON.parse(data[1]), type[1] === "done");
  else if (type[1] === "cancelled") fail(JSON.parse(data[1]).error, mine);
}

function fail(message, mine) {
  if (mine !== controller) return;
  document.body.dataset.state = "error";
  $("status").textContent = "";
  $("reading").textContent = "⚠ " + message;
  $("reading").classList.add("error");
}

const months = (days) => days.map((d) => d / (365 / 12));

function chartOptions(title, width, height, series, horizon, extra, xLabel) {
  const font = projector() ? "bold 16px sans-serif" : "12px sans-serif";
  const axis = { font, stroke: "#111", grid: { stroke: "#ddd" }, ticks: { stroke: "#999" } };
  const x = Object.assign({}, axis, { size: projector() ? 30 : 26 });
  if (xLabel) Object.assign(x, { label: xLabel, labelFont: font, labelSize: projector() ? 22 : 18 });
  return Object.assign({
    title, width, height, series: [{}, ...series], legend: { show: false }, cursor: { show: false },
    scales: { x: { time: false, range: () => [0, horizon] } },
    axes: [x, Object.assign({}, axis, { size: projector() ? 64 : 50,
      values: (u, ticks) => ticks.map((v) => compact.format(v)) })],
  }, extra || {});
}

function line(color, dashed) {
  return { stroke: color, width: projector() ? 3.5 : 2.5, dash: dashed ? [10, 5] : undefined, points: { show: false } };
}

function draw(data, final) {
  last = { data, final };
  const horizon = data.horizon_days / (365 / 12);
  const key = data.strategies.join("|") + horizon + projector();
  const x = months(data.day);
  if (key !== chartsKey) {
    chartsKey = key;
    for (const c of charts) c.destroy();
    if (focusChart) focusChart.destroy();
    charts = [];
    $("charts").innerHTML = "";
    $("focus").innerHTML = "";
    const cols = 4;
    const w = Math.floor($("charts").clientWidth / cols) - 8;
    const h = projector() ? 116 : 150;
    for (const o of data.outcomes) {
      const div = document.createElement("div");
      div.className = "chart";
      div.dataset.outcome = o.name;
      div.title = "Click to read this outcome";
      div.addEventListener("click", () => { focus = o.name; chartsKey = ""; draw(last.data, last.final); });
      $("charts").append(div);
      charts.push(new uPlot(chartOptions(TITLE[o.name] || o.label, w, h, [line(COLOR.a), line(COLOR.b, true)], horizon),
                            [x, o.a, o.b], div));
    }
    const fw = $("focus").clientWidth;
    focusChart = new uPlot(chartOptions("Difference A − B", fw, projector() ? 136 : 165,
      [line(COLOR.diff), { stroke: COLOR.a, width: 1, points: { show: false } },
       { stroke: COLOR.a, width: 1, points: { show: false } }, { stroke: "#777", width: 1, dash: [4, 4], points: { show: false } }],
      horizon, { bands: [{ series: [2, 3], fill: COLOR.band }] }, "months"), [x, [], [], [], []], $("focus"));
  }
  data.outcomes.forEach((o, i) => {
    charts[i].setData([x, o.a, o.b]);
    charts[i].root.classList.toggle("focused", o.name === focus);
  });
  const f = data.outcomes.find((o) => o.name === focus) || data.outcomes[0];
  focusChart.setData([x, f.diff, f.hi, f.lo, x.map(() => 0)]);
  focusChart.root.querySelector(".u-title").textContent =
    `Difference A − B in ${f.label}, with its 95% band (click a chart below to choose)`;
  legend(data);
  const reading = final ? f.reading : `So far (month ${Math.round(x[x.length - 1] || 0)} of ${Math.round(horizon)}): ${lower(f.reading)}`;
  $("reading").textContent = reading;
  $("reading").classList.remove("error");
  $("status").textContent = final ? `${data.replicates} replicates per strategy, common random numbers; ` +
    `computed in ${(data.elapsed_ms / 1000).toFixed(2)} s` : "Computing…";
  if (final) {
    document.body.dataset.state = "done";
    $("charts").dataset.signature = data.outcomes.map((o) => `${o.a[o.a.length - 1]}/${o.b[o.b.length - 1]}`).join(";");
  }
}

function lower(s) { return s ? s[0].toLowerCase() + s.slice(1) : s; }

function legend(data) {
  let el = $("legend");
  if (!el) { el = document.createElement("p"); el.id = "legend"; $("results").insertBefore(el, $("focus")); }
  el.innerHTML = `<span class="key a"></span>A: <b></b> &nbsp; <span class="key b"></span>B: <b></b>`;
  const names = el.querySelectorAll("b");
  names[0].textContent = data.strategies[0];
  names[1].textContent = data.strategies[1];
}

// Lines of `text` no wider than `width` on context g.
function wrap(g, text, width) {
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    const next = line ? line + " " + word : word;
    if (line && g.measureText(next).width > width) { lines.push(line); line = word; } else line = next;
  }
  return line ? [...lines, line] : lines;
}

// One PNG with the lesson, the strategies (with the key), the reading, the
// difference chart and every outcome chart.
function exportPng() {
  if (!focusChart || !last) return;
  const pad = 16, cols = 4, s = window.devicePixelRatio || 1;
  const cw = charts[0].ctx.canvas.width, ch = charts[0].ctx.canvas.height, fc = focusChart.ctx.canvas;
  const width = Math.max(fc.width, cols * cw) + 2 * pad;
  const canvas = document.createElement("canvas");
  const g = canvas.getContext("2d");
  g.font = `${16 * s}px sans-serif`;
  const reading = wrap(g, $("reading").textContent, width - 2 * pad);
  const head = pad + (30 + 26 + 22 * reading.length + 30) * s;
  const rows = Math.ceil(charts.length / cols);
  canvas.width = width;
  canvas.height = head + fc.height + 10 * s + rows * (ch + 26 * s) + pad;
  g.fillStyle = "#fff"; g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = "#000";
  let y = pad + 20 * s;
  g.font = `bold ${20 * s}px sans-serif`;
  g.fillText(meta.lessons[lessonIndex].title, pad, y);
  y += 26 * s;
  g.font = `${16 * s}px sans-serif`;
  let x = pad;
  for (const [i, dash] of [[0, []], [1, [10 * s, 5 * s]]]) {
    g.strokeStyle = i ? COLOR.b : COLOR.a; g.lineWidth = 3 * s; g.setLineDash(dash);
    g.beginPath(); g.moveTo(x, y - 5 * s); g.lineTo(x + 30 * s, y - 5 * s); g.stroke();
    const label = `${i ? "B" : "A"}: ${last.data.strategies[i]}`;
    g.fillText(label, x + 36 * s, y);
    x += 36 * s + g.measureText(label).width + 30 * s;
  }
  g.setLineDash([]);
  for (const line of reading) { y += 22 * s; g.fillText(line, pad, y); }
  y += 30 * s;
  const f = last.data.outcomes.find((o) => o.name === focus) || last.data.outcomes[0];
  g.font = `bold ${16 * s}px sans-serif`;
  g.fillText(`Difference A − B in ${f.label}, with its 95% band`, pad, y);
  g.drawImage(fc, pad, y + 6 * s);
  y += fc.height + 10 * s;
  charts.forEach((c, i) => {
    const cx = pad + (i % cols) * cw, cy = y + Math.floor(i / cols) * (ch + 26 * s) + 18 * s;
    g.fillText(TITLE[last.data.outcomes[i].name], cx, cy);
    g.drawImage(c.ctx.canvas, cx, cy + 4 * s);
  });
  canvas.toBlob((blob) => {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `ambassim-${meta.lessons[lessonIndex].id}.png`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
}

init().catch((err) => { $("reading").textContent = "⚠ cannot load the lessons: " + err; });
