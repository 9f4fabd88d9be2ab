/**
 * The wall-time log (lib/experiments/wall-log.ts): one entry per run that trained a job, appended beside the entries
 * already there (hand-made ones included), rewritten as the run goes, and a damaged file set aside without stopping
 * the run.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadSample, readWallLog, startWallLog, type WallRun } from "../../lib/experiments/wall-log";

const SAMPLE = /^\d\d:\d\d:\d\d \d+\.\d\d \d+\.\d\d \d+\.\d\d$/;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rw-wall-"));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const runsIn = (dir: string): WallRun[] => JSON.parse(fs.readFileSync(path.join(dir, "wall.json"), "utf8")).runs;

/** A run of the shape written by hand before the log existed (from results/full/wall.json). */
const HAND_MADE: WallRun = {
  command: "nice -n 5 rnn-workbook reproduce --scale full --job imdb/gru/seed1 --out results/full",
  tasks: ["imdb"],
  jobs: ["imdb/gru/seed1"],
  started: "2026-11-29T10:00:56Z",
  load: ["10:01:37 1.87 4.06 6.11", "10:02:37 2.12 3.74 5.87"],
};

test("a load sample is the UTC time of day and the three load averages to two decimals", () => {
  assert.equal(loadSample(new Date("2026-11-29T09:10:47.900Z"), [6.36, 3.25, 2.27]), "09:10:47 6.36 3.25 2.27");
  assert.equal(loadSample(new Date("2026-11-29T23:00:00Z"), [0, 12.5, 1]), "23:00:00 0.00 12.50 1.00");
  assert.match(loadSample(), SAMPLE);
});

test("an entry is written once a job finished, with its command, tasks, jobs, times, count, cores, Node and load samples", async () => {
  const dir = path.join(tmp, "entry");
  const warnings: string[] = [];
  const wall = startWallLog(dir, { command: "rnn-workbook reproduce --job births/gru/seed1", tasks: ["births"], jobs: ["births/gru/seed1"] }, { log: (l) => warnings.push(l), sampleEveryMs: 20 });
  await sleep(70);
  assert.equal(fs.existsSync(path.join(dir, "wall.json")), false, "nothing is written before a job finished");
  wall.jobFinished();
  const afterOne = runsIn(dir);
  assert.equal(afterOne.length, 1);
  assert.equal(afterOne[0].jobsRun, 1);
  assert.equal(afterOne[0].finished, undefined, "a run still going has no end yet");
  wall.jobFinished();
  await sleep(50);
  wall.finish();
  wall.finish(); // a second call changes nothing
  const [run] = runsIn(dir);
  assert.equal(run.command, "rnn-workbook reproduce --job births/gru/seed1");
  assert.deepEqual(run.tasks, ["births"]);
  assert.deepEqual(run.jobs, ["births/gru/seed1"]);
  assert.equal(run.jobsRun, 2);
  assert.equal(run.cores, os.availableParallelism());
  assert.equal(run.node, process.version);
  assert.equal(run.interrupted, undefined);
  const started = Date.parse(run.started);
  const finished = Date.parse(run.finished!);
  assert.ok(Number.isFinite(started) && finished - started >= 100, `${run.started} .. ${run.finished}`);
  // one sample at the start, one per 20 ms tick (about 6 in 120 ms), one at the end
  assert.ok(run.load.length >= 4, run.load.join(" | "));
  for (const sample of run.load) assert.match(sample, SAMPLE);
  assert.deepEqual(run, wall.entry());
  assert.deepEqual(warnings, []);
});

test("a second run appends its entry and keeps the earlier ones, hand-made ones included", () => {
  const dir = path.join(tmp, "append");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "wall.json"), JSON.stringify({ runs: [HAND_MADE] }, null, 1));
  const first = startWallLog(dir, { command: "first", tasks: ["births"] }, { log: () => {} });
  first.jobFinished();
  first.finish();
  const second = startWallLog(dir, { command: "second", tasks: ["uci-sentences"] }, { log: () => {} });
  second.jobFinished();
  second.jobFinished();
  second.jobFinished();
  second.finish({ interrupted: true });
  const runs = runsIn(dir);
  assert.deepEqual(runs.map((r) => r.command), [HAND_MADE.command, "first", "second"]);
  assert.deepEqual(runs[0], HAND_MADE);
  assert.deepEqual(runs[1], first.entry());
  assert.equal(runs[1].jobs, undefined, "no jobs list for a run of whole tasks");
  assert.deepEqual([runs[1].jobsRun, runs[2].jobsRun], [1, 3]);
  assert.equal(runs[2].interrupted, true);
});

test("a run that trained nothing (every job finished earlier) leaves no entry", () => {
  const dir = path.join(tmp, "nothing");
  fs.mkdirSync(dir);
  const wall = startWallLog(dir, { command: "rerun", tasks: ["births"] }, { log: () => {} });
  wall.finish();
  assert.equal(fs.existsSync(path.join(dir, "wall.json")), false);
});

test("a damaged wall.json is set aside with one warning and a new log started; the run is not stopped", () => {
  for (const [name, text, reason] of [
    ["not-json", '{ "runs": [ {"command": "x", ', /is not valid JSON/],
    ["no-runs", "[1, 2]", /has no "runs" list/],
  ] as const) {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir);
    const file = path.join(dir, "wall.json");
    fs.writeFileSync(file, text);
    const warnings: string[] = [];
    const wall = startWallLog(dir, { command: "after damage", tasks: ["births"] }, { log: (l) => warnings.push(l) });
    wall.jobFinished();
    wall.jobFinished();
    wall.finish();
    assert.equal(warnings.length, 1, warnings.join("\n"));
    assert.match(warnings[0], reason);
    const aside = fs.readdirSync(dir).filter((f) => f.startsWith("wall.json.corrupt-"));
    assert.equal(aside.length, 1);
    assert.ok(warnings[0].includes(file) && warnings[0].includes(aside[0]), warnings[0]);
    assert.equal(fs.readFileSync(path.join(dir, aside[0]), "utf8"), text, "the damaged file is kept as it was");
    assert.deepEqual(runsIn(dir).map((r) => [r.command, r.jobsRun]), [["after damage", 2]]);
  }
  assert.deepEqual(readWallLog(path.join(tmp, "absent.json"), () => assert.fail("no warning for a missing file")), []);
});

test("a log that cannot be written warns once and never throws", () => {
  const blocker = path.join(tmp, "a-file");
  fs.writeFileSync(blocker, "not a folder");
  const warnings: string[] = [];
  const wall = startWallLog(path.join(blocker, "out"), { command: "x", tasks: ["births"] }, { log: (l) => warnings.push(l) });
  wall.jobFinished();
  wall.jobFinished();
  wall.finish();
  assert.equal(warnings.length, 1, warnings.join("\n"));
  assert.match(warnings[0], /could not write .*wall\.json .*the run goes on/);
  assert.equal(wall.entry().jobsRun, 2);
});
