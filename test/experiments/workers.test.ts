import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { claimFile, claimJob } from "../../lib/experiments/claims";
import { builtinSuite, suiteJobs } from "../../lib/experiments/specs";
import { jobId } from "../../lib/experiments/store";
import { selectJobs, jobFromEnv } from "../../lib/cli/jobs";

const root = path.resolve(__dirname, "..", "..", "..");
const cli = path.join(root, "dist", "lib", "cli", "index.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rw-workers-"));
const env = { ...process.env, RNN_WORKBOOK_QUIET: "1" };
const ONLY = ["--scale", "tiny", "--only", "births,uci-sentences"];

function worker(out: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, "reproduce", ...ONLY, "--out", out], { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

/** Every record's metrics under <out>/runs, by job id. */
function metricsByJob(out: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const task of fs.readdirSync(path.join(out, "runs"))) {
    for (const file of fs.readdirSync(path.join(out, "runs", task))) {
      if (!file.endsWith(".json") || file === "task.json") continue;
      const r = JSON.parse(fs.readFileSync(path.join(out, "runs", task, file), "utf8"));
      result[`${r.task}/${r.model}/seed${r.seed}`] = r.metrics;
    }
  }
  return result;
}

test("three workers on one folder run every job exactly once, and their merge equals a single-process run", async () => {
  const ids = spawnSync(process.execPath, [cli, "reproduce", ...ONLY, "--list-jobs", "--json"], { cwd: root, env, encoding: "utf8" });
  assert.equal(ids.status, 0, ids.stderr);
  const jobs = (JSON.parse(ids.stdout) as { id: string; index: number }[]).map((j) => j.id);
  assert.equal(jobs.length, 11);

  const shared = path.join(tmp, "shared");
  const results = await Promise.all([worker(shared), worker(shared), worker(shared)]);
  const ranBy = new Map<string, number>();
  for (const [w, r] of results.entries()) {
    assert.equal(r.status, 0, `worker ${w}: ${r.stderr}`);
    // a job a worker trained is logged with its metrics; skipped or held ones say so
    for (const line of r.stderr.split("\n")) {
      const m = /^\[\d+\/\d+\] (\S+): (?!finished earlier|being run)/.exec(line);
      if (m) ranBy.set(m[1], (ranBy.get(m[1]) ?? 0) + 1);
    }
  }
  assert.deepEqual([...ranBy.keys()].sort(), [...jobs].sort(), "every job ran");
  assert.deepEqual([...ranBy.values()].filter((n) => n !== 1), [], "no job ran twice");
  const leftovers = fs.readdirSync(path.join(shared, "runs", "births")).filter((f) => f.includes(".claim"));
  assert.deepEqual(leftovers, [], "claims are released");

  const merged = spawnSync(process.execPath, [cli, "reproduce", ...ONLY, "--out", shared, "--merge"], { cwd: root, env, encoding: "utf8" });
  assert.equal(merged.status, 0, merged.stderr);
  const single = path.join(tmp, "single");
  const alone = await worker(single);
  assert.equal(alone.status, 0, alone.stderr);
  assert.deepEqual(metricsByJob(shared), metricsByJob(single));
  const tables = (out: string) => JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8")).tasks.map((t: { models: { metrics: unknown }[]; verdicts: string[] }) => [t.models.map((m) => m.metrics), t.verdicts]);
  assert.deepEqual(tables(shared), tables(single));
});

test("claims: one holder at a time; an expired claim or a dead process's claim is taken over", () => {
  const out = path.join(tmp, "claims");
  const key = { task: "births", model: "gru", seed: 1 };
  const first = claimJob(out, key, 60_000);
  assert.ok("release" in first);
  const second = claimJob(out, key, 60_000);
  assert.ok("heldBy" in second && second.heldBy?.pid === process.pid);
  first.release();
  assert.equal(fs.existsSync(claimFile(out, key)), false);
  // a worker on another host that stopped beating: expired
  fs.writeFileSync(claimFile(out, key), JSON.stringify({ pid: 1, host: "elsewhere", token: "x", claimedAt: "", expiresAt: Date.now() - 1 }));
  const taken = claimJob(out, key, 60_000);
  assert.ok("release" in taken);
  taken.release();
  // a live claim on another host is respected
  fs.writeFileSync(claimFile(out, key), JSON.stringify({ pid: 1, host: "elsewhere", token: "x", claimedAt: "", expiresAt: Date.now() + 60_000 }));
  assert.ok("heldBy" in claimJob(out, key, 60_000));
  // a dead process on this host (a finished child's pid) is taken over before its expiry
  const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  fs.writeFileSync(claimFile(out, key), JSON.stringify({ pid: Number(dead.stdout), host: os.hostname(), token: "y", claimedAt: "", expiresAt: Date.now() + 60_000 }));
  const fromDead = claimJob(out, key, 60_000);
  assert.ok("release" in fromDead);
  fromDead.release();
});

test("--shard K/N partitions the job list; the job from the environment is read like --job", () => {
  const jobs = suiteJobs(builtinSuite("tiny"));
  const seen: string[] = [];
  for (let k = 1; k <= 4; k++) seen.push(...selectJobs("reproduce", jobs, { shard: `${k}/4` }).jobs.map(jobId));
  assert.deepEqual([...seen].sort(), jobs.map(jobId).sort());
  assert.equal(new Set(seen).size, jobs.length);
  assert.deepEqual(selectJobs("reproduce", jobs, { shard: "2/4" }).jobs.map(jobId), [jobs[1], jobs[5], jobs[9]].map(jobId));
  assert.throws(() => selectJobs("reproduce", jobs, { shard: "5/4" }), /--shard must be K\/N with 1 <= K <= N/);
  assert.equal(jobFromEnv("reproduce", { RNN_WORKBOOK_JOB_INDEX: "0" }), "1");
  assert.equal(jobFromEnv("reproduce", { RNN_WORKBOOK_JOB: "births/gru/seed1", RNN_WORKBOOK_JOB_INDEX: "3" }), "births/gru/seed1");
  assert.equal(jobFromEnv("reproduce", { SLURM_ARRAY_TASK_ID: "3" }), undefined);
  assert.deepEqual(selectJobs("reproduce", jobs, {}, "tiny", { RNN_WORKBOOK_JOB_INDEX: "2" }).jobs, [jobs[2]]);
  assert.throws(() => jobFromEnv("reproduce", { RNN_WORKBOOK_JOB_INDEX: "x" }), /0-based job index/);
});

test("a held claim's heartbeat pushes its expiry forward; a claim taken over is not removed by its old holder", async () => {
  const out = path.join(tmp, "heartbeat");
  const key = { task: "births", model: "rnn", seed: 2 };
  const held = claimJob(out, key, 3000);
  assert.ok("release" in held);
  const first = JSON.parse(fs.readFileSync(claimFile(out, key), "utf8")).expiresAt as number;
  await new Promise((resolve) => setTimeout(resolve, 1300)); // beats come every ttl / 3 = 1 s
  const later = JSON.parse(fs.readFileSync(claimFile(out, key), "utf8")).expiresAt as number;
  assert.ok(later > first, `${first} -> ${later}`);
  // another worker took it over (as after an expiry): the old holder's release leaves the new claim alone
  fs.writeFileSync(claimFile(out, key), JSON.stringify({ pid: 1, host: "elsewhere", token: "new", claimedAt: "", expiresAt: Date.now() + 60_000 }));
  held.release();
  assert.equal(JSON.parse(fs.readFileSync(claimFile(out, key), "utf8")).token, "new");
});
