#!/usr/bin/env node
// Measure what the full-scale IMDB task costs before running it (hours on 2 cores): time a few training batches and
// one prediction batch of the full spec (builtinSuite("full"): maxLen 400, vocabulary 20k, the tuned bidirectional
// max-pooled read-out, 64-unit LSTM budget) per cell, on token ids of the spec's shape (reviews of 60-560 tokens,
// pre-padded: the recurrent layers run all maxLen steps whatever the ids, so the cost does not depend on the words),
// and project one run (epochs x (22,500 training + 2,500 validation reviews) + 25,000 test reviews) and the task.
// Both the wall time at the machine's load of the moment and the process's CPU time (summed over its threads: the
// wasm backend may use more than one) are reported, with the load average at the end of the measurement.
//   node scripts/imdb-full-cost.js [--batches 4] [--json docs/imdb-full-cost.json] [--readme]
// --readme writes the README block `imdb-full-cost` from the JSON (scripts/readme-block.js). Run after a build.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { parseArgs } = require("util");
const { replaceReadmeBlock } = require("./readme-block");

const root = path.resolve(__dirname, "..");
const { values } = parseArgs({ options: { batches: { type: "string", default: "4" }, json: { type: "string", default: "docs/imdb-full-cost.json" }, readme: { type: "boolean", default: false }, "readme-only": { type: "boolean", default: false } } });
const TRAIN = 22500; // 25,000 training reviews less the 10% validation hold-out
const VALIDATION = 2500;
const TEST = 25000;

async function measure() {
  const dist = path.join(root, "dist", "lib");
  const tf = require(require.resolve("@tensorflow/tfjs", { paths: [root] }));
  const { initBackend } = require(path.join(dist, "backend"));
  const { builtinSuite } = require(path.join(dist, "experiments", "specs"));
  const { buildSentimentClassifier } = require(path.join(dist, "models", "classifier"));
  const { classifierUnits } = require(path.join(dist, "experiments", "sentiment-task"));
  const { trainModel } = require(path.join(dist, "train", "fit"));
  const backend = await initBackend({ quiet: true });
  const suite = builtinSuite("full");
  const task = suite.tasks.find((t) => t.name === "imdb");
  const batchSize = task.training.batchSize;
  const n = batchSize * Number(values.batches);
  let state = 7;
  const uniform = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const ids = new Int32Array(n * task.maxLen);
  for (let i = 0; i < n; i++) {
    const length = Math.min(task.maxLen, Math.floor(60 + uniform() * 500));
    for (let j = task.maxLen - length; j < task.maxLen; j++) ids[i * task.maxLen + j] = 2 + Math.floor(uniform() * (task.vocabSize - 2));
  }
  const x = tf.tensor2d(ids, [n, task.maxLen], "int32");
  const y = tf.tensor2d(Float32Array.from({ length: n }, () => (uniform() < 0.5 ? 1 : 0)), [n, 1]);
  const cells = [];
  for (const cell of suite.cells) {
    const options = task.modelOptions?.[cell] ?? {};
    const shape = { vocabSize: task.vocabSize, maxLen: task.maxLen, embeddingDim: task.embeddingDim, bidirectional: options.bidirectional ?? task.bidirectional };
    const units = classifierUnits(cell, task.model, shape);
    const model = buildSentimentClassifier(cell, { ...shape, units, readout: options.readout ?? "last", seed: 1 });
    const cpu0 = process.cpuUsage();
    const result = await trainModel(model, { x, y }, undefined, { loss: "binaryCrossentropy", epochs: 1, batchSize, learningRate: task.training.learningRate, patience: 1, progress: false });
    const cpuTrain = process.cpuUsage(cpu0);
    const probe = x.slice(0, Math.min(n, 256));
    const cpu1 = process.cpuUsage();
    const started = performance.now();
    const p = model.predict(probe, { batchSize: 256 });
    p.dataSync();
    const predictWall = (performance.now() - started) / 1000 / probe.shape[0];
    const cpuPredict = process.cpuUsage(cpu1);
    tf.dispose([p, probe]);
    const perSequence = { trainWall: result.trainSeconds / n, trainCpu: (cpuTrain.user + cpuTrain.system) / 1e6 / n, predictWall, predictCpu: (cpuPredict.user + cpuPredict.system) / 1e6 / Math.min(n, 256) };
    const minutes = (train, predict, epochs) => (epochs * (TRAIN * train + VALIDATION * predict) + TEST * predict) / 60;
    cells.push({
      cell, units, params: model.countParams(),
      trainSequencesPerSecond: { wall: 1 / perSequence.trainWall, cpu: 1 / perSequence.trainCpu },
      epochMinutes: { wall: minutes(perSequence.trainWall, perSequence.predictWall, 1) - (TEST * perSequence.predictWall) / 60, cpu: minutes(perSequence.trainCpu, perSequence.predictCpu, 1) - (TEST * perSequence.predictCpu) / 60 },
      runMinutesAtMaxEpochs: { wall: minutes(perSequence.trainWall, perSequence.predictWall, task.training.epochs), cpu: minutes(perSequence.trainCpu, perSequence.predictCpu, task.training.epochs) },
    });
    model.dispose();
    console.log(JSON.stringify(cells[cells.length - 1]));
  }
  tf.dispose([x, y]);
  return {
    measuredAt: new Date().toISOString(), backend, node: process.version, cpu: `${os.cpus().length} x ${os.cpus()[0]?.model ?? "unknown"}`,
    loadAverage: os.loadavg().map((v) => Number(v.toFixed(2))), batches: Number(values.batches), batchSize,
    spec: { maxLen: task.maxLen, vocabSize: task.vocabSize, embeddingDim: task.embeddingDim, maxEpochs: task.training.epochs, patience: task.training.patience, seeds: suite.seeds.length, readout: task.modelOptions?.lstm?.readout, bidirectional: task.modelOptions?.lstm?.bidirectional },
    cells,
  };
}

function readmeText(r) {
  const sum = (key) => r.cells.reduce((s, c) => s + c.runMinutesAtMaxEpochs[key], 0);
  const f = (v) => v.toFixed(1);
  const lines = [
    `Written by \`node scripts/imdb-full-cost.js --readme-only\` from \`${values.json}\` (measured ${r.measuredAt.slice(0, 16)} UTC by \`node scripts/imdb-full-cost.js --batches ${r.batches}\`: ${r.batches} training batches of ${r.batchSize} and one prediction batch per cell, ${r.backend}, ${r.cpu}, load average ${r.loadAverage.join(" / ")} at its end). Wall minutes are elapsed time at the load of the measurement; CPU minutes are the process's CPU time summed over its threads.`,
    "",
    `| cell | units | params | training reviews / s, wall (CPU) | minutes per epoch, wall (CPU) | one run at ${r.spec.maxEpochs} epochs, wall minutes (CPU) |`,
    "|---|---|---|---|---|---|",
    ...r.cells.map((c) => `| ${c.cell.toUpperCase()} | ${c.units} | ${c.params} | ${f(c.trainSequencesPerSecond.wall)} (${f(c.trainSequencesPerSecond.cpu)}) | ${f(c.epochMinutes.wall)} (${f(c.epochMinutes.cpu)}) | ${f(c.runMinutesAtMaxEpochs.wall)} (${f(c.runMinutesAtMaxEpochs.cpu)}) |`),
    "",
    `The whole task (3 cells x ${r.spec.seeds} seeds one after another, every run to its ${r.spec.maxEpochs}-epoch limit; early stopping after ${r.spec.patience} epochs without a better validation loss shortens a run): about ${f((sum("wall") * r.spec.seeds) / 60)} hours of wall time at the load of the measurement (${f((sum("cpu") * r.spec.seeds) / 60)} CPU hours); one seed of the three cells about ${f(sum("wall") / 60)} hours.`,
  ];
  return lines.join("\n");
}

(async () => {
  const file = path.resolve(root, values.json);
  let result;
  if (values["readme-only"]) {
    result = JSON.parse(fs.readFileSync(file, "utf8"));
  } else {
    result = await measure();
    fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
    fs.renameSync(`${file}.tmp`, file);
    console.log(`wrote ${values.json}`);
  }
  if (values.readme || values["readme-only"]) replaceReadmeBlock("imdb-full-cost", readmeText(result));
})().catch((error) => {
  console.error(`imdb-full-cost: ${error.message}`);
  process.exit(1);
});
