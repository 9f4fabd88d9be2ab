/**
 * The runs of chapters 06-08 on disk: the job runner the chapters use stores each run with its origin in the run
 * store, reuses it only while the data fingerprint (input bytes and task settings) matches, replays its learning curve,
 * and chapter 10's collector (`findResults(...).notebookRuns`) reads the runs back, saying which chapter each came from.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { initBackend } from "../../lib/backend";
import { createJobRunner } from "../../lib/experiments/job-runner";
import { findResults, notebookRunsIn } from "../../lib/experiments/results-index";
import { builtinSuite } from "../../lib/experiments/specs";
import { runFile, taskFile } from "../../lib/experiments/store";
import type { ForecastTask, RunRecord } from "../../lib/experiments/types";

const tiny = builtinSuite("tiny");
const births = tiny.tasks.find((t) => t.name === "births") as ForecastTask;

test("a chapter's run is stored with its origin, reused while data and settings match, and collected for chapter 10", async () => {
  await initBackend({ quiet: true });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "rw-notebook-runs-"));
  const outDir = path.join(root, "notebooks", "tiny");
  try {
    const epochs: number[] = [];
    const first = createJobRunner([births], { outDir, origin: "chapter 07", onEpochEnd: (_job, e) => void epochs.push(e.epoch) });
    const gru = await first.run({ task: "births", model: "gru", seed: 1 });
    const naive = await first.run({ task: "births", model: "naive", seed: 1 });
    assert.equal(gru.origin, "chapter 07");
    assert.ok(epochs.length >= 1 && gru.history && gru.history.length === epochs.length, "trained epochs reported live");
    // Round trip: the file holds exactly the record returned, and task.json the settings with the data fingerprint.
    const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));
    assert.deepEqual(JSON.parse(fs.readFileSync(runFile(outDir, gru), "utf8")), asJson(gru));
    const taskJson = JSON.parse(fs.readFileSync(taskFile(outDir, "births"), "utf8"));
    assert.deepEqual(taskJson.dataFingerprint, gru.dataFingerprint);
    assert.equal(taskJson.lookback, births.lookback);

    // A rerun of the chapter (a new process would do the same) reuses the stored run and replays its curve.
    const replayed: { epoch: number; loss: number }[] = [];
    const reused: string[] = [];
    const second = createJobRunner([births], {
      outDir, origin: "chapter 07", log: (l) => void reused.push(l), onEpochEnd: (_job, e) => void replayed.push({ epoch: e.epoch, loss: e.loss }),
    });
    const again = await second.run({ task: "births", model: "gru", seed: 1 });
    assert.deepEqual(again, asJson(gru), "the stored record, not a new run");
    assert.deepEqual(replayed, gru.history!.map((h, i) => ({ epoch: i + 1, loss: h.loss })));
    assert.match(reused.join("\n"), /births\/gru\/seed1: the stored run \(chapter 07, .*\) is reused/);

    // Chapter 10's collector: the runs, their chapter, summarised over seeds (found from a quick summary as the fallback scale).
    let found = findResults(root, "quick").notebookRuns;
    assert.equal(found?.dir, outDir);
    assert.equal(found?.scale, "tiny");
    assert.equal(found?.tasks.length, 1);
    assert.deepEqual(found?.tasks[0].origins, ["chapter 07"]);
    assert.deepEqual(found?.tasks[0].summary.models.map((m) => m.model), ["gru", "naive"]);
    assert.equal(found?.tasks[0].summary.models[0].metrics.mase.mean, gru.metrics.mase);
    assert.equal(found?.tasks[0].summary.models[1].metrics.mae.mean, naive.metrics.mae);

    // Other settings under the same name: the stored run is not reused; the new run replaces it and task.json, and
    // the naive run of the old settings no longer counts.
    const longer: ForecastTask = { ...births, lookback: births.lookback + 7 };
    const third = createJobRunner([longer], { outDir, origin: "chapter 06", log: (l) => void reused.push(`third: ${l}`) });
    const rerun = await third.run({ task: "births", model: "gru", seed: 1 });
    assert.notEqual(rerun.finishedAt, gru.finishedAt);
    assert.notEqual(rerun.dataFingerprint!.settings, gru.dataFingerprint!.settings);
    assert.ok(!reused.some((l) => l.startsWith("third:")), "nothing reused after the settings changed");
    assert.equal(JSON.parse(fs.readFileSync(taskFile(outDir, "births"), "utf8")).lookback, longer.lookback);
    found = notebookRunsIn(outDir, "tiny");
    assert.deepEqual(found?.tasks[0].records.map((r: RunRecord) => `${r.model} ${r.origin}`), ["gru chapter 06"]);

    // A damaged record is not a run; a folder with nothing valid is no result.
    fs.writeFileSync(runFile(outDir, rerun), "{ half-writ");
    assert.equal(notebookRunsIn(outDir, "tiny"), undefined);
    assert.equal(findResults(root, "quick").notebookRuns, undefined);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("without outDir the runner writes nothing", async () => {
  await initBackend({ quiet: true });
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "rw-notebook-memory-"));
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const runner = createJobRunner([births]);
    const a = await runner.run({ task: "births", model: "naive", seed: 1 });
    assert.equal(a.origin, undefined);
    assert.deepEqual(fs.readdirSync(cwd), []);
  } finally {
    process.chdir(before);
    fs.rmSync(cwd, { recursive: true, force: true });
  }
});
