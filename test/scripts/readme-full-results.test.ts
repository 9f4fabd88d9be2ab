/**
 * The README's full-scale results block is what scripts/results-table.js writes from the run store committed under
 * results/full (records, wall-time logs, summary): rerunning the script on a copy of the README changes nothing.
 * So the block can be checked from a clean checkout, and a rerun of the full suite that is not followed by
 * `node scripts/results-table.js --results results/full --block results-full` fails here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..", "..");

test("README's results-full block is regenerated from the committed results/full exactly", () => {
  const summary = path.join(root, "results", "full", "summary.json");
  assert.ok(fs.existsSync(summary), "results/full/summary.json is committed (the full-scale run store the README block is made from)");
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rw-readme-full-")), "README.md");
  fs.copyFileSync(path.join(root, "README.md"), copy);
  const r = spawnSync(process.execPath, [path.join(root, "scripts", "results-table.js"), "--results", "results/full", "--block", "results-full", "--readme", copy], {
    cwd: root,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  const block = (file: string) => {
    const text = fs.readFileSync(file, "utf8");
    return text.slice(text.indexOf("<!-- generated:results-full -->"), text.indexOf("<!-- /generated:results-full -->"));
  };
  assert.equal(block(copy), block(path.join(root, "README.md")), "README.md's results-full block is stale: run node scripts/results-table.js --results results/full --block results-full");
});
