// The facilitator's page of the class game (docs/classroom.md): the key comes
// from the URL printed by `ambassim serve --game`; the board is polled every
// 1.5 s; the controls post to api/game/control.
"use strict";

const key = new URLSearchParams(location.search).get("key") || "";
let board = null, chartKey = "";

async function start() {
  for (const b of document.querySelectorAll("#controls button[data-action]"))
    b.addEventListener("click", () => control(b.dataset.action));
  $("show-debrief").addEventListener("click", showDebrief);
  $("metric").addEventListener("change", () => { chartKey = ""; drawChart(); });
  $("export-html").href = "api/game/export/debrief.html?" + new URLSearchParams({ key });
  $("export-h5").href = "api/game/export/game.h5?" + new URLSearchParams({ key });
  $("join-url").textContent = location.host + "/game";
  await refresh();
  setInterval(() => refresh().catch((e) => { $("control-status").textContent = e.message; }), 1500);
}

async function control(action) {
  const params = { key, action };
  if (action === "timer") params.seconds = Math.round(60 * Number($("minutes").value));
  try {
    await apiPost("api/game/control", params);
    $("control-status").textContent = "";
    await refresh();
    if (action === "end" || action === "reveal") showDebrief();
  } catch (e) { $("control-status").textContent = e.message; }
}

async function refresh() {
  const first = !board;
  board = await apiGet("api/game/board", { key });
  if (first) $("minutes").value = board.timer_seconds / 60;
  $("title").textContent = board.title;
  $("code").textContent = board.code;
  $("round").textContent = board.status === "ended" ? `Game over after ${board.round} rounds`
    : board.status === "lobby" ? `${board.teams.length} teams joined` : `Round ${board.round + 1} of ${board.rounds}`;
  $("timer").textContent = board.advancing ? "playing out…" : board.status === "running" ? fmtTimer(board.timer_left) : board.status;
  $("timer").classList.toggle("low", board.timer_left !== null && board.timer_left < 30);
  const st = board.status;
  const enable = { start: st === "lobby", pause: st === "running", resume: st === "paused", advance: st === "running",
                   end: st !== "ended", reveal: !board.revealed, timer: true };
  for (const b of document.querySelectorAll("#controls button[data-action]")) b.disabled = !enable[b.dataset.action];
  $("board-title").textContent = `Leaderboard: ${board.score_label}`;
  $("save-error").hidden = !board.save_error;
  $("save-error").textContent = board.save_error ? `The game is not being saved (a restart could not resume it): ${board.save_error}` : "";
  drawLeaderboard();
  drawDecisions();
  drawChart();
}

function drawLeaderboard() {
  const t = $("leaderboard");
  t.innerHTML = "<tr><th>#</th><th>Team</th><th>Decided</th><th>Score</th><th>Customers</th><th>NPS</th><th>Net revenue</th><th></th></tr>";
  board.teams.forEach((team, i) => {
    const tr = document.createElement("tr");
    const status = board.status === "ended" ? "" : team.submitted ? '<span class="tick">✓ in</span>' : '<span class="wait">…</span>';
    tr.innerHTML = `<td>${i + 1}</td><td class="name"></td><td>${status}</td>` +
      `<td class="score">${board.round ? team.score.toFixed(1) : "–"}</td><td>${board.round ? readable(team.customers) : "–"}</td>` +
      `<td>${board.round ? team.nps.toFixed(1) : "–"}</td><td>${board.round ? readable(team.net_revenue) : "–"}</td><td></td>`;
    tr.querySelector(".name").textContent = team.name;
    if (board.round) {
      const a = document.createElement("a");
      a.href = "api/game/export/team.toml?" + new URLSearchParams({ key, team: team.name });
      a.textContent = "TOML";
      a.download = "";
      tr.lastChild.append(a);
    }
    t.append(tr);
  });
}

function drawDecisions() {
  const t = $("decisions");
  const rounds = board.round;
  // Each cell: budget · the first letter of each lever with its share in %.
  let html = "<tr><th>Team</th>" + Array.from({ length: rounds }, (_, r) => `<th>R${r + 1}</th>`).join("") + "</tr>";
  t.innerHTML = html;
  for (const team of board.teams) {
    const tr = document.createElement("tr");
    tr.innerHTML = "<td></td>" + team.decisions.map((d) =>
      `<td>${compact.format(d.budget)} · ${board.levers.map((k) => `${k[0].toUpperCase()}${Math.round(100 * d[k])}`).join(" ")}` +
      (board.hire ? ` · +${Math.round(100 * d.hire)}% staff` : "") + "</td>").join("");
    tr.firstChild.textContent = team.name;
    t.append(tr);
  }
}

function drawChart() {
  const metric = $("metric").value;
  const k = metric + board.day.length + ":" + board.teams.length + ":" + window.innerWidth;
  if (k === chartKey) return;
  chartKey = k;
  const el = $("team-chart");
  if (!board.day.length) { el.textContent = "The chart appears after the first round."; return; }
  // Cumulative revenue and customer counts differ by a few percent between
  // teams: shown as the difference from the company that spends nothing
  // (same world), the teams' curves separate; NPS is shown as it is.
  const ref = board.reference[metric];
  const minus = (v) => metric === "nps" ? v : v.map((x, i) => x - ref[i]);
  lineChart(el, $("metric").selectedOptions[0].textContent, board.day,
            board.teams.map((t, i) => ({ label: t.name, values: minus(t.series[metric]), color: PALETTE[i % PALETTE.length] })),
            { height: 300 });
}

async function showDebrief() {
  try {
    const d = await apiGet("api/game/debrief", { key });
    $("debrief").hidden = false;
    const t = $("debrief-table");
    t.innerHTML = `<tr><th>Company</th><th>Score</th><th>Customers</th><th>NPS</th><th>Net revenue</th></tr>`;
    for (const c of d.companies) {
      const tr = document.createElement("tr");
      if (c.builtin) tr.className = "builtin";
      tr.innerHTML = `<td></td><td>${c.score.toFixed(1)}</td><td>${readable(c.customers)}</td><td>${c.nps.toFixed(1)}</td><td>${readable(c.net_revenue)}</td>`;
      tr.firstChild.textContent = c.name;
      t.append(tr);
    }
    $("mattered").innerHTML = "";
    const lines = d.mattered.length ? d.mattered.slice(0, 3).map((m) => m.sentence) : ["Too few companies to say which decisions mattered."];
    for (const s of lines) { const li = document.createElement("li"); li.textContent = s; $("mattered").append(li); }
    let team = 0;
    const none = d.companies.find((c) => c.name === "Built-in: no programmes").net_revenue_series;
    if (d.day.length)
      lineChart($("debrief-chart"), "Net revenue above doing nothing: teams and built-ins (dashed)", d.day, d.companies.map((c) => ({
        label: c.name, values: c.net_revenue_series.map((x, i) => x - none[i]),
        color: c.builtin ? "#555" : PALETTE[team++ % PALETTE.length], dash: c.builtin ? [8, 5] : undefined })), { height: 320 });
    $("debrief").scrollIntoView({ behavior: "smooth" });
  } catch (e) { $("control-status").textContent = e.message; }
}

start();
