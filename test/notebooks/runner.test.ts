/**
 * The notebook runner must fail loudly: a cell that throws, and a promise that rejects after its cell
 * returned, each fail the run with the real error text; a good notebook passes and its charts draw
 * in a real browser. Runs scripts/run-notebooks.js on small fixture notebooks (a few seconds each).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { lineChart } from "../../lib/plot/charts";
import { chartHtml, renderHtmlPage } from "../../lib/plot/html";

const root = path.resolve(__dirname, "..", "..", "..");
const fixtures = path.join(root, "test", "notebooks", "fixtures");

function runNotebook(fixture: string, extraArgs: string[] = ["--no-browser-check"]): { status: number | null; out: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-nb-test-"));
  const run = spawnSync(process.execPath, [path.join(root, "scripts", "run-notebooks.js"), path.join(fixtures, fixture), "--out", dir, ...extraArgs], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, RNN_WORKBOOK_SCALE: "quick" },
  });
  return { status: run.status, out: `${run.stdout}\n${run.stderr}`, dir };
}

test("a notebook whose cells all succeed passes, and its charts draw in Chromium", () => {
  const run = runNotebook("passes.ipynb", []);
  assert.equal(run.status, 0, run.out);
  const executed = JSON.parse(fs.readFileSync(path.join(run.dir, "passes.ipynb"), "utf8"));
  const stdout = executed.cells
    .flatMap((c: { outputs?: { name?: string; text?: string | string[] }[] }) => c.outputs ?? [])
    .filter((o: { name?: string }) => o.name === "stdout")
    .map((o: { text: string | string[] }) => (Array.isArray(o.text) ? o.text.join("") : o.text))
    .join("");
  assert.match(stdout, /answer 42/);
  assert.match(stdout, /after 43/);
  assert.match(run.out, /passes\.html: 2 of 2 charts drawn ok/);
  assert.ok(fs.statSync(path.join(run.dir, "screenshot.png")).size > 10_000, "screenshot written");
  fs.rmSync(run.dir, { recursive: true, force: true });
});

test("a cell that throws fails the run with the cell's own error text", () => {
  const run = runNotebook("cell-throws.ipynb");
  assert.equal(run.status, 1, run.out);
  assert.match(run.out, /cell-throws\.ipynb: cell 1 \(code cell 2\) failed/);
  assert.match(run.out, /Error: fixture: series too short \(2 < 3\)/);
  assert.doesNotMatch(run.out, /never reached/);
  assert.match(run.out, /run-notebooks: failed: cell-throws\.ipynb/);
  fs.rmSync(run.dir, { recursive: true, force: true });
});

test("a promise that rejects after its cell returned fails the run", () => {
  const run = runNotebook("late-rejection.ipynb");
  assert.equal(run.status, 1, run.out);
  assert.match(run.out, /cell 0 \(code cell 1\) \(or an earlier cell\) left work running that failed after the cell returned/);
  assert.match(run.out, /UnhandledPromiseRejection: Error: fixture: rejected after the cell returned/);
  fs.rmSync(run.dir, { recursive: true, force: true });
});

test("a throw in a timer after its cell returned fails the run", () => {
  const run = runNotebook("timer-throws.ipynb");
  assert.equal(run.status, 1, run.out);
  assert.match(run.out, /cell 1 \(code cell 2\) \(or an earlier cell\) left work running that failed after the cell returned/);
  assert.match(run.out, /UncaughtException: Error: fixture: thrown in a timer/);
  fs.rmSync(run.dir, { recursive: true, force: true });
});

test("the browser check fails when a chart does not draw", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-html-test-"));
  const figure = lineChart({ series: [{ name: "a", y: [1, 2, 3] }] });
  // A page with plotly and two charts, and a page whose chart has no plotly to draw with.
  fs.writeFileSync(path.join(dir, "good.html"), renderHtmlPage({ title: "good", sections: [{ heading: "h", figures: [figure, figure] }] }));
  fs.writeFileSync(path.join(dir, "no-plotly.html"), `<!DOCTYPE html><html><body>${chartHtml(figure)}</body></html>`);
  const check = spawnSync(process.execPath, [path.join(root, "scripts", "check-notebook-html.js"), path.join(dir, "good.html"), path.join(dir, "no-plotly.html")], {
    encoding: "utf8",
  });
  assert.equal(check.status, 1, check.stdout + check.stderr);
  assert.match(check.stdout, /good\.html: 2 of 2 charts drawn ok/);
  assert.match(check.stdout, /no-plotly\.html: 0 of 1 charts drawn MISMATCH/);
  fs.rmSync(dir, { recursive: true, force: true });
});
