#!/usr/bin/env node
// Measure the initial JavaScript (the entry and its modulepreloads in index.html), gzipped.
// Fails when it is over the budget (BUDGET_KB, default 200). Run after `npm run build`.
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const out = resolve(dirname(fileURLToPath(import.meta.url)), "../../src/mpanel/static");
const budget = Number(process.env.BUDGET_KB || 200);
const html = readFileSync(join(out, "index.html"), "utf8");
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const gz = (f) => gzipSync(readFileSync(join(out, f)), { level: 9 }).length;
let total = 0;
console.log("initial JS (gzip):");
for (const f of initial) {
  const n = gz(f);
  total += n;
  console.log(`  ${(n / 1024).toFixed(1).padStart(7)} KB  ${f}`);
}
const css = [...html.matchAll(/href="\/(assets\/[^"]+\.css)"/g)].map((m) => m[1]);
const cssTotal = css.reduce((s, f) => s + gz(f), 0);
const lazy = readdirSync(join(out, "assets")).filter((f) => f.endsWith(".js") && !initial.includes(`assets/${f}`));
const lazyTotal = lazy.reduce((s, f) => s + gz(`assets/${f}`), 0);
console.log(`  ${(total / 1024).toFixed(1).padStart(7)} KB  total initial JS (budget ${budget} KB)`);
console.log(`  ${(cssTotal / 1024).toFixed(1).padStart(7)} KB  CSS`);
console.log(`  ${(lazyTotal / 1024).toFixed(1).padStart(7)} KB  route chunks loaded on demand (${lazy.length} files)`);
if (total / 1024 > budget) {
  console.error(`initial JS is over budget: ${(total / 1024).toFixed(1)} KB > ${budget} KB`);
  process.exit(1);
}
