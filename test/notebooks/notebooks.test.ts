/**
 * Every notebook in notebooks/ runs at quick scale without a cell error, and every chart it draws
 * renders in headless Chromium. This is the slow test of the suite (about a minute per notebook):
 * run it alone with `node scripts/run-tests.js notebooks/notebooks`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { checkConclusion03 } from "./conclusions-03";
import { checkConclusion06 } from "./conclusions-06";
import { checkConclusion11 } from "./conclusions-11";
import { checkConclusion12 } from "./conclusions-12";

const root = path.resolve(__dirname, "..", "..", "..");

test("all notebooks run at quick scale and their charts draw", () => {
  const notebooks = fs.readdirSync(path.join(root, "notebooks")).filter((f) => f.endsWith(".ipynb"));
  assert.ok(notebooks.length > 0, "notebooks/ holds notebooks");
  for (const name of notebooks) {
    const nb = JSON.parse(fs.readFileSync(path.join(root, "notebooks", name), "utf8"));
    const withOutputs = nb.cells.filter((c: { outputs?: unknown[] }) => (c.outputs ?? []).length > 0).length;
    assert.equal(withOutputs, 0, `${name} is committed with outputs: clear them before committing`);
    assert.equal(nb.metadata?.kernelspec?.name, "tslab", `${name} does not use the project's tslab kernel`);
  }
  // The runner's default folder: the executed copies stay there for `npm run site` (scripts/build-site.js).
  const out = path.join(root, "build", "notebooks");
  // Notebooks 03 and 06-10 store their runs under RNN_WORKBOOK_RESULTS: a fresh folder, so nothing is reused.
  const results = fs.mkdtempSync(path.join(os.tmpdir(), "rw-notebook-results-"));
  const run = spawnSync(process.execPath, [path.join(root, "scripts", "run-notebooks.js"), "--out", out], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, RNN_WORKBOOK_SCALE: "quick", RNN_WORKBOOK_RESULTS: results },
  });
  const log = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.status, 0, log);
  for (const name of notebooks) {
    const html = name.replace(/\.ipynb$/, ".html");
    assert.match(log, new RegExp(`${html.replace(/\./g, "\\.")}: (\\d+) of \\1 charts drawn ok`), log);
  }
  // The measured conclusions that notebooks 03 and 06 state hold at quick scale.
  checkConclusion03(conclusionOf(path.join(out, notebooks.find((n) => n.startsWith("03-"))!)));
  checkConclusion06(conclusionOf(path.join(out, notebooks.find((n) => n.startsWith("06-"))!)));
  checkConclusion11(conclusionOf(path.join(out, notebooks.find((n) => n.startsWith("11-"))!)));
  checkConclusion12(conclusionOf(path.join(out, notebooks.find((n) => n.startsWith("12-"))!)));
  fs.rmSync(results, { recursive: true, force: true });
});

/** The JSON of the one `CONCLUSION {json}` line an executed notebook printed. */
function conclusionOf(executedNotebook: string): unknown {
  const nb = JSON.parse(fs.readFileSync(executedNotebook, "utf8"));
  const lines: string[] = [];
  for (const cell of nb.cells) {
    for (const output of cell.outputs ?? []) {
      const text = Array.isArray(output.text) ? output.text.join("") : String(output.text ?? "");
      for (const line of text.split("\n")) if (line.startsWith("CONCLUSION ")) lines.push(line);
    }
  }
  assert.equal(lines.length, 1, `${path.basename(executedNotebook)} must print exactly one CONCLUSION line, printed ${lines.length}`);
  return JSON.parse(lines[0].slice("CONCLUSION ".length));
}
