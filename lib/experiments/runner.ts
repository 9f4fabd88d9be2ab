/**
 * The generic runner: given jobs and a function that runs one job and returns its record, run every job
 * that has not finished, store each record as soon as it exists, and return all records in job order.
 * It knows nothing about forecasting or sentiment; the job function does.
 */
import { jobId, readFinishedRun, writeRun } from "./store";
import type { Job, RunRecord } from "./types";

export interface RunJobsOptions {
  outDir: string;
  /** One line per job (default: console.error). Pass () => {} for silence. */
  log?: (line: string) => void;
}

export async function runJobs(
  jobs: Job[],
  runJob: (job: Job) => Promise<RunRecord>,
  options: RunJobsOptions,
): Promise<{ records: RunRecord[]; ran: number; skipped: number }> {
  const log = options.log ?? ((line: string) => console.error(line));
  const records: RunRecord[] = [];
  let ran = 0;
  let skipped = 0;
  for (const [index, job] of jobs.entries()) {
    const prefix = `[${index + 1}/${jobs.length}] ${jobId(job)}`;
    const finished = readFinishedRun<RunRecord>(options.outDir, job);
    if (finished) {
      skipped++;
      records.push(finished);
      log(`${prefix}: finished earlier, skipped`);
      continue;
    }
    const record = await runJob(job);
    writeRun(options.outDir, record);
    ran++;
    records.push(record);
    const headline = Object.entries(record.metrics)
      .slice(0, 4)
      .map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`)
      .join(", ");
    log(`${prefix}: ${headline} (${record.trainSeconds.toFixed(1)} s)`);
  }
  return { records, ran, skipped };
}
