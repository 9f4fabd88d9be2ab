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
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "rw-notebooks-"));
  const run = spawnSync(process.execPath, [path.join(root, "scripts", "run-notebooks.js"), "--out", out], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, RNN_WORKBOOK_SCALE: "quick" },
  });
  const log = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.status, 0, log);
  for (const name of notebooks) {
    const html = name.replace(/\.ipynb$/, ".html");
    assert.match(log, new RegExp(`${html.replace(/\./g, "\\.")}: (\\d+) of \\1 charts drawn ok`), log);
  }
  fs.rmSync(out, { recursive: true, force: true });
});
