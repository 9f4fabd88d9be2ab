/**
 * The wall-time log (lib/experiments/wall-log.ts): one file per run that trained a job, `<out>/wall/<id>.json`,
 * rewritten as the run goes (with `updated` and the ids of the jobs it ran), never touching the legacy shared
 * wall.json or another run's file, and a failed write warns without stopping the run.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadSample, startWallLog, wallRunId, type WallRun } from "../../lib/experiments/wall-log";

const SAMPLE = /^\d\d:\d\d:\d\d \d+\.\d\d \d+\.\d\d \d+\.\d\d$/;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rw-wall-"));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const wallFiles = (dir: string): string[] => (fs.existsSync(path.join(dir, "wall")) ? fs.readdirSync(path.join(dir, "wall")).sort() : []);
const read = (file: string): WallRun => JSON.parse(fs.readFileSync(file, "utf8"));

test("a load sample is the UTC time of day and the three load averages to two decimals", () => {
  assert.equal(loadSample(new Date("2026-11-29T09:10:47.900Z"), [6.36, 3.25, 2.27]), "09:10:47 6.36 3.25 2.27");
  assert.equal(loadSample(new Date("2026-11-29T23:00:00Z"), [0, 12.5, 1]), "23:00:00 0.00 12.50 1.00");
  assert.match(loadSample(), SAMPLE);
});

test("a run's id is its start time, file-name safe, and 6 random bytes; ids sort by start", () => {
  const bytes = Buffer.from([0x1f, 0x3a, 0x9c, 0x0b, 0x2d, 0x4e]);
  assert.equal(wallRunId(new Date("2026-11-29T12:19:15.742Z"), bytes), "2026-11-29T12-19-15-742Z-1f3a9c0b2d4e");
  const sameMs = new Date("2026-11-29T12:19:15.742Z");
  assert.notEqual(wallRunId(sameMs), wallRunId(sameMs), "two runs started in the same millisecond get different ids");
  assert.ok(wallRunId(new Date("2026-11-29T09:59:59.999Z")) < wallRunId(new Date("2026-11-29T10:00:00.000Z")));
});

test("an entry is written once a job finished, with its command, tasks, jobs, the jobs it ran, times, cores, Node and load samples", async () => {
  const dir = path.join(tmp, "entry");
  const warnings: string[] = [];
  const wall = startWallLog(dir, { command: "rnn-workbook reproduce --shard 1/2", tasks: ["births"], jobs: ["births/gru/seed1", "births/rnn/seed1"] }, { log: (l) => warnings.push(l), sampleEveryMs: 20 });
  await sleep(70);
  assert.deepEqual(wallFiles(dir), [], "nothing is written before a job finished");
  wall.jobFinished("births/gru/seed1");
  assert.deepEqual(wallFiles(dir), [`${wall.entry().id}.json`]);
  assert.equal(wall.file, path.join(dir, "wall", `${wall.entry().id}.json`));
  const afterOne = read(wall.file);
  assert.equal(afterOne.jobsRun, 1);
  assert.deepEqual(afterOne.ran, ["births/gru/seed1"]);
  assert.equal(afterOne.finished, undefined, "a run still going has no end yet");
  assert.ok(Date.parse(afterOne.updated!) >= Date.parse(afterOne.started), "updated at every write");
  await sleep(50);
  const ticked = read(wall.file);
  assert.ok(Date.parse(ticked.updated!) > Date.parse(afterOne.updated!), "a load sample rewrites the entry and its updated time");
  wall.jobFinished("births/rnn/seed1");
  wall.finish();
  wall.finish(); // a second call changes nothing
  const run = read(wall.file);
  assert.equal(run.command, "rnn-workbook reproduce --shard 1/2");
  assert.deepEqual(run.tasks, ["births"]);
  assert.deepEqual(run.jobs, ["births/gru/seed1", "births/rnn/seed1"]);
  assert.equal(run.jobsRun, 2);
  assert.deepEqual(run.ran, ["births/gru/seed1", "births/rnn/seed1"]);
  assert.equal(run.cores, os.availableParallelism());
  assert.equal(run.node, process.version);
  assert.equal(run.pid, process.pid);
  assert.equal(run.interrupted, undefined);
  const started = Date.parse(run.started);
  const finished = Date.parse(run.finished!);
  assert.ok(Number.isFinite(started) && finished - started >= 100, `${run.started} .. ${run.finished}`);
  assert.equal(run.updated, run.finished, "the last write is the one at the end");
  assert.ok(run.id!.startsWith(run.started.replace(/[:.]/g, "-")), run.id);
  // one sample at the start, one per 20 ms tick (about 6 in 120 ms), one at the end
  assert.ok(run.load.length >= 4, run.load.join(" | "));
  for (const sample of run.load) assert.match(sample, SAMPLE);
  assert.deepEqual(run, wall.entry());
  assert.deepEqual(warnings, []);
});

test("runs sharing a folder each write their own file, started in the same millisecond or not; the legacy wall.json is never touched", () => {
  const dir = path.join(tmp, "shared");
  fs.mkdirSync(dir);
  const legacy = JSON.stringify({ runs: [{ command: "by hand", tasks: ["imdb"], started: "2026-11-29T10:00:56Z", load: [] }] }, null, 1);
  fs.writeFileSync(path.join(dir, "wall.json"), legacy);
  const first = startWallLog(dir, { command: "first", tasks: ["births"] }, { log: () => {} });
  const second = startWallLog(dir, { command: "second", tasks: ["births"] }, { log: () => {} });
  // interleaved, as two workers would be
  first.jobFinished("births/naive/seed1");
  second.jobFinished("births/gru/seed1");
  second.jobFinished("births/lstm/seed1");
  first.jobFinished("births/rnn/seed1");
  second.finish({ interrupted: true, signal: "SIGTERM" });
  first.finish();
  assert.equal(fs.readFileSync(path.join(dir, "wall.json"), "utf8"), legacy);
  assert.equal(wallFiles(dir).length, 2);
  assert.deepEqual(read(first.file), first.entry());
  assert.deepEqual(read(second.file), second.entry());
  assert.deepEqual(read(first.file).ran, ["births/naive/seed1", "births/rnn/seed1"]);
  assert.deepEqual(read(second.file).ran, ["births/gru/seed1", "births/lstm/seed1"]);
  assert.equal(read(first.file).jobs, undefined, "no jobs list for a run of whole tasks");
  assert.deepEqual([read(second.file).interrupted, read(second.file).signal], [true, "SIGTERM"]);
  assert.equal(read(first.file).interrupted, undefined);
});

test("a run that trained nothing (every job finished earlier) leaves no entry", () => {
  const dir = path.join(tmp, "nothing");
  fs.mkdirSync(dir);
  const wall = startWallLog(dir, { command: "rerun", tasks: ["births"] }, { log: () => {} });
  wall.finish();
  assert.deepEqual(wallFiles(dir), []);
});

test("a log that cannot be written warns once and never throws", () => {
  const blocker = path.join(tmp, "a-file");
  fs.writeFileSync(blocker, "not a folder");
  const warnings: string[] = [];
  const wall = startWallLog(path.join(blocker, "out"), { command: "x", tasks: ["births"] }, { log: (l) => warnings.push(l) });
  wall.jobFinished("births/gru/seed1");
  wall.jobFinished("births/rnn/seed1");
  wall.finish();
  assert.equal(warnings.length, 1, warnings.join("\n"));
  assert.match(warnings[0], /could not write .*wall\/\S+\.json .*the run goes on/);
  assert.equal(wall.entry().jobsRun, 2);
});
