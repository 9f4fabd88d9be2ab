/**
 * Every notebook runs in a live JupyterLab with the project's kernel, as the README tells a reader to start it
 * (`JUPYTER_PATH=$PWD .venv/bin/jupyter lab`, the venv made by scripts/install-jupyterlab.sh): scripts/run-jupyterlab.js
 * drives the system Chromium (puppeteer-core) through Run All in each notebook and counts, in the page, the
 * charts drawn and the error outputs. Slow (about a minute per notebook): run it alone with
 * `node scripts/run-tests.js notebooks/jupyterlab`. No skip: a missing venv or Chromium fails with the fix.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const root = path.resolve(__dirname, "..", "..", "..");

test("every notebook runs in JupyterLab with no error output and every chart drawn", () => {
  const notebooks = fs.readdirSync(path.join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
  // Notebooks 03 and 10 store their runs under RNN_WORKBOOK_RESULTS: a fresh folder, so nothing is reused.
  const results = fs.mkdtempSync(path.join(os.tmpdir(), "rw-lab-results-"));
  const run = spawnSync(process.execPath, [path.join(root, "scripts", "run-jupyterlab.js")], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, RNN_WORKBOOK_SCALE: "quick", RNN_WORKBOOK_RESULTS: results },
  });
  fs.rmSync(results, { recursive: true, force: true });
  const log = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.status, 0, log);
  let charts = 0;
  for (const name of notebooks) {
    const line = new RegExp(`jupyterlab: ${name.replace(/\./g, "\\.")}: (\\d+) of \\1 code cells run, (\\d+) of (\\d+) charts drawn, 0 error outputs ok`).exec(log);
    assert.ok(line, `no passing line for ${name} in:\n${log}`);
    assert.equal(line[2], line[3], `${name}: every chart drawn`);
    charts += Number(line[3]);
  }
  assert.ok(charts >= notebooks.length, `the notebooks draw charts in JupyterLab (counted ${charts})`);
  assert.match(log, new RegExp(`${notebooks.length} of ${notebooks.length} notebooks ran in JupyterLab`));
});

test("the JupyterLab run fails on a cell that throws and passes a good notebook", () => {
  const fixtures = path.join(root, "test", "notebooks", "fixtures");
  const run = spawnSync(process.execPath, [path.join(root, "scripts", "run-jupyterlab.js"), path.join(fixtures, "cell-throws.ipynb"), path.join(fixtures, "passes.ipynb")], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, RNN_WORKBOOK_SCALE: "quick" },
  });
  const log = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.status, 1, log);
  // cell-throws.ipynb: the second of three cells throws; Run All stops there and its error is in the page.
  assert.match(log, /jupyterlab: cell-throws\.ipynb: 2 of 3 code cells run, 0 of 0 charts drawn, 1 error outputs FAILED/);
  assert.match(log, /error output: [\s\S]*fixture: series too short \(2 < 3\)/);
  assert.match(log, /jupyterlab: passes\.ipynb: 3 of 3 code cells run, 2 of 2 charts drawn, 0 error outputs ok/);
  assert.match(log, /run-jupyterlab: failed: cell-throws\.ipynb/);
});
