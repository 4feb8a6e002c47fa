// End-to-end test of the classroom page in a real browser: Debian's
// /usr/bin/chromium, headless, driven by playwright-core from npm (never a
// browser of its own). Starts `ambassim serve` on a free loopback port, opens
// the page, moves the budget split (the charts and the reading must change),
// switches lesson with the keyboard, exports the scenario (which `ambassim
// check` must accept) and the figures (a PNG), and saves screenshots
// (projector mode at 1280x720) to $AMBASSIM_SCREENSHOT_DIR or a temporary folder.
"use strict";
const { spawn, execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const { AMBASSIM, SOURCE, check, launch, finish, closeAll, run } = require("./browser");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "ambassim-browser-"));
const shots = process.env.AMBASSIM_SCREENSHOT_DIR || work;
const TIMEOUT = 120000;  // generous: the sanitizer build is several times slower


function startServer() {
  const server = spawn(AMBASSIM, ["serve", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (d) => {
      out += d;
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve({ server, url: m[1] });
    });
    server.on("exit", (code) => reject(new Error(`ambassim serve exited with ${code}: ${out}`)));
    setTimeout(() => reject(new Error("ambassim serve printed no URL")), 30000);
  });
}

async function settled(page, previous) {
  await page.waitForFunction((prev) => document.body.dataset.state === "done" &&
    document.getElementById("charts").dataset.signature !== prev, previous, { timeout: TIMEOUT });
  return {
    reading: await page.textContent("#reading"),
    signature: await page.getAttribute("#charts", "data-signature"),
  };
}

async function setSlider(page, name, value) {
  await page.$eval(`input[name="${name}"]`, (el, v) => {
    el.value = v;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, String(value));
}

async function main() {
  const { server, url } = await startServer();
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    await page.goto(url);
    const first = await settled(page, undefined);
    check("first reading is a sentence", /replicate|difference|more|fewer|higher|lower|identical/.test(first.reading), first.reading);
    check("every chart is drawn", (await page.$$("#charts .uplot")).length === 8 && (await page.$$("#focus .uplot")).length === 1);
    check("the lesson text is shown", (await page.textContent("#question")).startsWith("Ask the class:"));

    // Move the budget split: half and half before and after the switch.
    await setSlider(page, "before", 0.5);
    await setSlider(page, "after", 0.5);
    const moved = await settled(page, first.signature);
    check("the charts change with the split", moved.signature !== first.signature);
    check("the reading changes with the split", moved.reading !== first.reading, moved.reading);
    await page.screenshot({ path: path.join(shots, "classroom-normal.png") });

    // Next lesson from the keyboard (N), in projector mode (F).
    await page.focus("body");
    await page.keyboard.press("f");
    await page.keyboard.press("n");
    const lesson = await settled(page, moved.signature);
    check("N switches to the next lesson", (await page.$eval("#lesson", (el) => el.value)) === "1");
    check("the lesson's text is shown", (await page.textContent("#notice")).includes("capacity"));
    check("projector mode is on", await page.$eval("body", (b) => b.classList.contains("projector")));
    check("the lesson has its own result", lesson.signature !== moved.signature);
    // Readable from the back of a room: no text of the controls or the status
    // under 16 px, the lesson's whole title visible, nothing to scroll at 1280x720.
    const sizes = await page.$$eval("label.slider, #status, #reading, header h1",
                                    (els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
    check("projector mode: text of 16 px or more", sizes.length > 5 && Math.min(...sizes) >= 16, sizes.join(","));
    const title = await page.$eval("#lesson", (el) => ({ text: el.options[el.selectedIndex].text, width: el.clientWidth,
      need: (() => { const c = document.createElement("canvas").getContext("2d"); c.font = getComputedStyle(el).font;
                     return c.measureText(el.options[el.selectedIndex].text).width; })() }));
    check("projector mode: the lesson's title fits its selector", title.need + 30 <= title.width,
          `${title.text}: ${title.need} px in ${title.width} px`);
    const extent = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
    check("projector mode: fits 1280x720 without scrolling", extent[0] <= 1280 && extent[1] <= 720, extent.join("x"));
    await page.screenshot({ path: path.join(shots, "classroom-projector.png") });

    // Export the scenario: `ambassim check` accepts it unchanged.
    const [toml] = await Promise.all([page.waitForEvent("download"), page.click("#export-toml")]);
    const tomlPath = path.join(work, toml.suggestedFilename());
    await toml.saveAs(tomlPath);
    let ok = "";
    try { ok = execFileSync(AMBASSIM, ["check", tomlPath], { encoding: "utf8" }); } catch (e) { ok = String(e.stderr); }
    check("ambassim check accepts the exported scenario", ok.startsWith("ok: "), ok);
    check("the export keeps the lesson's world", fs.readFileSync(tomlPath, "utf8").includes("attrition_front_line_per_year = 0.7"));

    // Export the figures as one PNG.
    const [png] = await Promise.all([page.waitForEvent("download"), page.click("#export-png")]);
    const pngPath = path.join(work, png.suggestedFilename());
    await png.saveAs(pngPath);
    const bytes = fs.readFileSync(pngPath);
    check("the figures are a PNG", bytes.length > 10000 && bytes.subarray(1, 4).toString() === "PNG");
    if (process.env.AMBASSIM_SCREENSHOT_DIR) fs.copyFileSync(pngPath, path.join(shots, "classroom-figures.png"));

    check("no errors in the page", errors.length === 0, errors.join(" | "));
  } finally {
    await closeAll(browser, server, work);
  }
  finish();
}

run(main);
