#!/usr/bin/env node
// make bench-web: time to the dashboard being interactive in headless Chromium.
// Logs in once through the UI, then loads "/" afresh N times (session restored from the refresh
// cookie) and measures navigation start -> the dashboard's welcome card visible and the sidebar
// clickable. Prints every run and the median. Env: as for e2e/run.mjs, plus BENCH_RUNS (default 7).
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

const BASE = (process.env.E2E_BASE_URL || "http://127.0.0.1:8000").replace(/\/$/, "");
const EMAIL = process.env.E2E_EMAIL;
const PASSWORD = process.env.E2E_PASSWORD;
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const RUNS = Number(process.env.BENCH_RUNS || 7);

if (!EMAIL || !PASSWORD || !existsSync(CHROMIUM)) {
  console.error("bench: set E2E_EMAIL and E2E_PASSWORD, and install Chromium (apt-get install -y chromium).");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();

const started = Date.now();
await page.goto(`${BASE}/login`);
await page.getByLabel("E-mail").fill(EMAIL);
await page.getByLabel("Password").fill(PASSWORD);
await page.getByRole("button", { name: "Sign in", exact: true }).click();
await page.getByTestId("welcome").waitFor();
console.log(`first visit, login page to dashboard (incl. typing and login): ${Date.now() - started} ms`);

const times = [];
for (let i = 0; i < RUNS; i++) {
  const fresh = await context.newPage();
  const t0 = Date.now();
  await fresh.goto(`${BASE}/`);
  await fresh.getByTestId("welcome").waitFor();
  await fresh.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).waitFor();
  const ms = Date.now() - t0;
  times.push(ms);
  console.log(`run ${i + 1}: dashboard interactive in ${ms} ms`);
  await fresh.close();
}
times.sort((a, b) => a - b);
console.log(`time to interactive dashboard: median ${times[Math.floor(times.length / 2)]} ms, best ${times[0]} ms, worst ${times[times.length - 1]} ms (${RUNS} runs)`);
await browser.close();
