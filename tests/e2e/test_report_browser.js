// The comparison report's first screen in a real browser (issue #13): Debian's
// /usr/bin/chromium, headless, driven by playwright-core from npm. Runs a
// small `ambassim compare` and `ambassim report`, copies index.html ALONE into
// an empty folder (as if mailed) and opens it at 1400x900: the bottom line
// (the same sentences `compare` printed) and the paired-difference figure
// must be entirely on the first screen, every figure must be drawn from the
// page itself (no other file, no network), and the full table and all
// verdicts must follow further down. The screenshot goes to
// $AMBASSIM_SCREENSHOT_DIR (docs/figures) or a temporary folder.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const AMBASSIM = process.env.AMBASSIM, SOURCE = process.env.AMBASSIM_SOURCE_DIR;
if (!AMBASSIM || !SOURCE) throw new Error("set AMBASSIM and AMBASSIM_SOURCE_DIR");
const { chromium } = require(path.join(SOURCE, "node_modules", "playwright-core"));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "ambassim-report-"));
const shots = process.env.AMBASSIM_SCREENSHOT_DIR || work;
const WIDTH = 1400, HEIGHT = 900;

let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) passed++;
  else { failed++; console.error(`FAILED: ${name}${detail ? ": " + detail : ""}`); }
}

// The bottom line as `compare` printed it: "Label  text" entries, continuation
// lines joined, whitespace collapsed.
function printedBottomLine(out) {
  const lines = out.split("\n");
  const start = lines.findIndex((l) => l.startsWith("Bottom line:"));
  const entries = [];
  for (let i = start + 1; i < lines.length && lines[i].startsWith("  "); i++) {
    const m = /^  (\S+)\s+(.*)$/.exec(lines[i]);
    if (m && lines[i][2] !== " ") entries.push([m[1], m[2]]);
    else entries[entries.length - 1][1] += " " + lines[i].trim();
  }
  return entries.map(([l, t]) => [l, t.replace(/\s+/g, " ").trim()]);
}

async function main() {
  const cmp = path.join(work, "cmp.h5");
  const out = execFileSync(AMBASSIM, ["compare", path.join(SOURCE, "scenarios", "engagement_vs_ambassadorship.toml"),
    "--strategies", "none,engagement_first,ambassadorship_first", "--replicates", "4", "-o", cmp, "-q", "--width", "200",
    "--set", "organisation.employees=200", "--set", "organisation.units=4", "--set", "customers.customers=4000",
    "--set", "simulation.ticks=180", "--set", "simulation.warmup_days=60"], { encoding: "utf8" });
  const expected = printedBottomLine(out);
  check("compare printed a bottom line", expected.length >= 5, out.slice(0, 400));
  execFileSync(AMBASSIM, ["report", cmp, path.join(work, "rep")], { stdio: "ignore" });
  const alone = path.join(work, "mailed");
  fs.mkdirSync(alone);
  fs.copyFileSync(path.join(work, "rep", "index.html"), path.join(alone, "index.html"));

  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
    const fetched = [];
    page.on("request", (r) => { if (!/^(data|file):/.test(r.url()) || r.url().endsWith(".png")) fetched.push(r.url()); });
    await page.goto("file://" + path.join(alone, "index.html"));
    await page.waitForLoadState("load");

    const box = async (sel) => page.$eval(sel, (el) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, width: r.width, height: r.height }; });
    const bl = await box("#bottom-line");
    check("the bottom line is on the first screen", bl.top >= 0 && bl.bottom <= HEIGHT, JSON.stringify(bl));
    const fig = await box("#bottom_line img");
    check("the paired-difference figure is on the first screen", fig.top < HEIGHT && fig.bottom <= HEIGHT && fig.width >= 600,
      JSON.stringify(fig));
    const shown = await page.$$eval("#bottom-line dt", (dts) => dts.map((dt) => [dt.textContent.trim(),
      dt.nextElementSibling.textContent.replace(/\s+/g, " ").trim()]));
    check("the page's bottom line is the one compare printed", JSON.stringify(shown) === JSON.stringify(expected),
      JSON.stringify(shown) + " vs " + JSON.stringify(expected));
    check("the bottom line names loyalty, advocacy, referrals, money and payback",
      ["Loyalty", "Advocacy", "Referrals", "Money", "Payback"].every((a) => shown.some(([l]) => l === a)));
    const images = await page.$$eval("img", (imgs) => imgs.map((i) => ({ src: i.src.slice(0, 22), w: i.naturalWidth })));
    check("six figures, all embedded and drawn", images.length === 6 &&
      images.every((i) => i.src === "data:image/png;base64," && i.w > 600), JSON.stringify(images));
    check("nothing fetched from outside the page", fetched.length === 0, fetched.join(" "));
    const title = await page.$eval("#bottom_line figcaption", (el) => el.textContent);
    check("the figure says what it shows", /paired difference/.test(title), title);
    const below = await page.$eval("#table", (el) => el.getBoundingClientRect().top);
    check("the table follows below the first screen", below > HEIGHT, String(below));
    const verdicts = await page.$$eval("#verdicts ~ ul li, #verdicts ~ details li", (li) => li.length);
    check("all verdicts are on the page (3 pairs x judged outcomes)", verdicts >= 30, String(verdicts));
    await page.screenshot({ path: path.join(shots, "report-first-screen.png") });
    const png = fs.readFileSync(path.join(shots, "report-first-screen.png"));
    check("the screenshot is 1400x900", png.readUInt32BE(16) === WIDTH && png.readUInt32BE(20) === HEIGHT);
  } finally {
    await browser.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
