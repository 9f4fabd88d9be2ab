/**
 * `rnn-workbook reproduce` logs each run that trained a job to its own file `<out>/wall/<id>.json` (the command as
 * typed, its tasks and jobs, the jobs it ran, start, updates and end, cores, Node and load samples), never to the
 * legacy `<out>/wall.json`; SIGINT, SIGTERM and SIGHUP record the run as interrupted; and each job's line shows its
 * training and its whole wall seconds. Tiny scale, births only: each command takes about a second.
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

/** The per-run entries in `<out>/wall/`, by start. */
const runsIn = (out: string): WallRun[] => {
  const dir = path.join(out, "wall");
  const runs = fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as WallRun) : [];
  return runs.sort((a, b) => Date.parse(a.started) - Date.parse(b.started));
};
const storedRuns = (out: string) => fs.readdirSync(path.join(out, "runs", "births")).filter((f) => /-seed\d+\.json$/.test(f));
const storedIds = (out: string) => storedRuns(out).map((f) => `births/${f.replace(/-seed(\d+)\.json$/, "/seed$1")}`).sort();

test("each reproduce that trains writes its own entry in wall/; a rerun that only skips adds none; wall.json is left alone", () => {
  const out = path.join(tmp, "appends");
  fs.mkdirSync(out, { recursive: true });
  const legacy = '{"runs": [ damaged or hand-made, never read by reproduce';
  fs.writeFileSync(path.join(out, "wall.json"), legacy);
  const args = ["--scale", "tiny", "--only", "births", "--out", out];
  const first = reproduce(...args, "--job", "births/naive/seed1");
  assert.equal(first.status, 0, first.stderr);
  assert.doesNotMatch(first.stderr, /warning/);
  // the job line: metrics, then the training seconds and the job's whole wall seconds
  assert.match(first.stderr, /^\[1\/1\] births\/naive\/seed1: mae \S+, .* \(train \d+\.\d s, job \d+\.\d s\)$/m);
  const [entry] = runsIn(out);
  assert.equal(entry.command, `rnn-workbook reproduce ${args.join(" ")} --job births/naive/seed1`);
  assert.deepEqual(entry.tasks, ["births"]);
  assert.deepEqual(entry.jobs, ["births/naive/seed1"]);
  assert.equal(entry.jobsRun, 1);
  assert.deepEqual(entry.ran, ["births/naive/seed1"]);
  assert.equal(entry.cores, os.availableParallelism());
  assert.equal(entry.node, process.version);
  assert.equal(entry.updated, entry.finished);
  assert.ok(Date.parse(entry.started) <= Date.parse(entry.finished!), `${entry.started} .. ${entry.finished}`);
  assert.ok(entry.load.length >= 2, "a sample at the start and one at the end");
  for (const sample of entry.load) assert.match(sample, /^\d\d:\d\d:\d\d \d+\.\d\d \d+\.\d\d \d+\.\d\d$/);
  // its record finished between the entry's start and end (what results-table.js credits it with)
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
  assert.deepEqual([...runs[1].ran!].sort(), storedIds(out).filter((id) => id !== "births/naive/seed1"));
  assert.equal(fs.readFileSync(path.join(out, "wall.json"), "utf8"), legacy, "the legacy log is never written");
});

test("two workers on one folder at once: one entry each, each credited by results-table.js with its own jobs' training seconds", async () => {
  const out = path.join(tmp, "workers");
  const worker = (shard: string) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [cli, "reproduce", "--scale", "tiny", "--only", "births", "--out", out, "--shard", shard], { cwd: root, env });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("exit", (code) => resolve({ code, stderr }));
    });
  const results = await Promise.all([worker("1/2"), worker("2/2")]);
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  assert.equal(reproduce("--scale", "tiny", "--only", "births", "--out", out, "--merge").status, 0);
  const runs = runsIn(out);
  assert.equal(runs.length, 2);
  assert.deepEqual(runs.flatMap((r) => r.ran!).sort(), storedIds(out), "every job in exactly one entry");
  // Tiny jobs train for hundredths of a second: give each record a training time of its own, 60 s x its place in
  // the job list, so each line's sum says whose records it counted (records of the other worker would add to it).
  const order = storedIds(out);
  for (const id of order) {
    const file = path.join(out, "runs", "births", `${id.split("/")[1]}-seed1.json`);
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")), trainSeconds: 60 * (order.indexOf(id) + 1) }));
  }
  const readme = path.join(out, "README.md");
  fs.writeFileSync(readme, "<!-- generated:results-quick -->\n<!-- /generated:results-quick -->\n");
  const table = spawnSync(process.execPath, [path.join(root, "scripts", "results-table.js"), "--results", out, "--readme", readme], { cwd: root, encoding: "utf8" });
  assert.equal(table.status, 0, table.stderr);
  const lines = fs.readFileSync(readme, "utf8").split("\n").filter((l) => l.startsWith("- `rnn-workbook"));
  assert.equal(lines.length, 2);
  runs.forEach((run, i) => {
    const minutes = run.ran!.reduce((sum, id) => sum + order.indexOf(id) + 1, 0); // 60 s each unit
    assert.ok(lines[i].startsWith(`- \`${run.command}\`: ${run.ran!.length} jobs, `), lines[i]);
    assert.ok(lines[i].endsWith(`the jobs' own training seconds sum to ${minutes.toFixed(1)} minutes.`), lines[i]);
  });
});

/** Start a quick births run whose first job is a baseline (done at once) and whose second an LSTM (seconds); send
 * `signal` as soon as the first job's line appears, so it always arrives while the LSTM trains. */
async function stopAfterFirstJob(name: string, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string; out: string }> {
  const out = path.join(tmp, name);
  // --shard 4/5 of births at quick scale: births/naive/seed1, births/lstm/seed2, births/mlp/seed2
  const child = spawn(process.execPath, [cli, "reproduce", "--scale", "quick", "--only", "births", "--shard", "4/5", "--out", out], { cwd: root, env });
  let stderr = "";
  const code = await new Promise<number | null>((resolve) => {
    let sent = false;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!sent && /^\[1\/3\] births\/naive\/seed1: /m.test(stderr)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on("exit", (c) => resolve(c));
  });
  return { code, stderr, out };
}

for (const [signal, exitCode] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  test(`${signal} records the run so far (interrupted, with the job that finished) and exits ${exitCode}`, async () => {
    const { code, stderr, out } = await stopAfterFirstJob(signal.toLowerCase(), signal);
    assert.equal(code, exitCode, stderr);
    assert.match(stderr, /reproduce: interrupted: 1 job\(s\) ran to the end in this run and are saved in .*: rerun the same command to resume/);
    assert.doesNotMatch(stderr, /\[2\/3\]/, "stopped during the LSTM");
    const [entry] = runsIn(out);
    assert.deepEqual([entry.interrupted, entry.signal, entry.jobsRun, entry.ran], [true, signal, 1, ["births/naive/seed1"]]);
    assert.ok(entry.finished !== undefined && entry.updated === entry.finished);
    assert.deepEqual(storedRuns(out), ["naive-seed1.json"], "the finished job is stored, nothing else");
  });
}

test("a run killed outright (SIGKILL) leaves its entry up to its last job, with `updated` and no `finished`", async () => {
  const { code, out } = await stopAfterFirstJob("sigkill", "SIGKILL");
  assert.equal(code, null);
  const [entry] = runsIn(out);
  assert.equal(entry.finished, undefined);
  assert.equal(entry.interrupted, undefined);
  assert.deepEqual([entry.jobsRun, entry.ran], [1, ["births/naive/seed1"]]);
  const record = JSON.parse(fs.readFileSync(path.join(out, "runs", "births", "naive-seed1.json"), "utf8"));
  assert.ok(Date.parse(record.finishedAt) <= Date.parse(entry.updated!), `${record.finishedAt} .. ${entry.updated}`);
});
