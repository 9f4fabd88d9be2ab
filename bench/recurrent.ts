/**
 * One recurrent-layer speed measurement: train and inference sequences/second of a model
 * [recurrent layer -> Dense(1) on the last output], MSE loss, Adam (the library's, as trainModel runs it), for
 * one implementation, backend, cell and config; plus peak memory. bench/index.ts runs each measurement in its own process (so peak RSS belongs to one
 * measurement and no JIT or heap state carries over):  node dist/bench/recurrent.js '<spec as JSON>'
 *
 * Implementations: "fused" = the workbook's layer on its fused kernels (fused: "auto"), "stepwise" = the same
 * layer stepping through time (fused: false), "tf.layers" = tf.layers.simpleRNN / lstm / gru with sigmoid gates
 * (gru with resetAfter: false, the only mode TF.js has). Timing: warm-up (two steps and at least `minSeconds`),
 * then `repeats` timed runs of enough steps to last `minSeconds` each; the median run is reported. Then the
 * latency of inference on one sequence (batch 1, as a deployed forecaster sees it): the median of single calls.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/backend";
import { recurrentLayer, type WorkbookRNN } from "../lib/cells/layer";
import { fusedKernelVariant, fusedThreads } from "../lib/cells/fused";
import type { CellName } from "../lib/cells/types";
import { createAdam } from "../lib/train/fused-adam";
import type { BenchConfig } from "./configs";
import { cpuSeconds, median } from "./timing";

export { CONFIGS, type BenchConfig } from "./configs";

/**
 * Configs too large for the step-wise and tf.layers paths (minutes per measurement): only the fused path and
 * PyTorch run them unless asked for by --impls.
 */
export const FUSED_ONLY_CONFIGS: readonly string[] = ["c3"];

export type Impl = "fused" | "stepwise" | "tf.layers";
export const IMPLS: readonly Impl[] = ["fused", "stepwise", "tf.layers"];

export interface BenchSpec {
  impl: Impl;
  backend: "wasm" | "cpu";
  cell: CellName;
  config: BenchConfig;
  repeats: number;
  minSeconds: number;
}

export interface BenchRow {
  impl: string;
  backend: string;
  cell: CellName;
  config: string;
  trainSeqPerSec: number;
  inferSeqPerSec: number;
  /**
   * Sequences per second of CPU time (all threads of the process): less sensitive than wall time to other
   * processes on a shared machine, and it charges multi-threaded runs for every thread they use.
   */
  trainSeqPerCpuSec: number;
  inferSeqPerCpuSec: number;
  /** Inference on one sequence (batch 1): median milliseconds per call. */
  latency1Ms?: number;
  /** Peak resident set size of the measuring process, MB. */
  peakRssMB: number;
  /** Peak bytes held by tfjs tensors during the measurement, MB. */
  peakTensorMB: number;
  /** Which fused kernels ran ("wasm simd128", "wasm relaxed-simd fma" or "js") and on how many threads, for impl "fused". */
  kernels?: string;
  threads?: number;
  /** PyTorch rows: which reference ran them ("venv" or "debian", bench/references.ts) and its version. */
  reference?: string;
  torchVersion?: string;
  /** PyTorch rows: whether subnormals were flushed to zero (bench/torch_bench.py). */
  flushDenormal?: boolean;
  /**
   * Which round of a bench run measured this row (1, 2, ...; bench/index.ts --rounds): the fused rows and the
   * PyTorch references of a config and cell are measured in alternating rounds, and a ratio pairs rows of one
   * round. Absent in runs from before rounds (one round).
   */
  round?: number;
}

function buildLayer(spec: BenchSpec): tf.layers.Layer {
  const { cell, impl, config } = spec;
  const common = { units: config.units, inputShape: [config.steps, config.features] };
  if (impl !== "tf.layers") return recurrentLayer(cell, { ...common, fused: impl === "fused" ? "auto" : false });
  if (cell === "rnn") return tf.layers.simpleRNN(common);
  if (cell === "lstm") return tf.layers.lstm({ ...common, recurrentActivation: "sigmoid" });
  return tf.layers.gru({ ...common, recurrentActivation: "sigmoid" });
}

/** Median sequences per wall-clock and per CPU second of `step` (which processes `batch` sequences), after a warm-up. */
function timeSteps(step: () => void, batch: number, repeats: number, minSeconds: number, onStep: () => void): { wall: number; cpu: number } {
  // Warm-up: at least two steps and at least one run's length, so the JIT (JS and wasm tier-up, in worker
  // threads too) has settled before timing.
  const t0 = performance.now();
  let warmSteps = 0;
  while (warmSteps < 2 || performance.now() - t0 < minSeconds * 1000) {
    step();
    warmSteps++;
  }
  onStep();
  const perStep = Math.max((performance.now() - t0) / warmSteps, 1e-3);
  const stepsPerRun = Math.max(1, Math.ceil((minSeconds * 1000) / perStep));
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const cpuStart = cpuSeconds();
    for (let i = 0; i < stepsPerRun; i++) step();
    wall.push((stepsPerRun * batch) / ((performance.now() - start) / 1000));
    cpu.push((stepsPerRun * batch) / Math.max(cpuSeconds() - cpuStart, 1e-6));
    onStep();
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** Median milliseconds of single calls of `call`, after a warm-up; `repeats` runs of at least `minSeconds`. */
function latencyMs(call: () => void, repeats: number, minSeconds: number): number {
  const times: number[] = [];
  const deadline = performance.now() + minSeconds * 1000;
  for (let i = 0; i < 3 || performance.now() < deadline; i++) call();
  const until = performance.now() + repeats * minSeconds * 1000;
  while (times.length < 5 || performance.now() < until) {
    const start = performance.now();
    call();
    times.push(performance.now() - start);
  }
  return median(times);
}

export async function measure(spec: BenchSpec): Promise<BenchRow> {
  await initBackend({ quiet: true });
  if (!(await tf.setBackend(spec.backend))) throw new Error(`backend '${spec.backend}' could not be set`);
  const { batch, steps, features } = spec.config;
  const layer = buildLayer(spec);
  const model = tf.sequential({ layers: [layer, tf.layers.dense({ units: 1 })] });
  // The library's Adam (lib/train/fused-adam.ts: one wasm pass per variable on the wasm backend, the same bits as
  // tf.train.adam), as trainModel uses it; tf.train.adam itself on the cpu backend.
  const optimizer = createAdam(1e-3);
  const x = tf.randomNormal([batch, steps, features], 0, 1, "float32", 1);
  const y = tf.randomNormal([batch, 1], 0, 1, "float32", 2);
  let peakBytes = 0;
  const sample = () => {
    peakBytes = Math.max(peakBytes, tf.memory().numBytes);
  };

  const trainStep = () => {
    const cost = optimizer.minimize(() => {
      const loss = tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
      sample();
      return loss;
    }, true);
    cost!.dataSync();
    cost!.dispose();
  };
  const inferStep = () => {
    tf.tidy(() => (model.apply(x) as tf.Tensor).dataSync());
  };

  const train = timeSteps(trainStep, batch, spec.repeats, spec.minSeconds, sample);
  if (spec.impl === "fused" && (layer as WorkbookRNN).lastPath !== "fused") {
    throw new Error(`the fused layer took the ${(layer as WorkbookRNN).lastPath} path: RNN_WORKBOOK_FUSED=off?`);
  }
  const infer = timeSteps(inferStep, batch, spec.repeats, spec.minSeconds, sample);
  const x1 = tf.randomNormal([1, steps, features], 0, 1, "float32", 3);
  const latency1Ms = latencyMs(() => tf.tidy(() => (model.apply(x1) as tf.Tensor).dataSync()), spec.repeats, spec.minSeconds);
  x1.dispose();
  const row: BenchRow = {
    impl: spec.impl,
    backend: spec.backend,
    cell: spec.cell,
    config: spec.config.name,
    trainSeqPerSec: train.wall,
    inferSeqPerSec: infer.wall,
    trainSeqPerCpuSec: train.cpu,
    inferSeqPerCpuSec: infer.cpu,
    latency1Ms,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    peakTensorMB: peakBytes / 2 ** 20,
  };
  if (spec.impl === "fused") {
    row.kernels = fusedKernelVariant();
    row.threads = fusedThreads();
  }
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return row;
}

if (require.main === module) {
  const spec = JSON.parse(process.argv[2] ?? "null") as BenchSpec | null;
  if (!spec) {
    process.stderr.write("usage: node dist/bench/recurrent.js '<BenchSpec as JSON>' (bench/index.ts runs this)\n");
    process.exit(2);
  }
  measure(spec).then(
    (row) => process.stdout.write(`${JSON.stringify(row)}\n`),
    (err: Error) => {
      process.stderr.write(`bench: ${err.message.split("\n")[0]}\n`);
      process.exit(1);
    },
  );
}
