// End-to-end test of the class game in a real browser: Debian's
// /usr/bin/chromium, headless, driven by playwright-core from npm. Starts
// `ambassim serve --game` on a free loopback port; a facilitator and three
// teams, each in its own browser context (own storage: no shared login), play
// three rounds: the teams join with the code, set their levers and submit;
// the facilitator starts the game, sees the leaderboard fill, ends it and
// opens the debrief; the exports are downloaded and checked. A team reloads
// its tab mid-game and finds its company unchanged. Screenshots (1280x720,
// the projector's size) go to $AMBASSIM_SCREENSHOT_DIR or a temporary folder;
// $AMBASSIM_GAME plays that game file instead of the small test game.
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const { AMBASSIM, SOURCE, check, launch, finish, closeAll, run } = require("./browser");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "ambassim-game-browser-"));
const shots = process.env.AMBASSIM_SCREENSHOT_DIR || work;
const TIMEOUT = 120000;  // generous: the sanitizer build is several times slower
const ROUNDS = Number(process.env.AMBASSIM_GAME_ROUNDS || 3);


function gameFile() {
  return process.env.AMBASSIM_GAME || path.join(SOURCE, "tests", "e2e", "game_small.toml");
}

function startServer() {
  const server = spawn(AMBASSIM, ["serve", "--port", "0", "--game", gameFile(), "--game-state", path.join(work, "state.toml")],
                       { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (d) => {
      out += d;
      const m = /facilitator: (http:\/\/127\.0\.0\.1:\d+\/)facilitator\?key=(\w+)/.exec(out);
      const c = /join code (\w+)/.exec(out);
      if (m && c) resolve({ server, url: m[1], key: m[2], code: c[1] });
    });
    server.on("exit", (code) => reject(new Error(`ambassim serve exited with ${code}: ${out}`)));
    setTimeout(() => reject(new Error("ambassim serve printed no URL")), 60000);
  });
}

async function setSlider(page, name, value) {
  await page.$eval(`#decision input[name="${name}"]`, (el, v) => {
    el.value = v;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, String(value));
}

const PLANS = {  // budget, engagement %, ambassadorship % per round
  "Red Lions": (r) => [2000, r < 2 ? 60 : 10, r < 2 ? 20 : 80],
  "Blue Whales": (r) => [1500, 0, 90],
  "Green Owls": (r) => [800, 50, 50],
};

async function main() {
  const { server, url, key, code } = await startServer();
  const browser = await launch();
  const errors = [];
  const open = async (address) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error" && !/the server responded with a status of 4/.test(m.text())) errors.push(m.text()); });
    await page.goto(address);
    return page;
  };
  try {
    const fac = await open(`${url}facilitator?key=${key}`);
    await fac.waitForFunction((c) => document.getElementById("code").textContent === c, code, { timeout: TIMEOUT });
    check("the facilitator sees the join code", (await fac.textContent("#code")) === code);

    const teams = {};
    for (const name of Object.keys(PLANS)) {
      const page = await open(`${url}game`);
      await page.fill("#join-form input[name=code]", code);
      await page.fill("#join-form input[name=team]", name);
      await page.click("#join-form button");
      await page.waitForSelector("#play:not([hidden])", { timeout: TIMEOUT });
      check(`${name} joined`, (await page.textContent("#team-name")) === name);
      check(`${name} is offered no hiring (the game does not allow it)`, (await page.$$("#decision input[name=hire]")).length === 0);
      teams[name] = page;
    }
    await fac.waitForFunction(() => document.querySelectorAll("#leaderboard tr").length === 4, null, { timeout: TIMEOUT });
    check("the leaderboard lists the three teams", (await fac.$$("#leaderboard tr")).length === 4);
    await fac.click("button[data-action=start]");

    for (let r = 0; r < ROUNDS; ++r) {
      for (const [name, page] of Object.entries(teams)) {
        await page.waitForFunction((n) => document.getElementById("decision-title").textContent.includes(`round ${n}`) &&
          !document.getElementById("submit").disabled, r + 1, { timeout: TIMEOUT });
        const [budget, e, a] = PLANS[name](r);
        await setSlider(page, "budget", budget);
        await setSlider(page, "engagement", e);
        await setSlider(page, "ambassadorship", a);
        await page.click("#submit");
        // Submitted, or the round already moved on (the last team's submission completes it).
        await page.waitForFunction((n) => document.getElementById("submit-status").textContent.includes("Submitted") ||
          document.getElementById("round").textContent !== `Round ${n} of ${document.getElementById("round").textContent.split(" of ")[1]}`,
          r + 1, { timeout: TIMEOUT });
      }
      if (r === 0) {
        // Over-spending is refused in the page before it reaches the server.
        const page = teams["Green Owls"];
        await page.waitForFunction(() => document.getElementById("round").textContent.startsWith("Round 2"), null, { timeout: TIMEOUT });
        await setSlider(page, "engagement", 70);
        await setSlider(page, "ambassadorship", 50);
        check("shares above 100% disable the submit button", await page.$eval("#submit", (b) => b.disabled));
        check("and say why", (await page.textContent("#unspent")).includes("120%"));
        // A team closes its tab and comes back: same company.
        const before = await page.textContent("#kpis");
        await page.reload();
        await page.waitForSelector("#play:not([hidden])", { timeout: TIMEOUT });
        await page.waitForFunction(() => document.querySelectorAll(".kpi").length === 8, null, { timeout: TIMEOUT });
        check("a reloaded tab rejoins the same company", (await page.textContent("#team-name")) === "Green Owls" &&
              (await page.textContent("#kpis")) === before);
      }
      if (r === 1) {
        const page = teams["Red Lions"];
        await page.waitForFunction(() => document.getElementById("round").textContent.startsWith("Round 3") &&
          document.querySelectorAll("#charts .uplot").length === 6, null, { timeout: TIMEOUT });
        check("the team sees news in words", (await page.textContent("#news")).includes("quarter"));
        check("the team sees its decisions over time", (await page.$$("#history tr")).length === 3);
        await page.screenshot({ path: path.join(shots, "game_team.png") });
      }
    }
    await fac.waitForFunction((n) => document.getElementById("round").textContent.includes(`after ${n} rounds`), ROUNDS,
                             { timeout: TIMEOUT });
    check("every team's trajectory on one chart", (await fac.$$("#team-chart .uplot")).length === 1 &&
          (await fac.$$eval("#team-chart .u-legend .u-series", (s) => s.length)) === 4);
    check("decisions over time", (await fac.$$eval("#decisions tr", (rows) => rows.length)) === 4 &&
          (await fac.textContent("#decisions")).includes(`R${ROUNDS}`));
    await fac.screenshot({ path: path.join(shots, "game_facilitator.png") });

    await fac.click("button[data-action=reveal]");
    await fac.waitForSelector("#debrief:not([hidden])", { timeout: TIMEOUT });
    await fac.waitForFunction(() => document.querySelectorAll("#debrief-table tr").length === 8, null, { timeout: TIMEOUT });
    const debrief = await fac.textContent("#debrief");
    check("the debrief shows the built-in strategies", debrief.includes("Built-in: ambassadorship first") &&
          debrief.includes("Built-in: no programmes"), debrief);
    check("the debrief says which decisions mattered", (await fac.$$("#mattered li")).length === 3 &&
          (await fac.textContent("#mattered")).includes("rank correlation"));
    await fac.$eval("#debrief", (el) => el.scrollIntoView());
    await fac.screenshot({ path: path.join(shots, "game_debrief.png") });
    const team = teams["Blue Whales"];
    await team.waitForSelector("#standing:not([hidden])", { timeout: TIMEOUT });
    check("revealed: a team sees its place", /finished #[1-3] of 3/.test(await team.textContent("#standing")));

    const download = async (selector) => {
      const [d] = await Promise.all([fac.waitForEvent("download"), fac.click(selector)]);
      const file = path.join(work, d.suggestedFilename());
      await d.saveAs(file);
      return file;
    };
    const html = fs.readFileSync(await download("#export-html"), "utf8");
    check("the debrief page exports", html.includes("Which decisions mattered") && html.includes("Blue Whales") &&
          html.includes("<svg"));
    const h5 = fs.readFileSync(await download("#export-h5"));
    check("all runs export as HDF5", h5.subarray(0, 4).toString("latin1") === "\x89HDF");
    const toml = fs.readFileSync(await download("#leaderboard a[download]"), "utf8");
    check("a team's scenario exports", /\[\[strategies\.[a-z_]+\.phases\]\]/.test(toml) && toml.includes("label = \""));
    check("no errors in the pages", errors.length === 0, errors.join(" | "));
  } finally {
    await closeAll(browser, server, work);
  }
  finish();
}

run(main);
