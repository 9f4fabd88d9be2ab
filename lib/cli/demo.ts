/**
 * `rnn-workbook demo`: the smallest end-to-end check that the install works: trains each of the
 * three cells for a few steps on a sine-wave forecasting toy and prints the losses.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend";
import { CELL_NAMES } from "../cells/types";
import { recurrentLayer } from "../cells/layer";
import { trainStep } from "../train/fit";
import { formatHelp, parseFlags } from "./common";

const FLAGS = {
  steps: { kind: "int", help: "training steps per cell", default: 20 },
  seed: { kind: "int", help: "random seed", default: 1, min: 0 },
} as const;

export async function demoCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags("demo", argv, FLAGS);
  if (!parsed) {
    console.log(formatHelp("demo", "Train RNN, LSTM and GRU for a few steps on a noisy sine wave.", FLAGS));
    return 0;
  }
  const { steps, seed } = parsed.flags;
  await initBackend();
  const lookback = 20;
  const n = 256;
  const xs = tf.tidy(() => {
    const t = tf.range(0, n * (lookback + 1)).reshape([n, lookback + 1]).add(tf.randomUniform([n, 1], 0, 100, "float32", seed));
    return tf.sin(t.mul(0.2));
  });
  const inputs = xs.slice([0, 0], [n, lookback]).expandDims(2);
  const targets = xs.slice([0, lookback], [n, 1]);
  for (const cell of CELL_NAMES) {
    const model = tf.sequential();
    model.add(recurrentLayer(cell, { units: 16, inputShape: [lookback, 1], seed }));
    model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
    // Full-batch Adam steps through the one training step of lib/train/fit.ts (no clipping, as the toy needs none).
    const optimizer = tf.train.adam(0.01);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const mse = () => tf.losses.meanSquaredError(targets, model.apply(inputs, { training: true }) as tf.Tensor) as tf.Scalar;
    const losses: number[] = [];
    for (let step = 0; step < steps; step++) losses.push(tf.tidy(() => trainStep(optimizer, variables, mse, 0)).loss);
    optimizer.dispose();
    const first = losses[0].toFixed(4);
    const last = losses[losses.length - 1].toFixed(4);
    console.log(`${cell.padEnd(4)} loss ${first} -> ${last} after ${steps} steps`);
    model.dispose();
  }
  tf.dispose([xs, inputs, targets]);
  return 0;
}
