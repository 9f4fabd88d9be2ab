#!/usr/bin/env node
// Compare the read-outs of the `sentiment` command's cells on a user's CSV, on validation data: last state vs max
// pooling over the unpadded steps, each cell and seed, with the command's own task (userSentimentTask at --scale
// quick: balanced class weights, validation threshold). Prints one JSON line per run: the best validation loss, the
// validation accuracy at the validation-chosen threshold (what a choice may read) and the test accuracy beside it.
//   node scripts/user-sentiment-readouts.js FILE.csv [SEEDS=1,2] [TEXT=text] [LABEL=label]   (after a build)
// docs/tuning/user-sentiment-75-25-quick.jsonl is its output on the 75/25 set of docs/tuning-log.md.
"use strict";
const path = require("path");
const dist = path.resolve(__dirname, "..", "dist", "lib");
const { initBackend } = require(path.join(dist, "backend"));
const { userSentimentTask } = require(path.join(dist, "experiments", "specs"));
const { prepareSentiment, runSentimentJob } = require(path.join(dist, "experiments", "sentiment-task"));

(async () => {
  const [csv, seedList = "1,2", text = "text", label = "label"] = process.argv.slice(2);
  if (!csv) throw new Error("usage: node scripts/user-sentiment-readouts.js FILE.csv [SEEDS] [TEXT] [LABEL]");
  await initBackend({ quiet: true });
  const base = userSentimentTask({ csv, text, label }, { maxLen: 100, vocabSize: 10000 }, "quick");
  for (const [variant, options] of Object.entries({ last: { readout: "last" }, max: { readout: "max" } })) {
    const task = { ...base, modelOptions: { rnn: options, lstm: options, gru: options } };
    const prepared = prepareSentiment(task);
    for (const cell of ["rnn", "lstm", "gru"]) {
      for (const seed of seedList.split(",").map(Number)) {
        const r = await runSentimentJob(prepared, { task: task.name, model: cell, seed });
        const valLoss = Math.min(...r.history.map((h) => h.valLoss));
        console.log(JSON.stringify({ variant, cell, seed, valLoss: +valLoss.toFixed(4), valAcc: r.metrics.validationAccuracy, testAcc: r.metrics.accuracy, auc: +r.metrics.rocAuc.toFixed(3), thr: +r.metrics.threshold.toFixed(3), best: r.bestEpoch, s: +r.trainSeconds.toFixed(1) }));
      }
    }
  }
})().catch((error) => {
  console.error(`user-sentiment-readouts: ${error.message}`);
  process.exit(1);
});
