/**
 * Where a training step's time goes: `npm run bench -- --profile` runs this once per job, each in its own
 * process:  node dist/bench/profile.js forecast|imdb|imdb-full-rnn|imdb-full-lstm|imdb-full-gru [quick|full]
 *
 * The step is the one lib/train/fit.ts runs (gather the batch from the dataset tensors, computeGradients of the
 * loss, clip by global norm, Adam), on the wasm backend, with a job's shapes (data are random with those shapes;
 * the arithmetic does not depend on the values, except that subnormal gradients are slow on x86, which is why the
 * full IMDB jobs pre-pad their random reviews as the suite does):
 *   forecast        electricity-1step at quick scale: LSTM 32 units, 48 steps, 1 feature, horizon 1, batch 32, MSE
 *   imdb            IMDB-like: vocabulary 10000, 120 tokens, embedding 32, LSTM 32 units, last state, batch 64
 *   imdb-full-CELL  IMDB at full scale as the suite runs it (imdbFullJobs below), CELL = rnn, lstm or gru
 * Parts (wall clock; the wasm backend runs every op synchronously, so a timer around a call measures it):
 *   recurrent kernel   the fused forward and backward passes (lib/cells/fused fusedTimings)
 *   embedding grad     the UnsortedSegmentSum kernel (the embedding's gradient), timed by wrapping it
 *   head + loss        the dense head and loss, forward and backward, timed alone on a [B, H] input
 *   other tfjs ops     the rest of computeGradients: the embedding lookup, slicing, the gradient tape
 *   optimizer          global-norm clipping and Adam's update (lib/train/fused-adam.ts on wasm, as fit.ts)
 *   batching           index tensor and gather of the batch
 *   bookkeeping        reading the loss and disposing the step's tensors (tidy)
 * The last line of stdout is the result as JSON (bench/index.ts stores it in the bench JSON).
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/backend";
import { fusedTimings } from "../lib/cells/fused";
import { builtinSuite } from "../lib/experiments/specs";
import { classifierUnits } from "../lib/experiments/sentiment-task";
import { buildSentimentClassifier } from "../lib/models/classifier";
import { buildForecaster } from "../lib/models/forecaster";
import { clipByGlobalNorm } from "../lib/train/fit";
import { createAdam } from "../lib/train/fused-adam";

interface Job {
  description: string;
  batch: number;
  examples: number;
  units: number;
  loss: "mse" | "binaryCrossentropy";
  build(): tf.LayersModel;
  data(): { x: tf.Tensor; y: tf.Tensor };
}

const JOBS: Record<string, Job> = {
  forecast: {
    description: "forecast (electricity-1step, LSTM 32, 48 steps, batch 32)",
    batch: 32,
    examples: 2000,
    units: 32,
    loss: "mse",
    build: () => buildForecaster("lstm", { lookback: 48, features: 1, units: 32, seed: 1 }),
    data: () => ({ x: tf.randomNormal([2000, 48, 1], 0, 1, "float32", 1), y: tf.randomNormal([2000, 1], 0, 1, "float32", 2) }),
  },
  imdb: {
    description: "IMDB-like (vocabulary 10000, 120 tokens, embedding 32, LSTM 32, last state, batch 64)",
    batch: 64,
    examples: 5000,
    units: 32,
    loss: "binaryCrossentropy",
    build: () => buildSentimentClassifier("lstm", { vocabSize: 10000, maxLen: 120, embeddingDim: 32, units: 32, seed: 1 }),
    data: () => ({
      x: tf.randomUniform([5000, 120], 1, 10000, "int32", 1),
      y: tf.cast(tf.greater(tf.randomUniform([5000, 1], 0, 1, "float32", 2), 0.5), "float32"),
    }),
  },
  ...imdbFullJobs(),
};

/**
 * The full-scale IMDB jobs as the suite runs them, read from its spec (lib/experiments/specs.ts: vocabulary 20000,
 * 400 tokens, embedding 64, the tuned read-out: bidirectional over the reversed words, max pooling over the real
 * steps; units matched to the LSTM's parameter count, batch 64). Reviews are random ids with random lengths (100-399
 * real words, pre-padded), so the pooling mask and the reversal do their real work.
 */
function imdbFullJobs(): Record<string, Job> {
  const task = builtinSuite("full").tasks.find((t) => t.name === "imdb");
  if (!task || task.kind !== "sentiment") throw new Error("profile: the full suite has no imdb sentiment task");
  const { vocabSize, maxLen, embeddingDim } = task;
  const batch = task.training.batchSize;
  const jobs: Record<string, Job> = {};
  for (const cell of ["rnn", "lstm", "gru"] as const) {
    const choice = task.modelOptions?.[cell] ?? {};
    const bidirectional = choice.bidirectional ?? task.bidirectional;
    const readout = choice.readout ?? "last";
    const units = classifierUnits(cell, task.model, { vocabSize, maxLen, embeddingDim, bidirectional });
    jobs[`imdb-full-${cell}`] = {
      description: `IMDB full (vocabulary ${vocabSize}, ${maxLen} tokens, embedding ${embeddingDim}, ${bidirectional ? "bidirectional " : ""}${cell.toUpperCase()} ${units}, ${readout} read-out, batch ${batch})`,
      batch,
      examples: 1000,
      units: (bidirectional ? 2 : 1) * units,
      loss: "binaryCrossentropy",
      build: () => buildSentimentClassifier(cell, { vocabSize, maxLen, embeddingDim, units, bidirectional, readout, seed: 1 }),
      data: () =>
        tf.tidy(() => {
          const ids = tf.randomUniform([1000, maxLen], 1, vocabSize, "int32", 1);
          const lengths = tf.randomUniform([1000, 1], 100, maxLen, "int32", 3);
          const real = tf.greaterEqual(tf.range(0, maxLen, 1, "int32").expandDims(0), tf.scalar(maxLen, "int32").sub(lengths));
          return {
            x: tf.where(real, ids, tf.zerosLike(ids)),
            y: tf.cast(tf.greater(tf.randomUniform([1000, 1], 0, 1, "float32", 2), 0.5), "float32"),
          };
        }),
    };
  }
  return jobs;
}

function lossOf(kind: Job["loss"], target: tf.Tensor, predicted: tf.Tensor): tf.Scalar {
  if (kind === "mse") return tf.losses.meanSquaredError(target, predicted) as tf.Scalar;
  return tf.mean(tf.metrics.binaryCrossentropy(target, predicted)) as tf.Scalar;
}

/** Wrap the wasm UnsortedSegmentSum kernel with a timer (after the model registered it). */
function timeSegmentSum(): { ms: number } {
  const clock = { ms: 0 };
  const config = tf.getKernel("UnsortedSegmentSum", "wasm");
  if (!config) return clock;
  tf.unregisterKernel("UnsortedSegmentSum", "wasm");
  const inner = config.kernelFunc;
  tf.registerKernel({
    ...config,
    kernelFunc: (args) => {
      const started = performance.now();
      const out = inner(args);
      clock.ms += performance.now() - started;
      return out;
    },
  });
  return clock;
}

async function profile(name: string, seconds: number): Promise<void> {
  const job = JOBS[name];
  if (!job) throw new Error(`profile: unknown job '${name}': use one of ${Object.keys(JOBS).join(", ")}`);
  await initBackend({ quiet: true });
  if (!(await tf.setBackend("wasm"))) throw new Error("profile: the wasm backend could not be set");
  const model = job.build();
  const segmentSum = timeSegmentSum();
  const { x, y } = job.data();
  const optimizer = createAdam(3e-3);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const head = model.layers[model.layers.length - 1];
  const hidden = tf.randomNormal([job.batch, job.units]);
  const parts = { batching: 0, gradients: 0, optimizer: 0, bookkeeping: 0, headLoss: 0 };
  let steps = 0;
  let next = 0;

  const step = (timed: boolean) => {
    const t0 = performance.now();
    let t1 = 0, t2 = 0, t3 = 0;
    tf.tidy(() => {
      const indices = new Int32Array(job.batch);
      for (let i = 0; i < job.batch; i++) indices[i] = (next + i) % job.examples;
      next = (next + job.batch) % job.examples;
      const index = tf.tensor1d(indices, "int32");
      const xb = tf.gather(x, index);
      const yb = tf.gather(y, index);
      t1 = performance.now();
      const { value, grads } = optimizer.computeGradients(() => lossOf(job.loss, yb, model.apply(xb, { training: true }) as tf.Tensor), variables);
      t2 = performance.now();
      const names = Object.keys(grads);
      const list = clipByGlobalNorm(names.map((n) => grads[n]), 1);
      optimizer.applyGradients(names.map((n, i) => ({ name: n, tensor: list[i] })));
      t3 = performance.now();
      value.dataSync();
    });
    const t4 = performance.now();
    if (timed) {
      parts.batching += t1 - t0;
      parts.gradients += t2 - t1;
      parts.optimizer += t3 - t2;
      parts.bookkeeping += t4 - t3;
      steps++;
    }
  };
  // The head and the loss alone, forward and backward, on a batch of hidden states.
  const headStep = () => {
    const t0 = performance.now();
    tf.tidy(() => {
      const yb = y.slice(0, job.batch);
      const g = tf.variableGrads(() => lossOf(job.loss, yb, head.apply(hidden) as tf.Tensor));
      g.value.dataSync();
    });
    parts.headLoss += performance.now() - t0;
  };

  const warm = performance.now();
  for (let i = 0; i < 3 || performance.now() - warm < 1000 * Math.min(seconds, 1); i++) step(false);
  fusedTimings(true);
  segmentSum.ms = 0;
  const started = performance.now();
  // At least 30 steps: on a busy machine a few seconds may hold only a handful.
  while (performance.now() - started < seconds * 1000 || steps < 30) step(true);
  const total = performance.now() - started;
  for (let i = 0; i < steps; i++) headStep();
  const kernel = fusedTimings(true);
  const kernelMs = kernel.forwardMs + kernel.backwardMs;
  const other = Math.max(0, parts.gradients - kernelMs - segmentSum.ms - parts.headLoss);
  const shares: Record<string, number> = {
    "recurrent kernel": kernelMs / total,
    "head + loss": parts.headLoss / total,
    "embedding grad": segmentSum.ms / total,
    "other tfjs ops + tape": other / total,
    optimizer: parts.optimizer / total,
    batching: parts.batching / total,
    bookkeeping: parts.bookkeeping / total,
  };
  const stepMs = total / steps;
  console.log(`\nprofile: ${job.description}: ${steps} steps, ${stepMs.toFixed(2)} ms per step, ${tf.memory().numTensors} tensors alive`);
  for (const [part, share] of Object.entries(shares)) {
    console.log(`  ${part.padEnd(22)} ${(100 * share).toFixed(1).padStart(5)} %  ${((share * total) / steps).toFixed(2).padStart(7)} ms/step`);
  }
  console.log(JSON.stringify({ job: name, description: job.description, steps, stepMs, shares }));
}

if (require.main === module) {
  const [job = "", scale = "full"] = process.argv.slice(2);
  profile(job, scale === "quick" ? 2 : 6).then(
    () => process.exit(0),
    (err: Error) => {
      process.stderr.write(`profile: ${err.message.split("\n")[0]}\n`);
      process.exit(1);
    },
  );
}
