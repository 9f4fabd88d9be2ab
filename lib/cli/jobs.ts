/**
 * The job flags `reproduce` and `memory` share, for spreading one output folder's jobs over many processes and
 * machines: `--list-jobs [--json]`, `--job ID|N`, `--shard K/N`, and the job from the environment.
 *
 * - `--shard K/N` (1 <= K <= N): jobs K, K+N, K+2N, ... of `--list-jobs` (round-robin over the fixed job order, so
 *   every job is in exactly one shard and shards get a similar mix of cells and tasks).
 * - Environment, read only when neither `--job` nor `--shard` is given: `RNN_WORKBOOK_JOB` is read like `--job` (an id
 *   or a 1-based number); `RNN_WORKBOOK_JOB_INDEX` is a 0-based index into `--list-jobs` (set it from a scheduler's
 *   array index: `SLURM_ARRAY_TASK_ID` with `--array=0-(N-1)`, Kubernetes' `JOB_COMPLETION_INDEX`). Scheduler
 *   variables are not read directly, so a command run inside an array job for another reason still runs everything.
 * - Any number of identical workers on one shared folder: claims (lib/experiments/claims.ts) keep each job to one.
 */
import { jobId, type RunKey } from "../experiments/store";
import { UsageError } from "./common";

export const JOB_FLAGS = {
  job: { kind: "string", help: "run one job only: its id (see --list-jobs) or its 1-based number; default $RNN_WORKBOOK_JOB, or number $RNN_WORKBOOK_JOB_INDEX + 1" },
  shard: { kind: "string", help: "run only shard K of N (K/N, 1-based): jobs K, K+N, K+2N, ... of --list-jobs" },
  "list-jobs": { kind: "boolean", help: "print the id of every job, one per line (with --json: a JSON array), and exit" },
  json: { kind: "boolean", help: "with --list-jobs: print [{index, id, task, model, seed, length?}] as JSON" },
} as const;

/** `K/N` as numbers, or a UsageError. */
export function parseShard(command: string, raw: string): { k: number; n: number } {
  const match = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const k = Number(match?.[1]);
  const n = Number(match?.[2]);
  if (!match || n < 1 || k < 1 || k > n) throw new UsageError(`${command}: --shard must be K/N with 1 <= K <= N (e.g. 2/8), got '${raw}'`);
  return { k, n };
}

/** The `--job` value the environment gives (undefined when it gives none). */
export function jobFromEnv(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.RNN_WORKBOOK_JOB) return env.RNN_WORKBOOK_JOB;
  const index = env.RNN_WORKBOOK_JOB_INDEX;
  if (index === undefined || index === "") return undefined;
  if (!/^\d+$/.test(index)) throw new UsageError(`${command}: RNN_WORKBOOK_JOB_INDEX must be a 0-based job index, got '${index}'`);
  return String(Number(index) + 1);
}

/** The jobs this process runs: one (`--job` or the environment), a shard, or all. */
export function selectJobs<J extends RunKey>(
  command: string,
  all: J[],
  flags: { job?: string; shard?: string },
  scope = "this command",
  env: NodeJS.ProcessEnv = process.env,
): { jobs: J[]; subset: boolean } {
  if (flags.job !== undefined && flags.shard !== undefined) throw new UsageError(`${command}: --job and --shard cannot be combined: give one`);
  if (flags.shard !== undefined) {
    const { k, n } = parseShard(command, flags.shard);
    return { jobs: all.filter((_, i) => i % n === k - 1), subset: true };
  }
  const wanted = flags.job ?? jobFromEnv(command, env);
  if (wanted === undefined) return { jobs: all, subset: false };
  const job = /^\d+$/.test(wanted) ? all[Number(wanted) - 1] : all.find((j) => jobId(j) === wanted);
  if (!job) {
    throw new UsageError(
      `${command}: --job ${wanted} is not a job of ${scope}${flags.job === undefined ? " (from the environment)" : ""}: use an id such as ${jobId(all[0])} or a number from 1 to ${all.length} (see --list-jobs)`,
    );
  }
  return { jobs: [job], subset: true };
}

/** The text `--list-jobs` prints: ids one per line, or a JSON array. */
export function formatJobList(all: RunKey[], json: boolean): string {
  if (!json) return all.map(jobId).join("\n");
  return JSON.stringify(all.map((j, i) => ({ index: i, number: i + 1, id: jobId(j), task: j.task, model: j.model, seed: j.seed, ...(j.length === undefined ? {} : { length: j.length }) })), null, 2);
}
