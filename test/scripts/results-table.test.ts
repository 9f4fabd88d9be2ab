/**
 * scripts/results-table.js states each run's wall time from `<results>/wall.json`: for an entry written by hand
 * (no `finished`) from its start to the last finished record of its jobs; for one `reproduce` wrote, from its start
 * to its `finished`, counting only the records made between the two. Fixtures built here; the minutes below are
 * computed by hand from their times.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { WallRun } from "../../lib/experiments/wall-log";

const root = path.resolve(__dirname, "..", "..", "..");
const script = path.join(root, "scripts", "results-table.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rw-results-table-"));

function record(model: string, finishedAt: string, trainSeconds: number) {
  return { complete: true, task: "births", kind: "forecast", model, seed: 1, metrics: { mase: 1 }, params: null, units: null, trainSeconds, sequencesPerSecond: null, backend: "wasm", finishedAt };
}

function fixture(name: string, runs: WallRun[]): { dir: string; readme: string } {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, "runs", "births"), { recursive: true });
  const summary = { scale: "quick", createdAt: "2026-11-29T11:30:00Z", backend: "wasm", machine: "2 x test CPU", missing: [], tasks: [{ task: "births", kind: "forecast", primaryMetric: "mase", models: [] }] };
  fs.writeFileSync(path.join(dir, "summary.json"), JSON.stringify(summary));
  for (const r of [
    record("naive", "2026-11-29T10:05:00Z", 0), // made by the hand-made run
    record("gru", "2026-11-29T10:12:00Z", 300), // made by the hand-made run
    record("lstm", "2026-11-29T11:03:00.500Z", 120), // made by the logged run
    record("rnn", "2026-11-29T11:20:00Z", 60), // made by the interrupted run
  ]) {
    fs.writeFileSync(path.join(dir, "runs", "births", `${r.model}-seed1.json`), JSON.stringify(r));
  }
  fs.writeFileSync(path.join(dir, "wall.json"), JSON.stringify({ runs }));
  const readme = path.join(dir, "README.md");
  fs.writeFileSync(readme, "# test\n\n<!-- generated:results-quick -->\nold text\n<!-- /generated:results-quick -->\n\nafter\n");
  return { dir, readme };
}

function table(dir: string, readme: string): string[] {
  const r = spawnSync(process.execPath, [script, "--results", dir, "--readme", readme], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const text = fs.readFileSync(readme, "utf8");
  assert.ok(!text.includes("old text") && text.endsWith("<!-- /generated:results-quick -->\n\nafter\n"), "the block in --readme is replaced, the rest kept");
  return text.split("\n").filter((line) => line.startsWith("- `") || line.startsWith("- Wall time"));
}

const handMade: WallRun = {
  command: "nice -n 5 rnn-workbook reproduce --scale quick --job births/naive/seed1 (then births/gru/seed1)",
  tasks: ["births"],
  jobs: ["births/naive/seed1", "births/gru/seed1"],
  started: "2026-11-29T10:00:00Z",
  load: ["10:00:05 1.00 1.00 1.00", "10:01:05 3.00 2.00 1.00", "10:02:05 2.00 2.00 1.00"],
};
const logged: WallRun = {
  command: "rnn-workbook reproduce --scale quick --only births",
  tasks: ["births"],
  started: "2026-11-29T11:00:00Z",
  load: ["11:00:00 0.50 0.40 0.30", "11:01:00 1.50 0.50 0.30", "11:02:00 1.00 0.50 0.30", "11:03:00 2.50 0.60 0.30", "11:04:30 2.00 0.70 0.30"],
  finished: "2026-11-29T11:04:30Z",
  jobsRun: 1,
  cores: 2,
  node: "v20.20.2",
};
const interrupted: WallRun = {
  command: "rnn-workbook reproduce --scale quick --job births/rnn/seed1",
  tasks: ["births"],
  jobs: ["births/rnn/seed1"],
  started: "2026-11-29T11:10:00Z",
  load: ["11:10:00 4.00 4.00 4.00"],
  finished: "2026-11-29T11:25:00Z",
  jobsRun: 1,
  cores: 4,
  interrupted: true,
};
/** A logged run that trained nothing (reproduce does not write one; a reader still skips it). */
const idle: WallRun = { ...logged, command: "rnn-workbook reproduce --scale quick (nothing to do)", started: "2026-11-29T11:30:00Z", finished: "2026-11-29T11:30:02Z", jobsRun: 0 };

test("hand-made and logged wall.json entries: minutes, load, jobs and training seconds of each, and their union", () => {
  const { dir, readme } = fixture("mixed", [handMade, logged, interrupted, idle]);
  assert.deepEqual(table(dir, readme), [
    // 10:00:00 -> its last job's record at 10:12:00: 12.0 minutes; loads 1, 3, 2 (median 2); 300 s of training
    `- \`${handMade.command}\`: 2 jobs, 12.0 minutes of wall time from its start to its last finished run; 1-minute load average 1.0-3.0 (median 2.0, 3 samples a minute apart) on 2 cores shared with other jobs; the jobs' own training seconds sum to 5.0 minutes.`,
    // 11:00:00 -> finished 11:04:30: 4.5 minutes, not to the later records of its task; only the LSTM's record
    // (11:03:00.5) falls inside it: 120 s; loads 0.5, 1.5, 1.0, 2.5, 2.0 (median 1.5)
    `- \`${logged.command}\`: 1 job, 4.5 minutes of wall time from its start to its end; 1-minute load average 0.5-2.5 (median 1.5, 5 samples: at the start, each minute and at the end) on 2 cores; the jobs' own training seconds sum to 2.0 minutes.`,
    // 11:10 -> 11:25: 15.0 minutes; 60 s of training
    `- \`${interrupted.command}\`: 1 job, 15.0 minutes of wall time from its start to its end (interrupted by Ctrl-C); 1-minute load average 4.0-4.0 (median 4.0, 1 sample: at the start, each minute and at the end) on 4 cores; the jobs' own training seconds sum to 1.0 minutes.`,
    // 12.0 + 4.5 + 15.0, no overlaps; the run that trained nothing adds no line
    "- Wall time of the runs above together (overlaps counted once): 31.5 minutes.",
  ]);
});

test("overlapping runs are counted once in the total; a logged run resumed after another keeps only its own records", () => {
  // the logged run started at 10:10, inside the hand-made run (10:00-10:12), and ran to 10:20
  const resumed: WallRun = { ...logged, started: "2026-11-29T10:10:00Z", finished: "2026-11-29T10:20:00Z", load: ["10:10:00 1.00 1.00 1.00"] };
  const { dir, readme } = fixture("overlap", [handMade, resumed]);
  const lines = table(dir, readme);
  // its window holds only the GRU's record (10:12, 300 s); the union is 10:00-10:20
  assert.match(lines[1], /: 1 job, 10\.0 minutes of wall time from its start to its end; .* training seconds sum to 5\.0 minutes\.$/);
  assert.equal(lines[2], "- Wall time of the runs above together (overlaps counted once): 20.0 minutes.");
});
