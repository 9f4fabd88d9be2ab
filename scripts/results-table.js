// Write the README's forecasting / sentiment results tables from a suite's result files (never by hand):
//   node scripts/results-table.js [--results results/quick] [--block results-quick]
// reads DIR/summary.json and each task's DIR/runs/<task>/task.json (the practices each model ran with), and
// replaces the README block `<!-- generated:BLOCK -->` ... `<!-- /generated:BLOCK -->` (scripts/readme-block.js).
// Cells: mean ± sample standard deviation over seeds. The target lines below the tables are computed from the
// same numbers (issue 12's quick-scale targets).
"use strict";
const fs = require("fs");
const path = require("path");
const { parseArgs } = require("util");
const { replaceReadmeBlock } = require("./readme-block");

const { values } = parseArgs({ options: { results: { type: "string", default: "results/quick" }, block: { type: "string", default: "results-quick" } } });
const dir = path.resolve(values.results);
const summary = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8"));
const CELLS = ["rnn", "lstm", "gru"];
const digits = (v) => (Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3);
const fmt = (s) => (s ? `${s.mean.toFixed(digits(s.mean))}${s.n > 1 ? ` ± ${s.std.toFixed(digits(s.mean))}` : ""}` : "-");
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

const forecast = summary.tasks.filter((t) => t.kind === "forecast");
const sentiment = summary.tasks.filter((t) => t.kind === "sentiment");
const lines = [];
lines.push(`Written by \`node scripts/results-table.js --results ${values.results}\` from \`${path.relative(process.cwd(), path.join(dir, "summary.json"))}\` (${summary.createdAt}, ${summary.backend}, ${summary.machine}).`);
lines.push("");
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
// The quick-scale targets of issue 12, checked on these numbers.
const verdict = (ok) => (ok ? "met" : "**missed**");
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
if (targets.length) lines.push("Quick-scale targets (issue 12), on these numbers:", "", ...targets);
replaceReadmeBlock(values.block, lines.join("\n"));
console.log(lines.join("\n"));
