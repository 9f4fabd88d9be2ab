// Write a README results table from a suite's summary.json (what `rnn-workbook reproduce` wrote), between
// `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`, so the README's numbers come from the result files.
//   node scripts/readme-results.js results/quick/summary.json text-results-quick [--kinds language-model,seq2seq]
// Language-model tasks get one row (bpc); seq2seq tasks one row per error rate, each cell without and with attention.
"use strict";
const fs = require("fs");
const { replaceReadmeBlock } = require("./readme-block");

const CELLS = ["rnn", "lstm", "gru"];

function fmt(value) {
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(3);
  return value.toFixed(4);
}

const spread = (s) => (s === undefined ? "" : s.n > 1 && s.std > 0 ? `${fmt(s.mean)} ± ${fmt(s.std)}` : fmt(s.mean));
const byName = (task, name) => task.models.find((m) => m.model === name);
const direction = (task) => (task.lowerIsBetter ? "lower is better" : "higher is better");

function bestBaseline(task, metric) {
  const baselines = task.models.filter((m) => !CELLS.includes(m.model) && !m.model.endsWith("+attention") && m.metrics[metric]);
  if (baselines.length === 0) return "";
  const best = baselines.reduce((a, b) => ((task.lowerIsBetter ? b.metrics[metric].mean < a.metrics[metric].mean : b.metrics[metric].mean > a.metrics[metric].mean) ? b : a));
  return `${best.model} ${fmt(best.metrics[metric].mean)}`;
}

const perCell = (task, names, pick) => names.map((n) => (byName(task, n) ? pick(byName(task, n)) : "")).join(" / ");

function languageModelTable(tasks) {
  const lines = [
    "| task (metric) | RNN | LSTM | GRU | best baseline | params (RNN / LSTM / GRU) | train s (RNN / LSTM / GRU) |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const task of tasks) {
    const metric = task.primaryMetric;
    const cells = CELLS.map((c) => spread(byName(task, c)?.metrics[metric]));
    lines.push(
      `| ${task.task} (${metric}, ${direction(task)}) | ${cells.join(" | ")} | ${bestBaseline(task, metric)} | ${perCell(task, CELLS, (m) => m.params ?? "")} | ${perCell(task, CELLS, (m) => m.trainSeconds.mean.toFixed(1))} |`,
    );
  }
  return lines;
}

function seq2seqTable(tasks) {
  const attention = CELLS.map((c) => `${c}+attention`);
  const lines = [
    "| task (metric) | RNN | LSTM | GRU | RNN + attention | LSTM + attention | GRU + attention | train s (same order) |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const task of tasks) {
    for (const metric of Object.keys(task.models[0]?.metrics ?? {})) {
      const cells = [...CELLS, ...attention].map((c) => spread(byName(task, c)?.metrics[metric]));
      lines.push(`| ${task.task} (${metric}, ${direction(task)}) | ${cells.join(" | ")} | ${perCell(task, [...CELLS, ...attention], (m) => m.trainSeconds.mean.toFixed(0))} |`);
    }
  }
  return lines;
}

function main(argv) {
  const [summaryFile, block] = argv;
  const kindsAt = argv.indexOf("--kinds");
  const kinds = kindsAt >= 0 ? argv[kindsAt + 1].split(",") : ["language-model", "seq2seq"];
  if (!summaryFile || !block) throw new Error("usage: node scripts/readme-results.js SUMMARY.json BLOCK-NAME [--kinds KIND,...]");
  const summary = JSON.parse(fs.readFileSync(summaryFile, "utf8"));
  const tasks = summary.tasks.filter((t) => kinds.includes(t.kind));
  if (tasks.length === 0) throw new Error(`${summaryFile} has no task of kind ${kinds.join(", ")}: run rnn-workbook reproduce first`);
  const lines = [`Written by \`node scripts/readme-results.js ${summaryFile} ${block}\` from a ${summary.scale}-scale run (${summary.backend}; ${summary.machine}; ${summary.createdAt.slice(0, 10)}). Mean ± std over seeds.`, ""];
  const lm = tasks.filter((t) => t.kind === "language-model");
  const s2s = tasks.filter((t) => t.kind === "seq2seq");
  if (lm.length > 0) lines.push(...languageModelTable(lm), "");
  if (s2s.length > 0) lines.push(...seq2seqTable(s2s), "");
  if (summary.missing.length > 0) {
    // Name the tasks with jobs still to run (job ids are task/model/seed), so a partial table says what it lacks.
    const byTask = new Map();
    for (const id of summary.missing) byTask.set(id.split("/")[0], (byTask.get(id.split("/")[0]) ?? 0) + 1);
    const listed = [...byTask].map(([task, n]) => `${task} (${n})`).join(", ");
    lines.push(`Partial: ${summary.missing.length} job(s) had not finished, by task: ${listed}.`, "");
  }
  replaceReadmeBlock(block, lines.join("\n"));
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(`readme-results: ${error.message}`);
  process.exit(1);
}
