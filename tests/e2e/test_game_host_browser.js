// End-to-end test, in a real browser (Debian's chromium through
// playwright-core), of starting a class game from the classroom page and of
// the capacity lever on a team's page. Plain `ambassim serve` (no --game)
// offers a game folder holding a copy of the tests' tiny game that allows
// hiring. A student's page (no key) shows no game panel; the facilitator's
// link (printed with the host key) shows it, lists the games with their
// rules, starts the tiny game and lands on its facilitator page with the join
// code. A team joins, sees the hiring slider, submits a decision that hires,
// and after the round sees its extra staff and the news about them; its
// decisions table has the hire column, the facilitator's decisions show it.
// Screenshots (1280x720) go to $AMBASSIM_SCREENSHOT_DIR or a temporary folder.
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const { AMBASSIM, SOURCE, check, launch, finish, closeAll, run } = require("./browser");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "ambassim-host-browser-"));
const shots = process.env.AMBASSIM_SCREENSHOT_DIR || work;
const TIMEOUT = 120000;

function writeGames() {
  const games = path.join(work, "games");
  fs.mkdirSync(games);
  const text = fs.readFileSync(path.join(SOURCE, "tests", "e2e", "game_small.toml"), "utf8")
    .replace('scenario = "../../scenarios/', `scenario = "${SOURCE}/scenarios/`)
    .replace('title = "Test game"', 'title = "Test game with hiring"')
    .replace("round_minutes = 0\n", 'round_minutes = 0\nlevers = ["families", "hire"]\n');
  fs.writeFileSync(path.join(games, "tiny_hire.toml"), text + "\n[hire]\nmax = 0.2\nstep = 0.02\n");
  return games;
}

function startServer(games) {
  const server = spawn(AMBASSIM, ["serve", "--port", "0", "--game-dir", games], { cwd: work, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (d) => {
      out += d;
      const m = /facilitator: (http:\/\/127\.0\.0\.1:\d+\/)\?key=(\w+)/.exec(out);
      if (m) resolve({ server, url: m[1], hostKey: m[2] });
    });
    server.on("exit", (code) => reject(new Error(`ambassim serve exited with ${code}: ${out}`)));
    setTimeout(() => reject(new Error("ambassim serve printed no URL")), 60000);
  });
}

async function main() {
  const { server, url, hostKey } = await startServer(writeGames());
  const browser = await launch();
  const errors = [];
  // prepare(page) runs before the page is loaded (e.g. to slow a request down).
  const open = async (address, prepare = async () => {}, waitUntil = "load") => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error" && !/status of 4/.test(m.text())) errors.push(m.text()); });
    await prepare(page);
    await page.goto(address, { waitUntil });
    return page;
  };
  try {
    const student = await open(url);
    await student.waitForSelector("#lesson option", { state: "attached", timeout: TIMEOUT });
    check("a student's page has no game panel", await student.$eval("#host", (el) => el.hidden));

    const fac = await open(`${url}?key=${hostKey}`);
    await fac.waitForSelector("#host:not([hidden])", { timeout: TIMEOUT });
    await fac.click("#host summary");
    await fac.waitForFunction(() => document.querySelectorAll("#host-game option").length >= 3, null, { timeout: TIMEOUT });
    const options = await fac.$$eval("#host-game option", (o) => o.map((x) => x.textContent));
    check("the shipped games and the folder's are offered", options.some((o) => o.includes("(class_45min)")) &&
          options.some((o) => o.includes("(class_90min)")) && options.some((o) => o.includes("(tiny_hire)")), options.join("; "));
    await fac.selectOption("#host-game", { index: options.findIndex((o) => o.includes("(class_90min)")) });
    const rules = await fac.textContent("#host-rules");
    check("the rules are shown before the start", rules.includes("12 rounds of 91 days") &&
          rules.includes("hiring up to 20% more front-line staff") && rules.includes("per employee and year"), rules);
    await fac.screenshot({ path: path.join(shots, "game_host.png") });
    await fac.selectOption("#host-game", { index: options.findIndex((o) => o.includes("(tiny_hire)")) });
    await fac.click("#host-start");
    await fac.waitForURL(/\/facilitator\?key=\w+/, { timeout: TIMEOUT });
    await fac.waitForFunction(() => /^[A-Z0-9]{5}$/.test(document.getElementById("code").textContent), null, { timeout: TIMEOUT });
    const code = await fac.textContent("#code");
    check("the started game's facilitator page shows the join code", /^[A-Z0-9]{5}$/.test(code), code);
    check("the started game was saved in the current folder", fs.existsSync(path.join(work, "tiny_hire.state.toml")));

    // The team joins while the game's rules are still on their way (a busy
    // server): the Join button must work already (it once submitted the form
    // natively and reloaded the page, losing the join).
    const team = await open(`${url}game`, (p) => p.route("**/api/game/info*", async (r) => {
      await new Promise((done) => setTimeout(done, 2000));
      await r.continue();
    }), "domcontentloaded");
    await team.fill("#join-form input[name=code]", code);
    await team.fill("#join-form input[name=team]", "Hirers");
    await team.click("#join-form button");
    await team.waitForSelector("#play:not([hidden])", { timeout: TIMEOUT });
    check("the team page shows the hiring slider", (await team.$$("#decision input[name=hire]")).length === 1 &&
          (await team.$eval("#decision input[name=hire]", (el) => el.max)) === "20");
    await fac.click("button[data-action=start]");
    await team.waitForFunction(() => !document.getElementById("submit").disabled, null, { timeout: TIMEOUT });
    for (const [name, v] of [["budget", 1500], ["engagement", 40], ["ambassadorship", 40], ["hire", 10]])
      await team.$eval(`#decision input[name="${name}"]`, (el, x) => {
        el.value = x;
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }, String(v));
    check("the slider reads as extra staff", (await team.textContent("label.hire output")) === "+10% staff");
    await team.click("#submit");  // the only team: the round plays out
    await team.waitForFunction(() => document.getElementById("round").textContent.startsWith("Round 2") &&
      document.querySelectorAll("#charts .uplot").length === 7, null, { timeout: TIMEOUT });
    check("the news tells the team about its extra staff", (await team.textContent("#news")).includes("Extra front-line staff"));
    check("its decisions show the hiring", (await team.textContent("#history")).includes("+10%"));
    await team.screenshot({ path: path.join(shots, "game_team_hire.png") });
    await fac.waitForFunction(() => document.getElementById("decisions").textContent.includes("+10% staff"), null,
                              { timeout: TIMEOUT });
    check("the facilitator's decisions show the hiring", true);
    check("no errors in the pages", errors.length === 0, errors.join(" | "));
  } finally {
    await closeAll(browser, server, work);
  }
  finish();
}

run(main);
