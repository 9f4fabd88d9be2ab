import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runJobs } from "../../lib/experiments/runner";
import { readAllRuns, readFinishedRun, runFile } from "../../lib/experiments/store";
import { spread } from "../../lib/experiments/summary";
import type { Job, RunRecord } from "../../lib/experiments/types";

function fakeRecord(job: Job, mae: number): RunRecord {
  return {
    complete: true, task: job.task, kind: "forecast", model: job.model, seed: job.seed,
    metrics: { mae }, params: null, units: null, trainSeconds: 0.01, sequencesPerSecond: null,
    backend: "test", finishedAt: "2026-01-01T00:00:00Z",
  };
}

const jobs: Job[] = [
  { task: "t", model: "naive", seed: 1 },
  { task: "t", model: "naive", seed: 2 },
  { task: "t", model: "lstm", seed: 1 },
  { task: "t", model: "gru", seed: 1 },
];

test("runJobs writes one file per job, then skips finished ones and re-runs damaged or incomplete ones", async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "rw-store-"));
  const calls: string[] = [];
  const run = async (job: Job) => {
    calls.push(`${job.model}${job.seed}`);
    return fakeRecord(job, job.seed);
  };
  const first = await runJobs(jobs, run, { outDir: out, log: () => {} });
  assert.equal(first.ran, 4);
  assert.deepEqual(calls, ["naive1", "naive2", "lstm1", "gru1"]);
  assert.ok(fs.existsSync(path.join(out, "runs", "t", "lstm-seed1.json")));

  // a half-written file (cut mid-JSON) and a file not marked complete count as unfinished
  const lstmFile = runFile(out, jobs[2]);
  fs.writeFileSync(lstmFile, fs.readFileSync(lstmFile, "utf8").slice(0, 40));
  const gruFile = runFile(out, jobs[3]);
  const incomplete = JSON.parse(fs.readFileSync(gruFile, "utf8"));
  delete incomplete.complete;
  fs.writeFileSync(gruFile, JSON.stringify(incomplete));
  assert.equal(readFinishedRun(out, jobs[2]), undefined);
  assert.equal(readFinishedRun(out, jobs[3]), undefined);
  assert.equal(readAllRuns(out).length, 2);

  calls.length = 0;
  const second = await runJobs(jobs, run, { outDir: out, log: () => {} });
  assert.deepEqual(calls, ["lstm1", "gru1"]);
  assert.equal(second.skipped, 2);
  assert.deepEqual(second.records.map((r) => r.seed), [1, 2, 1, 1]);
  assert.equal(readAllRuns(out).length, 4);
  // no temporary files are left behind
  assert.deepEqual(fs.readdirSync(path.join(out, "runs", "t")).filter((f) => f.includes(".tmp")), []);
  fs.rmSync(out, { recursive: true });
});

test("a record of another job under a job's file name is not taken as finished", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "rw-store-"));
  const file = runFile(out, jobs[0]);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(fakeRecord({ task: "t", model: "naive", seed: 9 }, 1)));
  assert.equal(readFinishedRun(out, jobs[0]), undefined);
  fs.rmSync(out, { recursive: true });
});

test("spread is the mean and the sample standard deviation (0 for one seed)", () => {
  const s = spread([1, 2, 3, 4]);
  assert.equal(s.mean, 2.5);
  assert.ok(Math.abs(s.std - Math.sqrt(5 / 3)) < 1e-12); // squared deviations 2.25+0.25+0.25+2.25 = 5, over n-1 = 3
  assert.deepEqual(spread([7]), { mean: 7, std: 0, n: 1 });
});

test("runJobs hands describe each job's whole wall seconds (running and storing it), beside the record's own", async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "rw-store-"));
  const lines: string[] = [];
  const seconds: number[] = [];
  const run = async (job: Job) => {
    await new Promise((resolve) => setTimeout(resolve, 80)); // e.g. scoring after training
    return fakeRecord(job, 1);
  };
  await runJobs(jobs.slice(0, 2), run, {
    outDir: out,
    log: (line) => lines.push(line),
    describe: (record, jobSeconds) => {
      seconds.push(jobSeconds);
      return `train ${record.trainSeconds} s`;
    },
  });
  assert.equal(seconds.length, 2);
  for (const s of seconds) assert.ok(s >= 0.075 && s < 10, `job seconds ${s}`);
  assert.deepEqual(lines, ["[1/2] t/naive/seed1: train 0.01 s", "[2/2] t/naive/seed2: train 0.01 s"]);
});
