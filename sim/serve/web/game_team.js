// A team's page of the class game (docs/classroom.md): join, then poll the
// team's state every 1.5 s; the decision form is built from the game's
// levers and validated like the server does (shares sum to at most 100%).
"use strict";

const FAMILY = { career: "e", management: "e", cohesion: "e", alignment: "e",
                 training: "a", mission: "a", process: "a", recognition: "a" };
const LABEL = { engagement: "Engagement programmes", ambassadorship: "Ambassadorship programmes" };
let info = null, token = null, state = null, dirty = false, formRound = -1, polling = null;

// The game's rules, once loaded; the forms are bound before (a Join clicked
// while the rules still load on a busy server must not submit the form
// natively, which reloaded the page and lost the join).
let ready = null;

async function start() {
  $("join-form").addEventListener("submit", join);
  $("decision").addEventListener("input", () => { dirty = true; showLevers(); });
  $("decision").addEventListener("submit", submit);
  ready = (async () => {
    info = await apiGet("api/game/info", {});
    $("title").textContent = info.title;
    document.title = info.title;
    buildLevers();
  })();
  await ready;
  const saved = JSON.parse(localStorage.getItem("ambassim-game") || "null");
  if (saved) {
    token = saved.token;
    try { await refresh(); showPlay(); } catch (e) { token = null; }
  }
}

async function join(ev) {
  ev.preventDefault();
  const f = ev.target.elements;
  try {
    await ready;
    const r = await apiPost("api/game/join", { code: f.code.value.trim(), team: f.team.value });
    token = r.token;
    localStorage.setItem("ambassim-game", JSON.stringify({ token }));
    $("join-error").textContent = "";
    await refresh();
    showPlay();
  } catch (e) { $("join-error").textContent = e.message; }
}

function showPlay() {
  $("join").hidden = true;
  $("play").hidden = false;
  if (!polling) polling = setInterval(() => refresh().catch(() => {}), 1500);
}

function buildLevers() {
  const box = $("levers");
  box.append(lever("budget", `Budget per employee and year`, info.budget_min, info.budget_max, 50));
  for (const f of info.levers) {
    const l = lever(f, LABEL[f] || f[0].toUpperCase() + f.slice(1), 0, 100, 5);
    l.classList.add(f, FAMILY[f] ? "fam-" + FAMILY[f] : f);
    box.append(l);
  }
  // The capacity lever, only when the game file allows it: extra front-line
  // staff as a share of the front line, paid on top of the budget.
  if (info.hire) {
    const l = lever("hire", "Extra front-line staff (paid on top)", 0,
                    Math.round(100 * info.hire.max), Math.max(1, Math.round(100 * info.hire.step)));
    l.classList.add("hire");
    box.append(l);
  }
}

function lever(name, label, min, max, step) {
  const el = document.createElement("label");
  el.className = "lever";
  el.innerHTML = `<span></span><output></output><input type="range">`;
  el.querySelector("span").textContent = label;
  Object.assign(el.querySelector("input"), { name, min, max, step });
  return el;
}

function setForm(d) {
  const f = $("decision").elements;
  f.budget.value = d.budget;
  for (const k of info.levers) f[k].value = Math.round(100 * d[k]);
  if (info.hire) f.hire.value = Math.round(100 * d.hire);
  showLevers();
}

function showLevers() {
  const f = $("decision").elements;
  let sum = 0;
  for (const k of info.levers) sum += Number(f[k].value);
  for (const el of document.querySelectorAll(".lever")) {
    const input = el.querySelector("input");
    el.querySelector("output").textContent = input.name === "budget" ? whole.format(input.value)
      : input.name === "hire" ? `+${input.value}% staff` : input.value + "%";
  }
  const over = sum > 100;
  $("unspent").textContent = over ? `Shares add up to ${sum}%: at most 100%.`
                                  : `${100 - sum}% of the budget unspent.`;
  $("unspent").className = over ? "error" : "";
  // Teams may decide round 1 while waiting for the start.
  $("submit").disabled = over || !state || !["running", "lobby"].includes(state.status) || state.advancing;
}

async function submit(ev) {
  ev.preventDefault();
  const f = $("decision").elements;
  const params = { token, round: state.round + 1, budget: f.budget.value };
  for (const k of info.levers) params[k] = (Number(f[k].value) / 100).toFixed(2);
  if (info.hire) params.hire = (Number(f.hire.value) / 100).toFixed(2);
  try {
    await apiPost("api/game/submit", params);
    dirty = false;
    await refresh();
  } catch (e) { $("submit-status").textContent = e.message; $("submit-status").className = "error"; }
}

async function refresh() {
  state = await apiGet("api/game/team", { token });
  $("team-name").textContent = state.team;
  $("round").textContent = state.status === "ended" ? `Game over (${state.round} rounds)`
    : state.status === "lobby" ? "Waiting for the start" : `Round ${state.round + 1} of ${state.rounds}`;
  $("timer").textContent = state.status === "running" ? fmtTimer(state.timer_left) : state.status;
  $("timer").classList.toggle("low", state.timer_left !== null && state.timer_left < 30);
  if (formRound !== state.round || !dirty) { setForm(state.decision); formRound = state.round; dirty = false; }
  $("decision-title").textContent = state.status === "ended" ? "The game is over" : `Your decision for round ${state.round + 1}`;
  const st = $("submit-status");
  st.className = state.submitted ? "ok" : "";
  st.textContent = state.advancing ? "Playing out the quarter…"
    : state.submitted ? `✓ Submitted for round ${state.round + 1}: waiting for the other teams (you may still change it).`
    : state.status === "running" ? "Not submitted yet: without a decision you keep your last one."
    : state.status === "lobby" ? "The game has not started: you may already submit round 1." : "";
  showLevers();
  drawHistory();
  drawDashboard();
}

function drawHistory() {
  const t = $("history");
  const head = `<tr><th>Round</th><th>Budget</th>${info.levers.map((k) => `<th>${k.slice(0, 4)}.</th>`).join("")}` +
    (info.hire ? "<th>hire</th>" : "") + "</tr>";
  t.innerHTML = head + state.decisions.map((d, i) =>
    `<tr><td>${i + 1}${i < state.joined_round ? "*" : ""}</td><td>${whole.format(d.budget)}</td>` +
    info.levers.map((k) => `<td>${pct(d[k])}</td>`).join("") + (info.hire ? `<td>+${pct(d.hire)}</td>` : "") +
    "</tr>").join("");
}

function kpi(label, series, digits = 0, better = 1) {
  const v = series.length ? series[series.length - 1] : null;
  const per = 13 * 7 / (state.day[0] || 7);
  const prev = series.length > per ? series[series.length - 1 - per] : null;
  const el = document.createElement("div");
  el.className = "kpi";
  const delta = v !== null && prev !== null ? v - prev : null;
  el.innerHTML = `<div class="label"></div><div class="value"></div><div class="delta"></div>`;
  el.querySelector(".label").textContent = label;
  el.querySelector(".value").textContent = v === null ? "–" : digits ? v.toFixed(digits) : readable(v);
  if (delta !== null && Math.abs(delta) > 1e-9) {
    const d = el.querySelector(".delta");
    d.textContent = `${delta > 0 ? "▲" : "▼"} ${digits ? Math.abs(delta).toFixed(digits) : readable(Math.abs(delta))} this quarter`;
    d.className = "delta " + (delta * better > 0 ? "up" : "down");
  }
  return el;
}

let chartKey = "";
function drawDashboard() {
  const s = state.series;
  const k = $("kpis");
  k.textContent = "";
  const quarterQuits = s.quits.length ? s.quits : [];
  k.append(kpi("Active customers", s.active_customers), kpi("NPS", s.nps, 1), kpi("Customers won by referral", s.referrals),
           kpi("Revenue net of spend", s.net_revenue), kpi("Staff engagement", s.engagement, 3),
           kpi("Staff ambassadorship", s.ambassadorship, 3), kpi("Staff experience", s.experience, 3),
           kpi("Staff quits (total)", quarterQuits, 0, -1));
  $("news").innerHTML = "";
  for (const line of state.news.length ? state.news : ["Nothing yet: the first quarter starts when the facilitator starts the game."]) {
    const li = document.createElement("li");
    li.textContent = line;
    $("news").append(li);
  }
  const standing = $("standing");
  standing.hidden = !state.revealed || !state.rank;
  if (state.rank) standing.textContent = `Your company finished #${state.rank} of ${state.teams}. Ask your facilitator for the debrief.`;
  const key = state.day.length + ":" + window.innerWidth;
  if (key === chartKey) return;
  chartKey = key;
  const c = $("charts");
  c.textContent = "";
  // Single-series charts need no legend: the title names the series.
  const add = (title, lines) => {
    const d = document.createElement("div");
    c.append(d);
    lineChart(d, title, state.day, lines, { height: lines.length > 1 ? 190 : 215, legend: lines.length > 1 });
  };
  if (!state.day.length) return;
  add("Active customers", [{ label: "customers", values: s.active_customers, color: PALETTE[0] }]);
  add("NPS", [{ label: "NPS", values: s.nps, color: PALETTE[1] }]);
  add("Revenue net of spend", [{ label: "net revenue", values: s.net_revenue, color: PALETTE[2] }]);
  add("Staff", [{ label: "engagement", values: s.engagement, color: PALETTE[0] },
                { label: "ambassadorship", values: s.ambassadorship, color: PALETTE[1] },
                { label: "experience", values: s.experience, color: PALETTE[2] }]);
  add("Staff quits (total)", [{ label: "quits", values: s.quits, color: PALETTE[6] }]);
  if (info.hire)
    add("Extra front-line staff (capacity added, share of the front line)",
        [{ label: "extra staff", values: s.extra_front_line, color: PALETTE[4] }]);
  add("Customers won by referral", [{ label: "referrals", values: s.referrals, color: PALETTE[3] }]);
}

start();
