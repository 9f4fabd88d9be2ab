// Write the README's forecasting / sentiment results tables from a suite's result files (never by hand):
//   node scripts/results-table.js [--results results/quick] [--block results-quick]
//   node scripts/results-table.js --results results/full --block results-full
// reads DIR/summary.json and each task's DIR/runs/<task>/task.json (the practices each model ran with), and
// replaces the README block `<!-- generated:BLOCK -->` ... `<!-- /generated:BLOCK -->` (scripts/readme-block.js).
// Cells: mean ± sample standard deviation over seeds ([n=k] when fewer seeds than the scale's ran). The target lines
// below the tables are computed from the same numbers (issue 12's targets for the summary's scale). A suite with
// jobs still missing (summary.missing, e.g. a run with --only or one stopped early) is labelled partial, with the
// jobs that ran and those that did not. From DIR/wall/*.json (one file per `rnn-workbook reproduce` that trained a job,
// lib/experiments/wall-log.ts) and the older DIR/wall.json (entries by hand and by earlier versions), each run's
// wall time, its load averages and its own jobs' summed training seconds are stated as well (scripts/wall-lines.js).
// `--readme FILE` fills the block in FILE instead of README.md.
//   node scripts/results-table.js --user DIR,DIR --block BLOCK
// writes one row per `rnn-workbook sentiment` output folder (DIR/results.json): the cells' test accuracy against the
// majority class and bag-of-words, with the commit that made the runs and whether every cell beats the majority.
"use strict";
const fs = require("fs");
const path = require("path");
const { parseArgs } = require("util");
const { replaceReadmeBlock } = require("./readme-block");
const { wallLines } = require("./wall-lines");

const { values } = parseArgs({
  options: { results: { type: "string", default: "results/quick" }, block: { type: "string", default: "results-quick" }, user: { type: "string" }, readme: { type: "string" } },
});
// --readme FILE fills the block in another file (the tests'); the default is the repository's README.md.
const readmeFile = values.readme ? path.resolve(values.readme) : undefined;
if (values.user) {
  userSentimentBlock(values.user.split(","));
  process.exit(0);
}
const dir = path.resolve(values.results);
const summary = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8"));
const CELLS = ["rnn", "lstm", "gru"];
const SEEDS = { tiny: 1, quick: 2, full: 3 }[summary.scale] ?? 1;
const digits = (v) => (Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3);
const fmt = (s) =>
  s ? `${s.mean.toFixed(digits(s.mean))}${s.n > 1 ? ` ± ${s.std.toFixed(digits(s.mean))}` : ""}${s.n < SEEDS ? ` [n=${s.n}]` : ""}` : "-";
const byModel = (t, m) => t.models.find((x) => x.model === m);
const metric = (t, m) => byModel(t, m)?.metrics[t.primaryMetric];

function practice(taskName, model) {
  const file = path.join(dir, "runs", taskName, "task.json");
  if (!fs.existsSync(file)) return "-";
  const task = JSON.parse(fs.readFileSync(file, "utf8"));
  const o = task.modelOptions?.[model];
  if (task.kind === "forecast") {
    if (!o) return "plain";
    const parts = [];
    if (o.reference && o.reference !== "none") parts.push(o.reference);
    if (o.linearSkip > 0) parts.push(`${o.skipTrainable === false ? "frozen " : ""}${o.skipInit === "least-squares" ? "LS " : ""}skip ${o.linearSkip}`);
    return parts.length ? parts.join(" + ") : "plain";
  }
  const bi = o?.bidirectional ?? task.bidirectional;
  return `${bi ? "bi, " : ""}${o?.readout ?? "last"}${o?.embeddingDropout ? `, dropout ${o.embeddingDropout}` : ""}`;
}

/** Every stored run record under DIR/runs (complete ones only). */
function records() {
  const out = [];
  const runs = path.join(dir, "runs");
  for (const task of fs.existsSync(runs) ? fs.readdirSync(runs) : []) {
    for (const file of fs.readdirSync(path.join(runs, task))) {
      if (!/-seed\d+\.json$/.test(file)) continue;
      const record = JSON.parse(fs.readFileSync(path.join(runs, task, file), "utf8"));
      if (record.complete === true) out.push(record);
    }
  }
  return out;
}

/** What ran (partial or not), the wall time and load, the summed training seconds. */
function runLines() {
  const out = [];
  const done = records().filter((r) => summary.tasks.some((t) => t.task === r.task));
  const byTask = new Map();
  for (const job of summary.missing) {
    const [task, model, seed] = job.split("/");
    if (!byTask.has(task)) byTask.set(task, []);
    byTask.get(task).push(`${model} ${seed}`);
  }
  const ran = summary.tasks.map((t) => `${t.task} (${done.filter((r) => r.task === t.task).length})`).join(", ");
  // Tasks of the built-in suite at this scale that the summary does not hold at all (a run with --only), from dist/.
  let absent = "";
  try {
    const { builtinSuite, suiteJobs } = require(path.resolve(__dirname, "..", "dist", "lib", "experiments", "specs.js"));
    const jobs = suiteJobs(builtinSuite(summary.scale)).filter((j) => !summary.tasks.some((t) => t.task === j.task) && !summary.missing.some((m) => m.startsWith(`${j.task}/`)));
    const tasks = [...new Set(jobs.map((j) => j.task))];
    if (tasks.length) absent = `; not in this summary at all (not run): ${tasks.map((t) => `${t} (${jobs.filter((j) => j.task === t).length} jobs)`).join(", ")}`;
  } catch {
    /* not built: the summary's own missing list is all there is */
  }
  if (summary.missing.length > 0 || absent) {
    const notRun = [...byTask].map(([task, jobs]) => (summary.tasks.some((t) => t.task === task) ? `${task}: ${jobs.join(", ")}` : `${task}: all ${jobs.length} jobs`)).join("; ");
    out.push(`**Partial suite**: ${done.length} jobs ran (runs per task: ${ran})${notRun ? `; not run: ${notRun}` : ""}${absent}.`);
  } else {
    out.push(`${done.length} jobs (runs per task: ${ran}).`);
  }
  out.push(...wallLines(dir, done, (line) => process.stderr.write(`${line}\n`)));
  out.push("");
  return out;
}

const forecast = summary.tasks.filter((t) => t.kind === "forecast");
const sentiment = summary.tasks.filter((t) => t.kind === "sentiment");
const lines = [];
lines.push(`Written by \`node scripts/results-table.js --results ${values.results} --block ${values.block}\` from \`${path.relative(process.cwd(), path.join(dir, "summary.json"))}\` (${summary.scale} scale, ${summary.createdAt}, ${summary.backend}, ${summary.machine}).`);
lines.push("");
lines.push(...runLines());
if (forecast.length) {
  lines.push("Forecasting, test MASE (below 1 beats the in-sample seasonal naive; lower is better). Practice per network in brackets (reference, frozen least-squares linear skip), chosen on validation (docs/tuning-log.md):");
  lines.push("");
  lines.push("| task | RNN | LSTM | GRU | MLP | naive | seasonal naive | linear AR | params (RNN / LSTM / GRU / MLP) | train s (RNN / LSTM / GRU / MLP) |");
  lines.push("|---|---|---|---|---|---|---|---|---|---|");
  for (const t of forecast) {
    const nets = [...CELLS, "mlp"];
    const cell = (m) => (byModel(t, m) ? `${fmt(metric(t, m))} (${practice(t.task, m)})` : "-");
    const params = nets.map((m) => byModel(t, m)?.params ?? "-").join(" / ");
    const secs = nets.map((m) => (byModel(t, m) ? byModel(t, m).trainSeconds.mean.toFixed(1) : "-")).join(" / ");
    lines.push(`| ${t.task} | ${nets.map(cell).join(" | ")} | ${["naive", "seasonal-naive", "linear-ar"].map((m) => fmt(metric(t, m))).join(" | ")} | ${params} | ${secs} |`);
  }
  lines.push("");
}
if (sentiment.length) {
  lines.push("Sentiment, test accuracy (higher is better), read-out per cell in brackets:");
  lines.push("");
  lines.push("| task | RNN | LSTM | GRU | majority | bag-of-words | params (RNN / LSTM / GRU) | train s (RNN / LSTM / GRU) |");
  lines.push("|---|---|---|---|---|---|---|---|");
  for (const t of sentiment) {
    const cell = (m) => (byModel(t, m) ? `${fmt(metric(t, m))} (${practice(t.task, m)})` : "-");
    const params = CELLS.map((m) => byModel(t, m)?.params ?? "-").join(" / ");
    const secs = CELLS.map((m) => (byModel(t, m) ? byModel(t, m).trainSeconds.mean.toFixed(1) : "-")).join(" / ");
    lines.push(`| ${t.task} | ${CELLS.map(cell).join(" | ")} | ${fmt(metric(t, "majority"))} | ${fmt(metric(t, "bow-logistic"))} | ${params} | ${secs} |`);
  }
  lines.push("");
}
// The targets of issue 12 at this scale, checked on these numbers.
const verdict = (ok) => (ok ? "met" : "**missed**");
const targets = summary.scale === "full" ? fullTargets() : quickTargets();
if (targets.length) lines.push(`${summary.scale === "full" ? "Full" : "Quick"}-scale targets (issue 12), on these numbers:`, "", ...targets);

function quickTargets() {
  const targets = [];
  for (const t of forecast) {
    const sn = metric(t, "seasonal-naive");
    if (!sn || t.task === "sp500") continue;
    const losers = CELLS.filter((m) => metric(t, m) && metric(t, m).mean >= sn.mean);
    targets.push(`- ${t.task}: every cell beats the seasonal naive (${sn.mean.toFixed(3)}): ${verdict(losers.length === 0)}${losers.length ? ` (not: ${losers.join(", ")})` : ""}`);
  }
  const gatedBest = (t) => Math.min(...["lstm", "gru"].map((m) => metric(t, m)?.mean ?? Infinity));
  const e1 = forecast.find((t) => t.task === "electricity-1step");
  if (e1 && metric(e1, "linear-ar")) targets.push(`- electricity-1step: the best gated cell (${gatedBest(e1).toFixed(4)}) beats the linear AR (${metric(e1, "linear-ar").mean.toFixed(4)}): ${verdict(gatedBest(e1) < metric(e1, "linear-ar").mean)}`);
  const imdb = sentiment.find((t) => t.task === "imdb");
  if (imdb && metric(imdb, "bow-logistic")) {
    const best = Math.max(...["lstm", "gru"].map((m) => metric(imdb, m)?.mean ?? -Infinity));
    targets.push(`- imdb: the best gated cell (${best.toFixed(3)}) beats bag-of-words (${metric(imdb, "bow-logistic").mean.toFixed(3)}): ${verdict(best > metric(imdb, "bow-logistic").mean)}`);
  }
  return targets;
}

/** Full scale: LSTM and GRU beat the linear AR and the seasonal naive on three series (mean over >= 3 seeds); on IMDB
 * they reach 0.88 accuracy and the vanilla RNN stays below both. */
function fullTargets() {
  const out = [];
  const enough = (s) => s && s.n >= 3;
  for (const name of ["electricity-1step", "electricity-48step", "births"]) {
    const t = forecast.find((x) => x.task === name);
    if (!t) {
      out.push(`- ${name}: not run`);
      continue;
    }
    for (const cell of ["lstm", "gru"]) {
      const m = metric(t, cell);
      const ar = metric(t, "linear-ar");
      const sn = metric(t, "seasonal-naive");
      if (!m || !ar || !sn) {
        out.push(`- ${name} ${cell.toUpperCase()}: not run`);
        continue;
      }
      const ok = m.mean < ar.mean && m.mean < sn.mean;
      const seeds = enough(m) ? "" : ` (only ${m.n} seed${m.n === 1 ? "" : "s"}: not established)`;
      out.push(`- ${name}: ${cell.toUpperCase()} ${m.mean.toFixed(4)} vs linear AR ${ar.mean.toFixed(4)} and seasonal naive ${sn.mean.toFixed(4)}: ${verdict(ok)}${seeds}`);
    }
  }
  const t = sentiment.find((x) => x.task === "imdb");
  if (!t || !["rnn", "lstm", "gru"].some((m) => metric(t, m))) {
    out.push("- imdb: LSTM and GRU >= 0.88, the RNN below them: **not run** at full scale");
  } else {
    for (const cell of ["lstm", "gru"]) {
      const m = metric(t, cell);
      out.push(`- imdb: ${cell.toUpperCase()} accuracy >= 0.88: ${m ? `${m.mean.toFixed(3)}, ${verdict(m.mean >= 0.88)}${enough(m) ? "" : ` (${m.n} seed${m.n === 1 ? "" : "s"}: not established)`}` : "**not run**"}`);
    }
    const rnn = metric(t, "rnn");
    const gated = ["lstm", "gru"].map((c) => metric(t, c)).filter(Boolean);
    if (rnn && gated.length) out.push(`- imdb: the RNN (${rnn.mean.toFixed(3)}) below the gated cells (${gated.map((g) => g.mean.toFixed(3)).join(", ")}): ${verdict(gated.every((g) => rnn.mean < g.mean))}${[rnn, ...gated].every(enough) ? "" : ` (fewer than 3 seeds: not established)`}`);
    else out.push("- imdb: the RNN below the gated cells: **not run**");
  }
  return out;
}
replaceReadmeBlock(values.block, lines.join("\n"), readmeFile);
console.log(lines.join("\n"));

/** One row per `rnn-workbook sentiment` folder: cells vs majority class (issue 12: the cells beat it on an imbalanced set). */
function userSentimentBlock(dirs) {
  const fmt3 = (m) => (m ? `${m.mean.toFixed(4)}${m.n > 1 ? ` ± ${m.std.toFixed(4)}` : ""}` : "-");
  const lines = [
    `Written by \`node scripts/results-table.js --user ${dirs.join(",")} --block ${values.block}\` from each folder's results.json. Test accuracy, mean ± std over seeds.`,
    "",
    "| run (commit) | data | seeds | RNN | LSTM | GRU | majority | bag-of-words | every cell beats the majority |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const d of dirs) {
    const r = JSON.parse(fs.readFileSync(path.join(d, "results.json"), "utf8"));
    const acc = (model) => r.summary.models.find((m) => m.model === model)?.metrics.accuracy;
    const majority = acc("majority");
    const cells = ["rnn", "lstm", "gru"].map(acc);
    const ok = majority && cells.every((c) => c && c.mean > majority.mean);
    const seeds = Math.max(...cells.map((c) => c?.n ?? 0));
    lines.push(`| ${d} (${(r.provenance?.gitCommit ?? "?").slice(0, 7)}) | ${path.basename(r.data.csv)}, ${r.scale} scale | ${seeds} | ${cells.map(fmt3).join(" | ")} | ${fmt3(majority)} | ${fmt3(acc("bow-logistic"))} | ${ok ? "yes" : "**no**"} |`);
  }
  replaceReadmeBlock(values.block, lines.join("\n"), readmeFile);
  console.log(lines.join("\n"));
}
