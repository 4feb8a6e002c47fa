// The facilitator's part of the classroom page (docs/classroom.md, "Starting
// a game from the page"): present only when the page was opened with the
// link `ambassim serve` prints at start-up (?key=...). It lists the game files
// the server offers with their rules, starts the chosen one (or resumes its
// saved game) and then opens the game's facilitator page. Students' pages
// carry no key: the server refuses them.
"use strict";

(function () {
  const key = new URLSearchParams(location.search).get("key");
  if (!key) return;
  const box = document.getElementById("host");
  const el = (id) => document.getElementById(id);
  const whole = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
  const LEVERS = { engagement: "the two programme families (engagement, ambassadorship)" };
  let games = [];

  async function api(path, params, post) {
    const body = new URLSearchParams(Object.assign({ key }, params));
    const r = post ? await fetch(path, { method: "POST", body })
                   : await fetch(path + "?" + body.toString());
    const data = await r.json();
    if (!r.ok) throw new Error(data.error || r.statusText);
    return data;
  }

  function rulesRows(g) {
    const r = g.rules;
    const levers = (LEVERS[r.levers[0]] || `the ${r.levers.length} individual programmes (${r.levers.join(", ")})`) +
      (r.hire ? `; hiring up to ${Math.round(100 * r.hire.max)}% more front-line staff (paid on top of the budget)` : "");
    const w = r.world;
    return [
      ["Rounds", `${r.rounds} rounds of ${r.round_days} days` + (r.round_minutes ? `, about ${r.round_minutes} minutes each` : ", no timer")],
      ["Teams decide", levers],
      ["Budget", `${whole.format(r.budget.min)}–${whole.format(r.budget.max)} per employee and year (starts at ${whole.format(r.budget.default)})`],
      ["Score", r.scoring],
      ["World", `${w.scenario}: ${whole.format(w.employees)} employees in ${w.units} units, ${whole.format(w.customers)} customers`],
      ["Teams", `up to ${r.max_teams}`],
    ];
  }

  function show() {
    const g = games[el("host-game").selectedIndex];
    const rules = el("host-rules");
    rules.textContent = "";
    el("host-start").disabled = el("host-resume").hidden = true;
    if (!g) return;
    if (g.error) { el("host-status").textContent = "⚠ " + g.error; return; }
    el("host-status").textContent = "";
    for (const [k, v] of rulesRows(g)) {
      const dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = k; dd.textContent = v;
      rules.append(dt, dd);
    }
    const saved = el("host-saved");
    saved.textContent = "";
    if (g.saved) {
      saved.textContent = g.saved.error ? `A state file ${g.saved.file} exists but cannot be resumed: ${g.saved.error}`
        : `A saved game of this file is in ${g.saved.file} (round ${g.saved.round} of ${g.rules.rounds}, ` +
          `${g.saved.teams} teams, ${g.saved.status}). Resume it, or move that file away to start a new game.`;
      el("host-resume").hidden = !!g.saved.error;
    }
    el("host-start").disabled = !!g.saved || running;
    el("host-resume").disabled = running;
  }

  let running = false;
  async function load() {
    const data = await api("api/host/games", {});
    games = data.games;
    const sel = el("host-game");
    sel.textContent = "";
    for (const g of games) {
      const o = document.createElement("option");
      o.textContent = g.rules ? `${g.rules.title} (${g.name})` : g.name;
      sel.append(o);
    }
    running = !!data.running;
    const r = el("host-running");
    r.hidden = !running;
    if (running) {
      r.querySelector("span").textContent = `A game is running: “${data.running.title}”, join code ${data.running.code}. `;
      r.querySelector("a").href = data.running.facilitator;
    }
    el("host-where").textContent = `Started games are saved in ${data.state_dir}.`;
    show();
  }

  async function start(resume) {
    const g = games[el("host-game").selectedIndex];
    el("host-start").disabled = el("host-resume").disabled = true;
    el("host-status").textContent = "Preparing the world (a few seconds)…";
    try {
      const r = await api("api/host/start", { game: g.name, resume: resume ? "1" : "0" }, true);
      location.href = r.facilitator;  // the game's own facilitator page: join code, controls
    } catch (e) {
      el("host-status").textContent = "⚠ " + e.message;
      await load().catch(() => {});
    }
  }

  box.hidden = false;
  el("host-game").addEventListener("change", show);
  el("host-start").addEventListener("click", () => start(false));
  el("host-resume").addEventListener("click", () => start(true));
  load().catch((e) => { el("host-status").textContent = "⚠ " + e.message; });
})();
