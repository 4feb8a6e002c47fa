// Shared helpers of the class game's pages (game_team.js, game_facilitator.js):
// API calls (GET with a query, POST with a form; errors shown as the server's
// one-line message), number formats and uPlot line charts.
"use strict";

const $ = (id) => document.getElementById(id);
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumSignificantDigits: 3 });
const whole = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const fourDigits = new Intl.NumberFormat("en", { notation: "compact", minimumSignificantDigits: 4, maximumSignificantDigits: 4 });
// A value a class compares across teams: whole below a million (10,093 vs
// 10,041, not 10.1K vs 10K), else four digits (14.23M vs 14.19M).
function readable(v) { return Math.abs(v) < 1e6 ? whole.format(v) : fourDigits.format(v); }
// Axis tick labels with as many digits as it takes to tell them apart.
function tickLabels(ticks) {
  for (let digits = 3; digits <= 7; ++digits) {
    const f = new Intl.NumberFormat("en", { notation: "compact", maximumSignificantDigits: digits });
    const labels = ticks.map((x) => f.format(x));
    if (new Set(labels).size === labels.length) return labels;
  }
  return ticks.map((x) => whole.format(x));
}
// Okabe-Ito and friends: distinct for up to 12 teams; built-ins are grey and dashed.
const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8c564b",
                 "#F0E442", "#7f7f7f", "#9467bd", "#17becf"];

async function apiGet(path, params) {
  const res = await fetch(path + "?" + new URLSearchParams(params));
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

async function apiPost(path, params) {
  const res = await fetch(path, { method: "POST", body: new URLSearchParams(params),
                                  headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

function fmtTimer(seconds) {
  if (seconds === null || seconds === undefined) return "no timer";
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")} left`;
}

function pct(x) { return `${Math.round(100 * x)}%`; }

// Room for the longest tick label (about 8 px a character at 13 px), never clipped.
function yAxisWidth(u, labels) {
  return 18 + 8 * Math.max(4, ...(labels || []).map((l) => String(l).length));
}

// A line chart: x = days, one series per entry of `lines` ({label, values, color, dash}).
function lineChart(el, title, days, lines, opts = {}) {
  el.textContent = "";
  const width = opts.width || Math.max(280, el.clientWidth || 320);
  const data = [days.map((d) => d / 91.25 * 3)];  // months
  const series = [{ label: "month" }];
  for (const l of lines) {
    data.push(l.values);
    series.push({ label: l.label, stroke: l.color, width: l.width || 2.5, dash: l.dash,
                  value: (u, v) => v === null || v === undefined ? "–" : readable(v) });
  }
  return new uPlot({
    title, width, height: opts.height || 210, series, legend: { show: opts.legend !== false },
    scales: { x: { time: false } },
    axes: [{ label: "month", size: 36, font: "13px system-ui", incrs: [1, 2, 3, 4, 6, 12, 24] },  // whole months
           { size: yAxisWidth, font: "13px system-ui", values: (u, v) => tickLabels(v) }],
  }, data, el);
}
