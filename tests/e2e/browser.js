// Shared by the browser tests (test_classroom_browser.js, test_game_browser.js):
// the pass/fail count with the closing line ctest and CI read, and Debian's
// chromium launched headless through playwright-core from npm (never a
// browser of its own).
"use strict";
const path = require("path");

const AMBASSIM = process.env.AMBASSIM, SOURCE = process.env.AMBASSIM_SOURCE_DIR;
if (!AMBASSIM || !SOURCE) throw new Error("set AMBASSIM and AMBASSIM_SOURCE_DIR");
const { chromium } = require(path.join(SOURCE, "node_modules", "playwright-core"));

const counts = { passed: 0, failed: 0 };
function check(name, ok, detail) {
  if (ok) counts.passed++;
  else { counts.failed++; console.error(`FAILED: ${name}${detail ? ": " + detail : ""}`); }
}

function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
}

function finish() {
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed ? 1 : 0);
}

// The end of a test: the browser closed, the server stopped, its folder removed.
async function closeAll(browser, server, work) {
  await browser.close();
  server.kill("SIGINT");
  require("fs").rmSync(work, { recursive: true, force: true });
}

// Runs a test's async main; an exception fails it.
function run(main) {
  main().catch((e) => { console.error(e); process.exit(1); });
}

module.exports = { AMBASSIM, SOURCE, check, launch, finish, closeAll, run };
