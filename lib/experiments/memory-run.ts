/**
 * One memory run = (cell, length, seed): a fresh model  recurrentLayer(cell) -> Dense  trained through the
 * engine's streaming loop (`trainOnStream`, lib/train/fit.ts: Adam, gradients clipped to global norm `clipNorm`)
 * on fresh sequences drawn from a seeded stream, minibatches of `batchSize`, until `budget` training sequences have
 * been seen. Every `evalEvery` sequences (and at the end) the model is scored on a fixed test set (the same
 * sequences for every cell and seed at a given length, scored in chunks of 500); a run stops as soon as it is
 * solved, so `sequencesToSolve` is measured to within `evalEvery`.
 *
 * Each run also probes its gradient decay (analysis/gradient-flow.ts: ||dL/dh_{T-k}|| relative to k = 1,
 * L = sum(h_T), 32 fixed sequences) at initialisation and after training, so the notebooks can set the two side
 * by side.
 */
import * as tf from "@tensorflow/tfjs";
import { gradientDecay } from "../analysis/gradient-flow";
import { stateStatistics } from "../analysis/state-statistics";
import type { WorkbookRNN } from "../cells/layer";
import { type MemoryTask, memoryTask } from "../analysis/tasks";
import { currentBackend, initBackend } from "../backend";
import { fusedKernelName } from "../cells/fused";
import { recurrentLayer } from "../cells/layer";
import type { CellName } from "../cells/types";
import { mixSeeds, seededUniform } from "../random";
import { evaluateLoss, trainOnStream } from "../train/fit";
import { checkSettings, type MemoryCurvePoint, type MemoryRun, type MemoryRunGradients, type MemoryRunSpec } from "./memory-settings";

const STREAM_TRAIN = 1;
const STREAM_TEST = 2;
/** Sequences in a run's gradient probe (the same sequences before and after training). */
const GRADIENT_PROBE_BATCH = 32;
const EVAL_CHUNK = 500;

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** recurrentLayer(cell) -> Dense(task.outputs): the last h (adding) or every h (copy) feeds the head. */
export function buildMemoryModel(cell: CellName, task: MemoryTask, units: number, seed: number): tf.Sequential {
  const model = tf.sequential();
  model.add(
    recurrentLayer(cell, { units, inputShape: [task.steps, task.features], returnSequences: task.returnSequences, seed }),
  );
  model.add(tf.layers.dense({ units: task.outputs, kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  return model;
}

/** Train and score one (cell, length, seed). */
export async function trainMemoryRun(spec: MemoryRunSpec): Promise<MemoryRun> {
  await initBackend();
  checkSettings(spec);
  const started = Date.now();
  const task = memoryTask(spec.task, spec.length);
  const stopWhenSolved = spec.stopWhenSolved ?? true;
  const sampled = task.sample(spec.testSize, seededUniform(mixSeeds(STREAM_TEST, spec.length)));
  const test = { x: sampled.inputs, y: sampled.targets };
  const train = seededUniform(mixSeeds(STREAM_TRAIN, spec.seed, spec.length));
  const model = buildMemoryModel(spec.cell, task, spec.units, spec.seed);
  const loss = (targets: tf.Tensor, predicted: tf.Tensor) => task.loss(targets, predicted);
  const curve: MemoryCurvePoint[] = [];
  let sequencesToSolve: number | null = null;
  let testError = Number.NaN;
  let seen = 0;
  let diverged = false;
  const probeGradients = spec.probeGradients ?? true;
  const probe = async () =>
    (await gradientDecay(spec.cell, { length: spec.length, task: spec.task, trainedLayer: model.layers[0], seeds: 1, batch: GRADIENT_PROBE_BATCH })).relative;
  let gradients: MemoryRunGradients | undefined;
  let states: MemoryRun["states"];
  // Saturation (mean 1 - h^2) and the keep gate (GRU z, LSTM f) on fixed probe sequences, before and after training.
  const probeStates = () => {
    const batch = task.sample(GRADIENT_PROBE_BATCH, seededUniform(mixSeeds(STREAM_TEST, spec.length, 1)));
    try {
      return stateStatistics((model.layers[0] as WorkbookRNN).workbookCell, batch.inputs as tf.Tensor3D);
    } finally {
      tf.dispose([batch.inputs, batch.targets]);
    }
  };
  try {
    testError = evaluateLoss(model, test, loss, EVAL_CHUNK);
    curve.push({ sequences: 0, testError: finiteOrNull(testError) });
    const initialGradients = probeGradients ? await probe() : undefined;
    const initialStates = probeGradients ? probeStates() : undefined;
    const result = await trainOnStream(model, {
      loss,
      budget: spec.budget,
      batchSize: spec.batchSize,
      learningRate: spec.learningRate,
      clipNorm: spec.clipNorm,
      seed: spec.seed,
      nextBatch: (size) => {
        const batch = task.sample(size, train);
        return { x: batch.inputs, y: batch.targets };
      },
      evaluateEvery: spec.evalEvery,
      onEvaluate: (sequences) => {
        testError = evaluateLoss(model, test, loss, EVAL_CHUNK);
        curve.push({ sequences, testError: finiteOrNull(testError) });
        if (sequencesToSolve === null && task.solved(testError)) {
          sequencesToSolve = sequences;
          return stopWhenSolved;
        }
        return false;
      },
    });
    seen = result.seen;
    diverged = result.diverged;
    if (initialGradients && !diverged) {
      gradients = { sequences: GRADIENT_PROBE_BATCH, initial: initialGradients, trained: await probe() };
    }
    if (initialStates && !diverged) states = { initial: initialStates, trained: probeStates() };
  } finally {
    model.dispose();
    tf.dispose([test.x, test.y]);
  }
  if (diverged) testError = Number.NaN;
  return {
    cell: spec.cell,
    length: spec.length,
    seed: spec.seed,
    solved: !diverged && task.solved(testError),
    testError: finiteOrNull(testError),
    relativeError: finiteOrNull(testError / task.baseline),
    baseline: task.baseline,
    sequencesSeen: seen,
    sequencesToSolve: diverged ? null : sequencesToSolve,
    diverged,
    curve,
    seconds: (Date.now() - started) / 1000,
    backend: currentBackend() ?? "unknown",
    fusedKernel: fusedKernelName(),
    ...(gradients ? { gradients } : {}),
    ...(states ? { states } : {}),
  };
}

export function describeRun(run: MemoryRun): string {
  const error = run.testError === null ? "diverged" : `test error ${run.testError.toPrecision(3)} (${(100 * (run.relativeError ?? 0)).toFixed(1)}% of baseline)`;
  const outcome = run.solved ? `solved after ${run.sequencesToSolve} sequences` : `not solved in ${run.sequencesSeen} sequences`;
  return `${outcome}, ${error}, ${run.seconds.toFixed(1)} s`;
}

