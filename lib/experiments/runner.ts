/**
 * The generic runner: given jobs and a function that runs one job and returns its record, run every job that has
 * not finished, store each record in the run store (store.ts) as soon as it exists, and return the records in job
 * order. It knows nothing about forecasting, sentiment or memory tasks; the job function does. The suite and the
 * memory sweep both run through it, so resuming and sharing jobs between workers live here once: with an output
 * folder each job is claimed first (claims.ts), so identical workers on one shared folder never run a job twice.
 */
import { claimJob } from "./claims";
import { jobId, readFinishedRun, writeRun, type RunKey, type StoredRun } from "./store";

export interface RunJobsOptions<J extends RunKey, R extends StoredRun> {
  /** The run store's folder; without it nothing is stored and nothing resumed. */
  outDir?: string;
  /** One line per job (default: console.error). Pass () => {} for silence. */
  log?: (line: string) => void;
  /**
   * Whether a stored record may stand for `job` (default: any finished record of the same key). Return false to run
   * the job again (e.g. a record of another kind), or throw to refuse a folder made with other settings.
   */
  reuse?: (stored: R, job: J) => boolean;
  /**
   * The log line's headline for a record that just finished (default: "finished"); `jobSeconds` is the job's whole
   * wall time (training, scoring and storing), beside which a record's own training seconds may be small.
   */
  describe?: (record: R, jobSeconds: number) => string;
  /** Called after each new record is stored, e.g. to rewrite an aggregate file. */
  onStored?: (record: R) => void;
}

export interface RunJobsResult<R> {
  /** The records of the jobs finished (earlier or now), in job order; jobs other workers hold are not among them. */
  records: R[];
  ran: number;
  skipped: number;
  /** Ids of the jobs another live worker was running (claimed) when this one reached them. */
  busy: string[];
}

export async function runJobs<J extends RunKey, R extends StoredRun>(
  jobs: J[],
  runJob: (job: J) => Promise<R>,
  options: RunJobsOptions<J, R>,
): Promise<RunJobsResult<R>> {
  const log = options.log ?? ((line: string) => console.error(line));
  const describe = options.describe ?? (() => "finished");
  const records: R[] = [];
  const busy: string[] = [];
  let ran = 0;
  let skipped = 0;
  const finishedEarlier = (job: J): R | undefined => {
    const finished = options.outDir === undefined ? undefined : readFinishedRun<R>(options.outDir, job);
    return finished && (options.reuse?.(finished, job) ?? true) ? finished : undefined;
  };
  for (const [index, job] of jobs.entries()) {
    const prefix = `[${index + 1}/${jobs.length}] ${jobId(job)}`;
    let finished = finishedEarlier(job);
    const claim = finished || options.outDir === undefined ? undefined : claimJob(options.outDir, job);
    if (claim && "heldBy" in claim) {
      busy.push(jobId(job));
      log(`${prefix}: being run by another worker${claim.heldBy ? ` (pid ${claim.heldBy.pid} on ${claim.heldBy.host})` : ""}, skipped`);
      continue;
    }
    // Another worker may have stored it between our look and our claim.
    if (claim) finished = finishedEarlier(job);
    if (finished) {
      claim?.release();
      skipped++;
      records.push(finished);
      log(`${prefix}: finished earlier, skipped`);
      continue;
    }
    try {
      const startedAt = performance.now();
      const record = await runJob(job);
      if (options.outDir !== undefined) {
        writeRun(options.outDir, record);
        options.onStored?.(record);
      }
      ran++;
      records.push(record);
      log(`${prefix}: ${describe(record, (performance.now() - startedAt) / 1000)}`);
    } finally {
      claim?.release();
    }
  }
  return { records, ran, skipped, busy };
}
