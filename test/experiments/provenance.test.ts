import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { builtinSuite, taskModels } from "../../lib/experiments/specs";
import { dataFingerprint, fingerprintMismatch, gitCommit } from "../../lib/experiments/provenance";
import { summariseTask } from "../../lib/experiments/summary";
import type { ForecastTask, RunRecord } from "../../lib/experiments/types";
import { runRecordProblem } from "../../lib/experiments/validate-record";

const root = path.resolve(__dirname, "..", "..", "..");
const tiny = builtinSuite("tiny");
const births = tiny.tasks.find((t) => t.name === "births") as ForecastTask;

function record(model: string, mase: number): RunRecord {
  return {
    complete: true, task: "births", kind: "forecast", model: model as RunRecord["model"], seed: 1, metrics: { mae: 1, rmse: 1, smape: 1, mase },
    params: null, units: null, trainSeconds: 0, sequencesPerSecond: null, backend: "cpu", finishedAt: "2026-01-01T00:00:00Z",
  };
}

test("gitCommit reads .git without spawning git and agrees with git rev-parse (null outside a checkout)", () => {
  const rev = spawnSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" });
  if (rev.status === 0) assert.equal(gitCommit(root), rev.stdout.trim());
  else assert.equal(gitCommit(root), null);
  assert.equal(gitCommit(fs.mkdtempSync(path.join(os.tmpdir(), "rw-nogit-"))), null);
});

test("a registry task's fingerprint hashes its shipped file (the sum in datasets/SHA256SUMS) and its settings", () => {
  const fp = dataFingerprint(births);
  const sums = fs.readFileSync(path.join(root, "datasets", "SHA256SUMS"), "utf8");
  assert.ok(sums.includes(`${fp.sha256}  ${path.basename(fp.source)}`), `${fp.sha256} ${fp.source}`);
  assert.equal(fingerprintMismatch(fp, dataFingerprint(births)), undefined);
  assert.match(fingerprintMismatch(fp, dataFingerprint({ ...births, lookback: births.lookback + 1 }))!, /preprocessing settings differ/);
  // runs stored before fingerprints existed: kept for a shipped data set, never for a user's file
  assert.equal(fingerprintMismatch(undefined, fp), undefined);
  const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rw-fp-")), "s.csv");
  fs.writeFileSync(csv, "t,y\n1,2\n");
  const user = dataFingerprint({ ...births, data: { csv, target: "y" } });
  assert.equal(user.source, csv);
  assert.match(fingerprintMismatch(undefined, user)!, /no data fingerprint/);
});

test("the record validator names the first bad field and accepts records older than provenance", () => {
  assert.equal(runRecordProblem(record("rnn", 1)), undefined);
  assert.match(runRecordProblem({ ...record("rnn", 1), seed: "1" })!, /field 'seed'/);
  assert.match(runRecordProblem({ ...record("rnn", 1), schemaVersion: 99 })!, /field 'schemaVersion'/);
  assert.match(runRecordProblem({ ...record("rnn", 1), provenance: {} })!, /field 'provenance'/);
  assert.match(runRecordProblem([1])!, /not a JSON object/);
});

test("'beats every baseline' only when every baseline of the task has run", () => {
  const order = taskModels(births, ["rnn"]);
  const partial = summariseTask(births, [record("rnn", 0.5), record("naive", 1)], order);
  assert.deepEqual(partial.verdicts, ["rnn beats every baseline that has run (seasonal-naive, linear-ar not yet) on mase (0.5000 vs 1.000 for naive, the best baseline)"]);
  const full = summariseTask(births, [record("rnn", 0.5), record("naive", 1), record("seasonal-naive", 0.9), record("linear-ar", 0.8)], order);
  assert.deepEqual(full.verdicts, ["rnn beats every baseline on mase (0.5000 vs 0.8000 for linear-ar, the best baseline)"]);
});
