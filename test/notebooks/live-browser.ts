/**
 * The live-browser checks shared by the JupyterLab and the classic Notebook tests: scripts/run-jupyterlab.js starts
 * the front end as the README tells a reader to (the project's kernel through JUPYTER_PATH, nothing registered
 * globally), drives the system Chromium through Run All in each notebook, and prints one line per notebook with the
 * code cells run, the charts drawn against the charts written, and the error outputs counted in the page.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const root = path.resolve(__dirname, "..", "..", "..");

/** How each front end names itself in the runner's lines. */
const FRONT_ENDS = {
  lab: { flag: [] as string[], label: "jupyterlab", name: "JupyterLab" },
  classic: { flag: ["--classic"], label: "classic-notebook", name: "the classic Notebook" },
};
export type FrontEnd = keyof typeof FRONT_ENDS;

function runner(frontEnd: FrontEnd, args: string[], env: Record<string, string>) {
  const run = spawnSync(process.execPath, [path.join(root, "scripts", "run-jupyterlab.js"), ...FRONT_ENDS[frontEnd].flag, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, RNN_WORKBOOK_SCALE: "quick", ...env },
  });
  return { status: run.status, log: `${run.stdout}\n${run.stderr}` };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Every notebook runs in `frontEnd` with every code cell run, no error output and every chart drawn; returns the
 * charts counted and the runner's lines (one per notebook and the total time), for the test's diagnostics.
 */
export function checkEveryNotebook(frontEnd: FrontEnd): { charts: number; lines: string[] } {
  const { label, name } = FRONT_ENDS[frontEnd];
  const notebooks = fs.readdirSync(path.join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
  // Notebooks 03 and 06-10 store their runs under RNN_WORKBOOK_RESULTS: a fresh folder, so nothing is reused (and
  // chapter 10 collects the runs chapters 06-08 made just before it).
  const results = fs.mkdtempSync(path.join(os.tmpdir(), `rw-${label}-results-`));
  let run;
  try {
    run = runner(frontEnd, [], { RNN_WORKBOOK_RESULTS: results });
  } finally {
    fs.rmSync(results, { recursive: true, force: true });
  }
  assert.equal(run.status, 0, run.log);
  let charts = 0;
  for (const notebook of notebooks) {
    const line = new RegExp(`${label}: ${escape(notebook)}: (\\d+) of \\1 code cells run, (\\d+) of (\\d+) charts drawn, 0 error outputs ok`).exec(run.log);
    assert.ok(line, `no passing line for ${notebook} in:\n${run.log}`);
    assert.equal(line[2], line[3], `${notebook}: every chart drawn`);
    charts += Number(line[3]);
  }
  assert.ok(charts >= notebooks.length, `the notebooks draw charts in ${name} (counted ${charts})`);
  assert.match(run.log, new RegExp(`${notebooks.length} of ${notebooks.length} notebooks ran in ${escape(name)}`));
  return { charts, lines: run.log.split("\n").filter((l) => l.startsWith(`${label}: `)) };
}

/** The check can fail: a cell that throws fails its notebook (its error in the page), and a good notebook passes. */
export function checkFixtures(frontEnd: FrontEnd): void {
  const { label } = FRONT_ENDS[frontEnd];
  const fixtures = path.join(root, "test", "notebooks", "fixtures");
  const run = runner(frontEnd, [path.join(fixtures, "cell-throws.ipynb"), path.join(fixtures, "passes.ipynb")], {});
  assert.equal(run.status, 1, run.log);
  // cell-throws.ipynb: the second of three cells throws; Run All stops there and its error is in the page.
  assert.match(run.log, new RegExp(`${label}: cell-throws\\.ipynb: 2 of 3 code cells run, 0 of 0 charts drawn, 1 error outputs FAILED`));
  assert.match(run.log, /error output: [\s\S]*fixture: series too short \(2 < 3\)/);
  assert.match(run.log, new RegExp(`${label}: passes\\.ipynb: 3 of 3 code cells run, 2 of 2 charts drawn, 0 error outputs ok`));
  assert.match(run.log, /run-jupyterlab: failed: cell-throws\.ipynb/);
}
