/**
 * site/ (the rendered workbook, `npm run site`) is current and readable offline: every notebook in notebooks/ has a
 * page built from exactly its present source (site/manifest.json records the sha256), pages load the one shared
 * plotly bundle and nothing from the network, and their equations are already rendered.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..", "..");
const site = path.join(root, "site");
const FIX = "run `npm run site` and commit site/";

interface Manifest {
  scale: string;
  plotly: string;
  notebooks: Array<{ notebook: string; sha256: string; page: string; charts: number; equations: number }>;
  report: { page: string; charts: number };
  bytes: Record<string, number>;
}

function manifest(): Manifest {
  const file = path.join(site, "manifest.json");
  assert.ok(fs.existsSync(file), `site/manifest.json is missing: ${FIX}`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
}

test("every notebook's page in site/ was built from the notebook as it is now", () => {
  const m = manifest();
  const notebooks = fs.readdirSync(path.join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
  for (const name of notebooks) {
    const entry = m.notebooks.find((e) => e.notebook === `notebooks/${name}`);
    assert.ok(entry, `notebooks/${name} has no page in site/: ${FIX}`);
    const hash = crypto.createHash("sha256").update(new Uint8Array(fs.readFileSync(path.join(root, "notebooks", name)))).digest("hex");
    assert.equal(entry.sha256, hash, `notebooks/${name} changed after site/${entry.page} was built: ${FIX}`);
  }
  for (const entry of m.notebooks) {
    assert.ok(notebooks.includes(path.basename(entry.notebook)), `site/ has a page for ${entry.notebook}, which no longer exists: ${FIX}`);
  }
});

test("site/ holds exactly the files its manifest lists, at the sizes it lists", () => {
  const m = manifest();
  const files = fs.readdirSync(site).filter((f) => f !== "manifest.json").sort();
  assert.deepEqual(files, Object.keys(m.bytes).filter((f) => f !== "manifest.json").sort(), `site/ and its manifest disagree: ${FIX}`);
  for (const f of files) assert.equal(fs.statSync(path.join(site, f)).size, m.bytes[f], `site/${f} was changed by hand: ${FIX}`);
});

test("the pages load one shared plotly bundle, nothing from the network, and need no MathJax", () => {
  const m = manifest();
  const bundle = path.join(site, m.plotly);
  assert.ok(fs.statSync(bundle).size > 1e6, "site holds the plotly bundle");
  assert.match(fs.readFileSync(bundle, "utf8").slice(0, 2000), /plotly\.js( \([^)]*\))? v\d/, "the bundle is plotly.js");
  const pages = [...m.notebooks.map((e) => ({ page: e.page, charts: e.charts, equations: e.equations })), { page: m.report.page, charts: m.report.charts, equations: -1 }];
  let charts = 0;
  for (const p of pages) {
    const html = fs.readFileSync(path.join(site, p.page), "utf8");
    assert.ok(!html.includes("plotly.js inlined by rnn-workbook"), `site/${p.page} inlines plotly.js`);
    assert.doesNotMatch(html, /<(script|link)[^>]+(src|href)="(https?:)?\/\//, `site/${p.page} loads something from the network`);
    assert.doesNotMatch(html, /MathJax\.js|mathjax@|tex-chtml|tex-svg/i, `site/${p.page} loads MathJax`);
    assert.equal(html.split('data-rw-chart="1"').length - 1, p.charts, `site/${p.page}: chart count`);
    if (p.charts > 0) assert.ok(html.includes(`<script src="${m.plotly}"></script>`), `site/${p.page} loads site/${m.plotly}`);
    if (p.equations >= 0) assert.equal(html.split("<mjx-container").length - 1, p.equations, `site/${p.page}: rendered equations`);
    charts += p.charts;
  }
  assert.ok(charts > 20, `the site shows the workbook's charts (counted ${charts})`);
  assert.ok(m.notebooks.reduce((s, e) => s + e.equations, 0) > 50, "the equations are rendered");
  const index = fs.readFileSync(path.join(site, "index.html"), "utf8");
  for (const p of pages) assert.ok(index.includes(`href="${p.page}"`), `index.html links ${p.page}`);
});
