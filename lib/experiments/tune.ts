/**
 * Choosing settings on validation data only. A tuning run tries every setting of a small declared grid with a
 * few seeds, records validation AND test scores of every trial (so a report can say honestly what was tried),
 * and picks, for each group (e.g. each cell), the setting with the best mean validation score. The pick reads
 * nothing but `trial.validation`: test scores are carried along for the record and can never change a choice
 * (test/experiments/tune.test.ts corrupts the test split and checks that the choice stays the same).
 *
 * Trials are runs of the one run store (store.ts, through runner.ts): each (setting, seed) is stored as
 * `<runs>/runs/<task>/<group>-<variant>-seed<k>.json`, the variant a hash of the setting and of the data's key, so a
 * rerun resumes exactly as the suite does and a trial made from other data is never reused. The choice file (e.g.
 * docs/tuning/<task>-<scale>.json) is an output written from the stored trials, never read back.
 */
import { createHash } from "node:crypto";
import { writeJsonAtomic } from "../io";
import { SCHEMA_VERSION, provenance, type Provenance } from "./provenance";
import { runJobs } from "./runner";
import { jobId, readAllRuns, readFinishedRun, writeRun, type RunKey, type StoredRun } from "./store";

/** One trained (setting, seed) and its scores on the validation and the test part. */
export interface Trial<S> {
  setting: S;
  seed: number;
  validation: Record<string, number>;
  test: Record<string, number>;
  params: number | null;
  trainSeconds: number;
  epochsRun?: number;
  bestEpoch?: number;
}

/** The choice for one group: the setting, its mean validation and (for the record only) mean test scores. */
export interface Choice<S> {
  group: string;
  setting: S;
  seeds: number;
  validation: Record<string, number>;
  test: Record<string, number>;
}

/** How to compare: the validation metric and whether lower is better (MASE) or higher (accuracy). */
export interface Objective {
  metric: string;
  lowerIsBetter: boolean;
}

function meanScores(scores: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(scores[0] ?? {})) out[key] = scores.reduce((s, x) => s + x[key], 0) / scores.length;
  return out;
}

/**
 * For each group (`groupOf(setting)`), the setting with the best mean validation `objective.metric` over its seeds,
 * among the group's settings run with the most seeds. Settings are told apart by `keyOf` (default: JSON of the
 * setting). Ties keep the setting tried first.
 */
export function pickByValidation<S>(
  trials: readonly Trial<S>[],
  objective: Objective,
  groupOf: (setting: S) => string,
  keyOf: (setting: S) => string = (s) => JSON.stringify(s),
): Choice<S>[] {
  const bySetting = new Map<string, { group: string; setting: S; validation: Record<string, number>[]; test: Record<string, number>[] }>();
  for (const trial of trials) {
    const value = trial.validation[objective.metric];
    if (value === undefined) throw new Error(`tune: a trial has no validation '${objective.metric}': score every trial on the validation part`);
    const key = keyOf(trial.setting);
    const entry = bySetting.get(key) ?? { group: groupOf(trial.setting), setting: trial.setting, validation: [], test: [] };
    entry.validation.push(trial.validation);
    entry.test.push(trial.test);
    bySetting.set(key, entry);
  }
  // Means over different numbers of seeds are not comparable (one lucky seed would win): within a group, only the
  // settings run with the most seeds compete (a staged search re-runs its finalists with more seeds).
  const mostSeeds = new Map<string, number>();
  for (const entry of bySetting.values()) mostSeeds.set(entry.group, Math.max(mostSeeds.get(entry.group) ?? 0, entry.validation.length));
  const best = new Map<string, Choice<S>>();
  for (const entry of bySetting.values()) {
    if (entry.validation.length < mostSeeds.get(entry.group)!) continue;
    const validation = meanScores(entry.validation);
    const current = best.get(entry.group);
    const better =
      current === undefined ||
      (objective.lowerIsBetter ? validation[objective.metric] < current.validation[objective.metric] : validation[objective.metric] > current.validation[objective.metric]);
    if (better) best.set(entry.group, { group: entry.group, setting: entry.setting, seeds: entry.validation.length, validation, test: meanScores(entry.test) });
  }
  return [...best.values()];
}

/** What a tuning run writes: the grid's trials, the baselines' scores and the choices. */
export interface TuningRecord<S> {
  task: string;
  objective: Objective;
  trials: Trial<S>[];
  baselines: { name: string; setting?: Record<string, unknown>; validation: Record<string, number>; test: Record<string, number> }[];
  choices: Choice<S>[];
  finishedAt: string;
}

/** Write a tuning record atomically (JSON, two-space indented). */
export function writeTuningRecord<S>(file: string, record: TuningRecord<S>): void {
  writeJsonAtomic(file, record);
}

/** Where a grid run stores its trials, writes its choice file and logs. */
export interface GridRunOptions {
  /**
   * The run store's folder (store.ts): each trial is stored as the run `<task>/<group>/<variant>/seed<k>` the moment it
   * finishes, so a rerun on the same folder skips the stored trials, and workers sharing the folder split the grid
   * (claims.ts). Without it nothing is stored and nothing resumed.
   */
  runsDir?: string;
  /** The choice file: the record, written atomically from the stored trials after each trial and at the end. */
  file?: string;
  log?: (line: string) => void;
  /** What the data is (content hash and preprocessing; the tuners' `dataKey`): part of every trial's key, so a trial made from other data is never reused. */
  dataKey?: string;
  /**
   * The trials of a choice record written before trials were stored (they lived only in that file): stored once as
   * runs of this data (`adoptedFrom` names the file), so a rerun keeps them and skips their (setting, seed) pairs.
   */
  adopt?: { file: string; trials: Trial<unknown>[] };
}

/** A tuning trial as the run store holds it. */
export interface StoredTrial<S> extends Trial<S>, StoredRun {
  kind: "rnn-workbook/tuning-trial";
  variant: string;
  dataKey: string;
  finishedAt: string;
  schemaVersion?: number;
  /** Where the trial was run (absent for an adopted trial: its file did not say). */
  provenance?: Provenance;
  /** The choice file this trial was taken over from, and its place there (GridRunOptions.adopt). */
  adoptedFrom?: { file: string; index: number };
}

/** JSON with every object's keys sorted: the same setting written in any key order gives the same text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The store key's variant of one setting on one data set: 12 hex digits of sha256(setting, data key). */
export function trialVariant(setting: unknown, dataKey: string): string {
  return createHash("sha256").update(`${canonicalJson(setting)}\n${dataKey}`).digest("hex").slice(0, 12);
}

function asTrial<S>(record: StoredTrial<S>): Trial<S> {
  const { setting, seed, validation, test, params, trainSeconds, epochsRun, bestEpoch } = record;
  return { setting, seed, validation, test, params, trainSeconds, ...(epochsRun !== undefined ? { epochsRun } : {}), ...(bestEpoch !== undefined ? { bestEpoch } : {}) };
}

/** Store the trials of an older choice record that the run store does not hold yet (GridRunOptions.adopt). */
function adoptTrials<S>(runsDir: string, task: string, dataKey: string, adopt: { file: string; trials: Trial<S>[] }, group: (setting: S) => string): void {
  const finishedAt = new Date(0).toISOString(); // before anything run since: they keep their place in the record
  adopt.trials.forEach((trial, index) => {
    const key = { task, model: group(trial.setting), seed: trial.seed, variant: trialVariant(trial.setting, dataKey) };
    if (readFinishedRun(runsDir, key)) return;
    const stored: StoredTrial<S> = { kind: "rnn-workbook/tuning-trial", complete: true, ...key, dataKey, ...trial, finishedAt, adoptedFrom: { file: adopt.file, index } };
    writeRun(runsDir, stored);
  });
}

/**
 * Run every setting with every seed, one at a time, through the run store (`options.runsDir`), and pick per
 * `group(setting)` by the validation metric. The choice record holds every stored trial of `task` on the same data
 * (earlier grids' too), and with `file` it is rewritten atomically after each trial. `trial` trains one
 * (setting, seed); `baselines` are scored once, on the same data, for the record.
 */
export async function runTuningGrid<S>(
  task: string,
  objective: Objective,
  settings: readonly S[],
  seeds: readonly number[],
  trial: (setting: S, seed: number) => Promise<Trial<S>>,
  group: (setting: S) => string,
  baselines: TuningRecord<S>["baselines"],
  options: GridRunOptions = {},
): Promise<TuningRecord<S>> {
  const dataKey = options.dataKey ?? "";
  type TrialJob = RunKey & { variant: string; setting: S };
  // One job per distinct (setting, seed): a setting listed twice must not count its one trial as two seeds.
  const allJobs: TrialJob[] = settings.flatMap((setting) =>
    seeds.map((seed) => ({ task, model: group(setting), seed, variant: trialVariant(setting, dataKey), setting })),
  );
  const jobs = [...new Map(allJobs.map((job) => [jobId(job), job])).values()];
  if (options.adopt && options.runsDir) adoptTrials(options.runsDir, task, dataKey, options.adopt as { file: string; trials: Trial<S>[] }, group);
  const inGrid = new Set(jobs.map((job) => jobId(job)));
  // Trials of earlier grids on the same data stay in the record (they were tried; the choice may rest on them).
  const earlier = options.runsDir
    ? readAllRuns<StoredTrial<S>>(options.runsDir, task)
        .filter((r) => r.kind === "rnn-workbook/tuning-trial" && r.dataKey === dataKey && !inGrid.has(jobId(r)))
        .sort((a, b) => a.finishedAt.localeCompare(b.finishedAt) || (a.adoptedFrom?.index ?? 0) - (b.adoptedFrom?.index ?? 0))
    : [];
  const reusable = (stored: StoredTrial<S>, job: TrialJob) =>
    stored.kind === "rnn-workbook/tuning-trial" && stored.dataKey === dataKey && canonicalJson(stored.setting) === canonicalJson(job.setting);
  const record = (grid: StoredTrial<S>[]): TuningRecord<S> => {
    const trials = [...earlier, ...grid].map(asTrial);
    return { task, objective, trials, baselines, choices: trials.length ? pickByValidation(trials, objective, group) : [], finishedAt: new Date().toISOString() };
  };
  // The grid's trials stored so far (this run's and an earlier run's), in grid order.
  const storedGrid = (runsDir: string) =>
    jobs.flatMap((job) => {
      const stored = readFinishedRun<StoredTrial<S>>(runsDir, job);
      return stored && reusable(stored, job) ? [stored] : [];
    });
  const { records } = await runJobs<TrialJob, StoredTrial<S>>(
    jobs,
    async (job) => {
      const result = await trial(job.setting, job.seed);
      return { kind: "rnn-workbook/tuning-trial", complete: true, task, model: job.model, variant: job.variant, dataKey, ...result, seed: job.seed, finishedAt: new Date().toISOString(), schemaVersion: SCHEMA_VERSION, provenance: provenance() };
    },
    {
      outDir: options.runsDir,
      log: options.log ?? (() => {}),
      reuse: reusable,
      describe: (r) =>
        `${JSON.stringify(r.setting)}: val ${r.validation[objective.metric].toFixed(4)} test ${r.test[objective.metric].toFixed(4)} ` +
        `(${r.trainSeconds.toFixed(1)} s, ${r.epochsRun} ep)`,
      onStored: () => {
        if (options.file) writeTuningRecord(options.file, record(storedGrid(options.runsDir!)));
      },
    },
  );
  // From the store when there is one: it also holds the trials other workers on the same folder finished meanwhile.
  const final = record(options.runsDir ? storedGrid(options.runsDir) : records);
  if (options.file) writeTuningRecord(options.file, final);
  return final;
}
