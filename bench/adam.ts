/**
 * A/B of the optimizer step inside one process: tf.train.adam against the fused Adam (lib/train/fused-adam.ts)
 * on the trainable variables of the two `--profile` jobs (forecast: LSTM 32; IMDB: embedding 10000 x 32 + LSTM 32),
 * with fixed random gradients, alternating rounds of each so that load from other processes falls on both alike.
 *   node dist/bench/adam.js [rounds]
 * Prints milliseconds per optimizer step (median over rounds) by wall clock and by CPU time of the process.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/backend";
import { buildSentimentClassifier } from "../lib/models/classifier";
import { buildForecaster } from "../lib/models/forecaster";
import { createAdam } from "../lib/train/fused-adam";
import { cpuSeconds, median } from "./timing";

const cpuMs = () => cpuSeconds() * 1e3;

async function main(): Promise<void> {
  await initBackend({ quiet: true });
  if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend could not be set");
  const rounds = Number(process.argv[2] ?? 7);
  const jobs = {
    forecast: buildForecaster("lstm", { lookback: 48, features: 1, units: 32, seed: 1 }),
    imdb: buildSentimentClassifier("lstm", { vocabSize: 10000, maxLen: 120, embeddingDim: 32, units: 32, seed: 1 }),
  };
  for (const [name, model] of Object.entries(jobs)) {
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const grads = variables.map((v, i) => tf.randomNormal(v.shape, 0, 1e-2, "float32", 10 + i));
    const named = variables.map((v, i) => ({ name: v.name, tensor: grads[i] }));
    const optimizers = { "tf.train.adam": tf.train.adam(1e-3), "fused adam": createAdam(1e-3) };
    const times: Record<string, { wall: number[]; cpu: number[] }> = {};
    const steps = 50;
    for (let r = 0; r < rounds + 1; r++) {
      for (const [label, optimizer] of Object.entries(optimizers)) {
        const w0 = performance.now();
        const c0 = cpuMs();
        for (let s = 0; s < steps; s++) optimizer.applyGradients(named);
        const wall = (performance.now() - w0) / steps;
        const cpu = (cpuMs() - c0) / steps;
        if (r === 0) continue; // warm-up round
        (times[label] ??= { wall: [], cpu: [] }).wall.push(wall);
        times[label].cpu.push(cpu);
      }
    }
    const params = variables.reduce((n, v) => n + v.size, 0);
    console.log(`${name}: ${variables.length} variables, ${params} parameters`);
    for (const [label, t] of Object.entries(times)) {
      console.log(`  ${label.padEnd(14)} ${median(t.wall).toFixed(3)} ms/step wall  ${median(t.cpu).toFixed(3)} ms/step CPU`);
    }
    Object.values(optimizers).forEach((o) => o.dispose());
    tf.dispose(grads);
    model.dispose();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench adam: ${err.message}\n`);
  process.exit(1);
});
