import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findMemorySweeps, findResults, findSuiteResults, preferredSuiteScales, suiteResultsIn } from "../../lib/experiments/results-index";
import { builtinSuite, suiteJobs, type Scale } from "../../lib/experiments/specs";
import { claimOutputFolder } from "../../lib/experiments/suite";
import { writeRun } from "../../lib/experiments/store";
import type { RunRecord } from "../../lib/experiments/types";

/** A folder holding one finished run of `scale`'s first job, with that scale's task settings recorded. */
function fakeSuiteFolder(dir: string, scale: Scale): void {
  const suite = builtinSuite(scale);
  claimOutputFolder(dir, suite.tasks);
  const job = suiteJobs(suite)[0];
  const task = suite.tasks.find((t) => t.name === job.task)!;
  const record: RunRecord = {
    complete: true, task: job.task, kind: task.kind, model: job.model, seed: job.seed,
    metrics: { mae: 1, mase: 0.9, accuracy: 0.6 }, params: 10, units: 2, trainSeconds: 0.01, sequencesPerSecond: 100,
    backend: "test", finishedAt: "2026-01-01T00:00:00Z",
  };
  writeRun(dir, record);
}

function fakeSweep(dir: string, scale: string, runs: number): void {
  fs.mkdirSync(dir, { recursive: true });
  const results = { kind: "rnn-workbook/memory-sweep", version: 1, task: "adding", scale, runs: Array.from({ length: runs }, (_, i) => ({ i })) };
  fs.writeFileSync(path.join(dir, "results.json"), JSON.stringify(results));
}

test("preferredSuiteScales: this scale first, then the next smaller one", () => {
  assert.deepEqual(preferredSuiteScales("quick"), ["quick", "tiny"]);
  assert.deepEqual(preferredSuiteScales("full"), ["full", "quick"]);
});

test("suite results: <root>/<scale> before the root, this scale before the smaller, other scales' folders refused", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "rw-results-"));
  assert.equal(findSuiteResults(root, "quick"), undefined);
  assert.equal(findSuiteResults(path.join(root, "missing"), "quick"), undefined);

  // tiny runs straight in the root (the CLI's default --out): found for quick, as the fallback
  fakeSuiteFolder(root, "tiny");
  let found = findSuiteResults(root, "quick");
  assert.equal(found?.dir, root);
  assert.equal(found?.scale, "tiny");
  assert.equal(found?.records.length, 1);
  assert.equal(found?.summary.scale, "tiny");
  // a folder of tiny settings is not read as quick or full results
  assert.equal(suiteResultsIn(root, "quick"), undefined);
  assert.equal(findSuiteResults(root, "full"), undefined);

  // quick runs in <root>/quick win over the tiny ones
  fakeSuiteFolder(path.join(root, "quick"), "quick");
  found = findSuiteResults(root, "quick");
  assert.equal(found?.dir, path.join(root, "quick"));
  assert.equal(found?.scale, "quick");
  assert.equal(findSuiteResults(root, "full")?.dir, path.join(root, "quick"));

  // a runs/ folder without a finished run is no result
  const empty = path.join(root, "empty");
  claimOutputFolder(empty, builtinSuite("tiny").tasks);
  assert.equal(suiteResultsIn(empty, "tiny"), undefined);
});

test("memory sweeps: one level deep, damaged and foreign files skipped, this scale first, then the most runs", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "rw-sweeps-"));
  assert.deepEqual(findMemorySweeps(path.join(root, "missing")), []);
  fakeSweep(path.join(root, "memory-full"), "full", 9);
  fakeSweep(path.join(root, "memory-quick"), "quick", 2);
  fakeSweep(path.join(root, "memory-big-quick"), "quick", 5);
  fakeSweep(path.join(root, "no-runs"), "quick", 0);
  fakeSweep(path.join(root, "a", "too-deep"), "quick", 50);
  fs.mkdirSync(path.join(root, "damaged"));
  fs.writeFileSync(path.join(root, "damaged", "results.json"), '{"kind": "rnn-workbook/memory-sw');
  fs.mkdirSync(path.join(root, "other"));
  fs.writeFileSync(path.join(root, "other", "results.json"), JSON.stringify({ kind: "something-else", runs: [1] }));
  fs.writeFileSync(path.join(root, "file.txt"), "not a folder");

  const names = (scale?: string) => findMemorySweeps(root, scale).map((s) => path.basename(path.dirname(s.file)));
  assert.deepEqual(names("quick"), ["memory-big-quick", "memory-quick", "memory-full"]);
  assert.deepEqual(names("full"), ["memory-full", "memory-big-quick", "memory-quick"]);
  assert.deepEqual(names(), ["memory-full", "memory-big-quick", "memory-quick"]);
  assert.equal(findMemorySweeps(root, "quick")[0].results.runs.length, 5);

  const index = findResults(root, "quick");
  assert.equal(index.suite, undefined);
  assert.deepEqual(index.memorySweeps.map((s) => s.results.runs.length), [5, 2, 9]);
});
