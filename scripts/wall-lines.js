// The wall-time lines of a results folder, for scripts/results-table.js: one line per run (its command, jobs, wall
// time, load and the training seconds of its own jobs) and the union of their wall times. The runs come from
//   DIR/wall/<id>.json   one file per `rnn-workbook reproduce` that trained a job (lib/experiments/wall-log.ts), and
//   DIR/wall.json        the older shared log { runs: [...] }: entries made by hand (command, tasks, jobs?, started,
//                        load, and at times finished / jobsRun added by hand) and by earlier versions of reproduce,
// sorted by start. A file that is not an entry is skipped with one warning line on stderr.
//
// Which records a run is credited with: one that lists the jobs it ran (`ran`) gets those of them finished inside
// its window (a later rerun may have replaced some); an older logged entry (no `ran`) or a hand-made one with an end
// gets the records of its tasks (or jobs) finished inside its window; a hand-made one without an end gets all the
// records of its tasks (or jobs) finished after its start, and ends at the last of them. A logged run's window ends
// at `finished`, or, when it was killed before it could write that, at `updated` (its last write). Hand-made entries
// are the ones without `pid` and `cores` (reproduce always writes both).
"use strict";
const fs = require("fs");
const path = require("path");

/** A record's job id, as lib/experiments/store.ts jobId writes it. */
const jobIdOf = (r) => `${r.task}/${r.model}${r.length === undefined ? "" : `/T${r.length}`}${r.variant === undefined ? "" : `/${r.variant}`}/seed${r.seed}`;

/** Why `run` is not a wall-time entry, or undefined when it is one. */
function notAnEntry(run) {
  if (typeof run !== "object" || run === null || Array.isArray(run)) return "it is not a JSON object";
  if (typeof run.started !== "string" || !Number.isFinite(Date.parse(run.started))) return 'it has no "started" time';
  if (!Array.isArray(run.tasks)) return 'it has no "tasks" list';
  return undefined;
}

/** The runs of DIR/wall.json and DIR/wall/*.json, sorted by start; damaged files skipped with `warn`. */
function readRuns(dir, warn) {
  const runs = [];
  const parse = (file) => {
    try {
      return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
      warn(`results-table.js: warning: ${file} is not valid JSON (${err.message.split("\n")[0]}): skipped (fix or delete it)`);
      return undefined;
    }
  };
  const add = (file, run, what) => {
    const problem = notAnEntry(run);
    if (problem) warn(`results-table.js: warning: ${file}${what} is not a wall-time entry, ${problem}: skipped (fix or delete it)`);
    else runs.push(run);
  };
  const legacy = path.join(dir, "wall.json");
  if (fs.existsSync(legacy)) {
    const log = parse(legacy);
    if (log !== undefined && !Array.isArray(log?.runs)) warn(`results-table.js: warning: ${legacy} has no "runs" list: skipped (fix or delete it)`);
    else if (log !== undefined) log.runs.forEach((run, i) => add(legacy, run, ` (run ${i + 1})`));
  }
  const perRun = path.join(dir, "wall");
  for (const name of fs.existsSync(perRun) ? fs.readdirSync(perRun).filter((f) => f.endsWith(".json")).sort() : []) {
    const run = parse(path.join(perRun, name));
    if (run !== undefined) add(path.join(perRun, name), run, "");
  }
  return runs.sort((a, b) => Date.parse(a.started) - Date.parse(b.started) || String(a.id ?? "").localeCompare(String(b.id ?? "")));
}

/** A time typed to the second (by hand, "09:59:01Z") stands for that whole second: the milliseconds its window
 * reaches past it (1000), or 1 for a time with milliseconds (so the window ends at it, inclusive). */
const wholeSecond = (iso) => (/:\d\d(Z|[+-]\d\d:?\d\d)?$/.test(iso) ? 1000 : 1);

/** The 1-minute load part of a run's line. */
function loadText(run, handMade) {
  const ones = (run.load ?? []).map((l) => Number(String(l).split(" ")[1])).filter(Number.isFinite).sort((a, b) => a - b);
  if (!ones.length) return "";
  const n = `${ones.length} sample${ones.length === 1 ? "" : "s"}`;
  const samples = handMade ? `${n} a minute apart` : `${n} between its start and its end`;
  const cores = run.cores !== undefined ? `${run.cores} cores` : "2 cores shared with other jobs";
  return `; 1-minute load average ${ones[0].toFixed(1)}-${ones[ones.length - 1].toFixed(1)} (median ${ones[Math.floor(ones.length / 2)].toFixed(1)}, ${samples}) on ${cores}`;
}

/** The wall-time lines of DIR for the complete records `done`; warnings (skipped files) go to `warn`. */
function wallLines(dir, done, warn) {
  const out = [];
  const spans = [];
  for (const run of readRuns(dir, warn)) {
    const handMade = run.pid === undefined && run.cores === undefined;
    const started = Date.parse(run.started);
    const endText = run.finished ?? (handMade ? undefined : run.updated);
    const end = endText !== undefined ? Date.parse(endText) : Infinity;
    const ranIds = Array.isArray(run.ran) ? new Set(run.ran) : undefined;
    const mine = done.filter((r) => {
      const id = jobIdOf(r);
      const ofRun = ranIds ? ranIds.has(id) : run.jobs ? run.jobs.includes(id) : run.tasks.includes(r.task);
      const at = Date.parse(r.finishedAt);
      return ofRun && at >= started && (end === Infinity || at < end + wholeSecond(endText));
    });
    const jobs = run.jobsRun ?? mine.length;
    if (jobs === 0 || (end === Infinity && mine.length === 0)) continue;
    const span = [started, end === Infinity ? Math.max(...mine.map((r) => Date.parse(r.finishedAt))) : end];
    spans.push(span);
    const minutes = (span[1] - span[0]) / 60000;
    const trainMinutes = (mine.reduce((sum, r) => sum + (r.trainSeconds ?? 0), 0) / 60).toFixed(1);
    const replaced = jobs - mine.length;
    const stored = replaced <= 0 ? "" : mine.length === 0 ? ` (none of them still stored: later runs replaced ${jobs === 1 ? "it" : "them"})` : ` (${mine.length} of them still stored: later runs replaced the other ${replaced})`;
    const training =
      replaced <= 0
        ? `the jobs' own training seconds sum to ${trainMinutes} minutes`
        : mine.length === 0
          ? "no training seconds (none of its records is stored)"
          : `the ${mine.length} stored job${mine.length === 1 ? "'s" : "s'"} own training seconds sum to ${trainMinutes} minutes`;
    const stop = run.signal === undefined || run.signal === "SIGINT" ? "Ctrl-C" : run.signal;
    const until = run.finished
      ? `its end${run.interrupted ? ` (interrupted by ${stop})` : ""}`
      : endText !== undefined
        ? "its last update (killed before it could record its end)"
        : "its last finished run";
    out.push(`- \`${run.command}\`: ${jobs} job${jobs === 1 ? "" : "s"}${stored}, ${minutes.toFixed(1)} minutes of wall time from its start to ${until}${loadText(run, handMade)}; ${training}.`);
  }
  // Runs may overlap (a cheap job beside a long one, workers sharing a folder): the union of their spans, not the sum.
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [from, to] = spans[0] ?? [0, 0];
  for (const [start, end] of spans.slice(1)) {
    if (start > to) [total, from, to] = [total + (to - from), start, end];
    else to = Math.max(to, end);
  }
  total += to - from;
  if (spans.length > 0) out.push(`- Wall time of the runs above together (overlaps counted once): ${(total / 60000).toFixed(1)} minutes.`);
  return out;
}

module.exports = { wallLines, readRuns, jobIdOf };
