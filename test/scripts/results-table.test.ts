/**
 * scripts/results-table.js (with scripts/wall-lines.js) states each run's wall time from `<results>/wall/*.json` (one
 * file per logged run) and the legacy `<results>/wall.json`: a logged run from its start to its `finished` (or, killed,
 * to its last `updated`), credited only with the records of the jobs it ran (`ran`) made inside that window; a
 * hand-made entry (no pid, no cores) to its `finished` if given, else to the last finished record of its jobs.
 * Fixtures built here; the minutes below are computed by hand from their times.
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

type Rec = [model: string, finishedAt: string, trainSeconds: number];
const record = ([model, finishedAt, trainSeconds]: Rec) => ({ complete: true, task: "births", kind: "forecast", model, seed: 1, metrics: { mase: 1 }, params: null, units: null, trainSeconds, sequencesPerSecond: null, backend: "wasm", finishedAt });

const RECORDS: Rec[] = [
  ["naive", "2026-11-29T10:05:00Z", 0], // made by the hand-made run
  ["gru", "2026-11-29T10:12:00Z", 300], // made by the hand-made run
  ["lstm", "2026-11-29T11:03:00.500Z", 120], // made by the logged run
  ["rnn", "2026-11-29T11:20:00Z", 60], // made by the interrupted run
];

/** A results folder: `legacy` in wall.json, `perRun` as wall/<id>.json, `extra` files in wall/ as given. */
function fixture(name: string, wall: { legacy?: WallRun[]; perRun?: WallRun[]; extra?: Record<string, string> }, records = RECORDS): { dir: string; readme: string } {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, "runs", "births"), { recursive: true });
  const summary = { scale: "quick", createdAt: "2026-11-29T11:30:00Z", backend: "wasm", machine: "2 x test CPU", missing: [], tasks: [{ task: "births", kind: "forecast", primaryMetric: "mase", models: [] }] };
  fs.writeFileSync(path.join(dir, "summary.json"), JSON.stringify(summary));
  for (const r of records.map(record)) fs.writeFileSync(path.join(dir, "runs", "births", `${r.model}-seed1.json`), JSON.stringify(r));
  if (wall.legacy) fs.writeFileSync(path.join(dir, "wall.json"), JSON.stringify({ runs: wall.legacy }));
  fs.mkdirSync(path.join(dir, "wall"));
  // written in reverse, named so that the file names do not sort by start either: the reader sorts by `started`
  [...(wall.perRun ?? [])].reverse().forEach((run, i) => fs.writeFileSync(path.join(dir, "wall", `${i}-${run.id}.json`), JSON.stringify(run)));
  for (const [file, text] of Object.entries(wall.extra ?? {})) fs.writeFileSync(path.join(dir, "wall", file), text);
  const readme = path.join(dir, "README.md");
  fs.writeFileSync(readme, "# test\n\n<!-- generated:results-quick -->\nold text\n<!-- /generated:results-quick -->\n\nafter\n");
  return { dir, readme };
}

function table(dir: string, readme: string): { lines: string[]; stderr: string } {
  const r = spawnSync(process.execPath, [script, "--results", dir, "--readme", readme], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const text = fs.readFileSync(readme, "utf8");
  assert.ok(!text.includes("old text") && text.endsWith("<!-- /generated:results-quick -->\n\nafter\n"), "the block in --readme is replaced, the rest kept");
  return { lines: text.split("\n").filter((line) => line.startsWith("- `") || line.startsWith("- Wall time")), stderr: r.stderr };
}

const handMade: WallRun = {
  command: "nice -n 5 rnn-workbook reproduce --scale quick --job births/naive/seed1 (then births/gru/seed1)",
  tasks: ["births"],
  jobs: ["births/naive/seed1", "births/gru/seed1"],
  started: "2026-11-29T10:00:00Z",
  load: ["10:00:05 1.00 1.00 1.00", "10:01:05 3.00 2.00 1.00", "10:02:05 2.00 2.00 1.00"],
};
/** As `reproduce` writes it now (its own file). */
const logged: WallRun = {
  id: "2026-11-29T11-00-00-000Z-aaaaaaaaaaaa",
  command: "rnn-workbook reproduce --scale quick --only births",
  tasks: ["births"],
  started: "2026-11-29T11:00:00Z",
  load: ["11:00:00 0.50 0.40 0.30", "11:01:00 1.50 0.50 0.30", "11:02:00 1.00 0.50 0.30", "11:03:00 2.50 0.60 0.30", "11:04:30 2.00 0.70 0.30"],
  updated: "2026-11-29T11:04:30Z",
  finished: "2026-11-29T11:04:30Z",
  jobsRun: 1,
  ran: ["births/lstm/seed1"],
  cores: 2,
  node: "v20.20.2",
  pid: 101,
};
/** As an earlier version of `reproduce` wrote it into the legacy wall.json (no `ran`, no `updated`). */
const interrupted: WallRun = {
  command: "rnn-workbook reproduce --scale quick --job births/rnn/seed1",
  tasks: ["births"],
  jobs: ["births/rnn/seed1"],
  started: "2026-11-29T11:10:00Z",
  load: ["11:10:00 4.00 4.00 4.00"],
  finished: "2026-11-29T11:25:00Z",
  jobsRun: 1,
  cores: 4,
  pid: 102,
  interrupted: true,
};
/** A logged run that trained nothing (reproduce does not write one; a reader still skips it). */
const idle: WallRun = { ...logged, id: "2026-11-29T11-30-00-000Z-bbbbbbbbbbbb", command: "rnn-workbook reproduce --scale quick (nothing to do)", started: "2026-11-29T11:30:00Z", finished: "2026-11-29T11:30:02Z", jobsRun: 0, ran: [] };

test("hand-made, legacy logged and per-run entries: minutes, load, jobs and training seconds of each, and their union", () => {
  const { dir, readme } = fixture("mixed", { legacy: [handMade, interrupted], perRun: [logged, idle] });
  const { lines, stderr } = table(dir, readme);
  assert.equal(stderr, "");
  assert.deepEqual(lines, [
    // 10:00:00 -> its last job's record at 10:12:00: 12.0 minutes; loads 1, 3, 2 (median 2); 300 s of training
    `- \`${handMade.command}\`: 2 jobs, 12.0 minutes of wall time from its start to its last finished run; 1-minute load average 1.0-3.0 (median 2.0, 3 samples a minute apart) on 2 cores shared with other jobs; the jobs' own training seconds sum to 5.0 minutes.`,
    // 11:00:00 -> finished 11:04:30: 4.5 minutes; the LSTM's record (11:03:00.5, 120 s) is its one job;
    // loads 0.5, 1.5, 1.0, 2.5, 2.0 (median 1.5)
    `- \`${logged.command}\`: 1 job, 4.5 minutes of wall time from its start to its end; 1-minute load average 0.5-2.5 (median 1.5, 5 samples between its start and its end) on 2 cores; the jobs' own training seconds sum to 2.0 minutes.`,
    // 11:10 -> 11:25: 15.0 minutes; its job's record (the RNN's, 11:20) inside it: 60 s of training
    `- \`${interrupted.command}\`: 1 job, 15.0 minutes of wall time from its start to its end (interrupted by Ctrl-C); 1-minute load average 4.0-4.0 (median 4.0, 1 sample between its start and its end) on 4 cores; the jobs' own training seconds sum to 1.0 minutes.`,
    // 12.0 + 4.5 + 15.0, no overlaps; the run that trained nothing adds no line
    "- Wall time of the runs above together (overlaps counted once): 31.5 minutes.",
  ]);
});

test("overlapping runs are counted once in the total; a run resumed inside another is not credited with the other's records", () => {
  // the logged run started at 10:10, inside the hand-made run (10:00-10:12), ran to 10:20 and trained the LSTM, whose
  // record a later run (11:03) replaced; the GRU's record (10:12, 300 s) falls in its window but is not its job
  const resumed: WallRun = { ...logged, started: "2026-11-29T10:10:00Z", updated: "2026-11-29T10:20:00Z", finished: "2026-11-29T10:20:00Z", load: ["10:10:00 1.00 1.00 1.00"] };
  const { dir, readme } = fixture("overlap", { legacy: [handMade], perRun: [resumed] });
  const { lines } = table(dir, readme);
  assert.equal(lines[1], `- \`${logged.command}\`: 1 job (none of them still stored: later runs replaced it), 10.0 minutes of wall time from its start to its end; 1-minute load average 1.0-1.0 (median 1.0, 1 sample between its start and its end) on 2 cores; no training seconds (none of its records is stored).`);
  assert.equal(lines[2], "- Wall time of the runs above together (overlaps counted once): 20.0 minutes.");
});

test("a run killed before it wrote `finished` ends at its last update and does not swallow later runs' records", () => {
  const killed: WallRun = { ...logged, finished: undefined, load: ["11:00:00 0.50 0.40 0.30", "11:04:00 1.50 0.50 0.30"], updated: "2026-11-29T11:04:30Z" };
  const later: WallRun = { ...logged, id: "2026-11-29T11-10-00-000Z-cccccccccccc", command: "rnn-workbook reproduce --scale quick --job births/rnn/seed1", started: "2026-11-29T11:10:00Z", updated: "2026-11-29T11:25:00Z", finished: "2026-11-29T11:25:00Z", ran: ["births/rnn/seed1"], load: ["11:10:00 1.00 1.00 1.00"] };
  const { dir, readme } = fixture("killed", { perRun: [killed, later] });
  assert.deepEqual(table(dir, readme).lines, [
    // 11:00:00 -> updated 11:04:30: 4.5 minutes; only the LSTM's 120 s, not the RNN's (11:20) of the later run
    `- \`${logged.command}\`: 1 job, 4.5 minutes of wall time from its start to its last update (killed before it could record its end); 1-minute load average 0.5-1.5 (median 1.5, 2 samples between its start and its end) on 2 cores; the jobs' own training seconds sum to 2.0 minutes.`,
    // 11:10 -> 11:25: 15.0 minutes, the RNN's 60 s
    `- \`${later.command}\`: 1 job, 15.0 minutes of wall time from its start to its end; 1-minute load average 1.0-1.0 (median 1.0, 1 sample between its start and its end) on 2 cores; the jobs' own training seconds sum to 1.0 minutes.`,
    "- Wall time of the runs above together (overlaps counted once): 19.5 minutes.",
  ]);
});

test("two workers sharing a folder are each credited with their own jobs only; a damaged entry file is skipped with one warning", () => {
  const records: Rec[] = [
    ["naive", "2026-11-29T10:05:00Z", 6],
    ["lstm", "2026-11-29T10:10:00Z", 120],
    ["gru", "2026-11-29T10:12:00Z", 300],
    ["rnn", "2026-11-29T10:13:00Z", 60],
  ];
  const worker = (n: number, started: string, finished: string, ran: string[]): WallRun => ({
    ...logged,
    id: `${started.replace(/[:.]/g, "-")}-${String(n).repeat(12)}`,
    command: `rnn-workbook reproduce --scale quick --only births --shard ${n}/2`,
    jobs: ran,
    started,
    updated: finished,
    finished,
    jobsRun: ran.length,
    ran,
    pid: 200 + n,
    load: ["10:00:00 2.00 2.00 2.00"],
  });
  const one = worker(1, "2026-11-29T10:00:00Z", "2026-11-29T10:15:00Z", ["births/naive/seed1", "births/gru/seed1"]);
  const two = worker(2, "2026-11-29T10:01:00Z", "2026-11-29T10:14:00Z", ["births/lstm/seed1", "births/rnn/seed1"]);
  const { dir, readme } = fixture("workers", { perRun: [one, two], extra: { "broken.json": '{"command": "x", ', "empty.json": "{}" } }, records);
  const { lines, stderr } = table(dir, readme);
  assert.deepEqual(lines, [
    // 10:00 -> 10:15: 15.0 minutes; naive 6 s + GRU 300 s = 306 s = 5.1 minutes
    `- \`${one.command}\`: 2 jobs, 15.0 minutes of wall time from its start to its end; 1-minute load average 2.0-2.0 (median 2.0, 1 sample between its start and its end) on 2 cores; the jobs' own training seconds sum to 5.1 minutes.`,
    // 10:01 -> 10:14: 13.0 minutes; LSTM 120 s + RNN 60 s = 180 s = 3.0 minutes
    `- \`${two.command}\`: 2 jobs, 13.0 minutes of wall time from its start to its end; 1-minute load average 2.0-2.0 (median 2.0, 1 sample between its start and its end) on 2 cores; the jobs' own training seconds sum to 3.0 minutes.`,
    // the second lies inside the first: 15.0
    "- Wall time of the runs above together (overlaps counted once): 15.0 minutes.",
  ]);
  const warnings = stderr.trim().split("\n");
  assert.equal(warnings.length, 2, stderr);
  assert.match(warnings[0], /^results-table\.js: warning: \S+broken\.json is not valid JSON .*: skipped/);
  assert.match(warnings[1], /^results-table\.js: warning: \S+empty\.json is not a wall-time entry, it has no "started" time: skipped/);
});

test("a hand-made entry with `finished` and `jobsRun` added by hand: its own window, the jobs still stored, hand-made load wording", () => {
  const byHand: WallRun = {
    command: "nice -n 5 rnn-workbook reproduce --scale quick --only births",
    tasks: ["births"],
    started: "2026-11-29T09:00:00Z",
    load: ["09:00:05 1.00 1.00 1.00", "09:01:05 3.00 2.00 1.00", "09:02:05 2.00 2.00 1.00"],
    finished: "2026-11-29T09:30:00Z",
    jobsRun: 4,
  };
  const records: Rec[] = [
    ["naive", "2026-11-29T09:10:00Z", 30],
    ["gru", "2026-11-29T09:30:00.500Z", 90], // a time typed to the second covers that whole second
    ["lstm", "2026-11-29T11:03:00.500Z", 120], // a later rerun replaced these two
    ["rnn", "2026-11-29T11:20:00Z", 60],
  ];
  const { dir, readme } = fixture("by-hand", { legacy: [byHand] }, records);
  assert.deepEqual(table(dir, readme).lines, [
    // 09:00 -> 09:30: 30.0 minutes; naive 30 s + GRU 90 s = 2.0 minutes; loads 1, 3, 2 (median 2)
    `- \`${byHand.command}\`: 4 jobs (2 of them still stored: later runs replaced the other 2), 30.0 minutes of wall time from its start to its end; 1-minute load average 1.0-3.0 (median 2.0, 3 samples a minute apart) on 2 cores shared with other jobs; the 2 stored jobs' own training seconds sum to 2.0 minutes.`,
    "- Wall time of the runs above together (overlaps counted once): 30.0 minutes.",
  ]);
});
