/**
 * `rnn-workbook reproduce` logs each run that trained a job to `<out>/wall.json` (the command as typed, its tasks and
 * jobs, start and end, jobs run, cores, Node and load samples), and each job's line shows its training and its whole
 * wall seconds. Tiny scale, births only: each command takes about a second.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { WallRun } from "../../lib/experiments/wall-log";

const root = path.resolve(__dirname, "..", "..", "..");
const cli = path.join(root, "dist", "lib", "cli", "index.js");
const env = { ...process.env, RNN_WORKBOOK_QUIET: "1" };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rw-wall-cli-"));

function reproduce(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [cli, "reproduce", ...args], { cwd: root, encoding: "utf8", env });
  return { status: r.status, stderr: r.stderr };
}

const runsIn = (out: string): WallRun[] => JSON.parse(fs.readFileSync(path.join(out, "wall.json"), "utf8")).runs;
const storedRuns = (out: string) => fs.readdirSync(path.join(out, "runs", "births")).filter((f) => /-seed\d+\.json$/.test(f));

test("each reproduce that trains appends one entry to wall.json; a rerun that only skips adds none", () => {
  const out = path.join(tmp, "appends");
  const args = ["--scale", "tiny", "--only", "births", "--out", out];
  const first = reproduce(...args, "--job", "births/naive/seed1");
  assert.equal(first.status, 0, first.stderr);
  // the job line: metrics, then the training seconds and the job's whole wall seconds
  assert.match(first.stderr, /^\[1\/1\] births\/naive\/seed1: mae \S+, .* \(train \d+\.\d s, job \d+\.\d s\)$/m);
  const [entry] = runsIn(out);
  assert.equal(entry.command, `rnn-workbook reproduce ${args.join(" ")} --job births/naive/seed1`);
  assert.deepEqual(entry.tasks, ["births"]);
  assert.deepEqual(entry.jobs, ["births/naive/seed1"]);
  assert.equal(entry.jobsRun, 1);
  assert.equal(entry.cores, os.availableParallelism());
  assert.equal(entry.node, process.version);
  assert.ok(Date.parse(entry.started) <= Date.parse(entry.finished!), `${entry.started} .. ${entry.finished}`);
  assert.ok(entry.load.length >= 2, "a sample at the start and one at the end");
  for (const sample of entry.load) assert.match(sample, /^\d\d:\d\d:\d\d \d+\.\d\d \d+\.\d\d \d+\.\d\d$/);
  // its record finished between the entry's start and end (what results-table.js attributes to it)
  const record = JSON.parse(fs.readFileSync(path.join(out, "runs", "births", "naive-seed1.json"), "utf8"));
  assert.ok(Date.parse(entry.started) <= Date.parse(record.finishedAt) && Date.parse(record.finishedAt) <= Date.parse(entry.finished!));

  const rerun = reproduce(...args, "--job", "births/naive/seed1");
  assert.equal(rerun.status, 0, rerun.stderr);
  assert.match(rerun.stderr, /finished earlier, skipped/);
  assert.equal(runsIn(out).length, 1, "nothing ran: no entry");

  const whole = reproduce(...args);
  assert.equal(whole.status, 0, whole.stderr);
  const runs = runsIn(out);
  assert.equal(runs.length, 2);
  assert.deepEqual(runs[0], entry, "the first entry is kept as it was");
  assert.equal(runs[1].command, `rnn-workbook reproduce ${args.join(" ")}`);
  assert.equal(runs[1].jobs, undefined, "no jobs list for whole tasks");
  assert.equal(runs[1].jobsRun, storedRuns(out).length - 1, "every job but the one finished earlier");
});

test("a damaged wall.json is set aside with one warning line and the run goes on", () => {
  const out = path.join(tmp, "damaged");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "wall.json"), '{"runs": [');
  const r = reproduce("--scale", "tiny", "--only", "births", "--out", out, "--job", "births/gru/seed1");
  assert.equal(r.status, 0, r.stderr);
  const warnings = r.stderr.split("\n").filter((line) => /wall\.json/.test(line));
  assert.equal(warnings.length, 1, r.stderr);
  assert.match(warnings[0], /^rnn-workbook: warning: .*wall\.json is not a wall-time log, it is not valid JSON .*: kept as .*wall\.json\.corrupt-/);
  assert.deepEqual(runsIn(out).map((e) => [e.jobs, e.jobsRun]), [[["births/gru/seed1"], 1]]);
  assert.equal(storedRuns(out).length, 1, "the job's record is stored");
});

test("Ctrl-C records the run so far (interrupted, with every job that finished) and exits 130", async () => {
  const out = path.join(tmp, "interrupted");
  const child = spawn(process.execPath, [cli, "reproduce", "--scale", "tiny", "--only", "births", "--out", out], { cwd: root, env });
  let stderr = "";
  const code = await new Promise<number | null>((resolve) => {
    let sent = false;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!sent && /\] births\/\S+: .*\(train /.test(stderr)) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    child.on("exit", (c) => resolve(c));
  });
  assert.equal(code, 130, stderr);
  assert.match(stderr, /reproduce: interrupted: \d+ job\(s\) ran to the end in this run and are saved in .*interrupted: rerun the same command to resume/);
  const [entry] = runsIn(out);
  assert.equal(entry.interrupted, true);
  assert.ok(entry.finished !== undefined);
  assert.ok(entry.jobsRun! >= 1);
  assert.equal(entry.jobsRun, storedRuns(out).length, "nothing finished is missing from the count");
  assert.ok(storedRuns(out).length < 6, "stopped before the end");
});
