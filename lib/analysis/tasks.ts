/**
 * The two memory tasks seen through one interface, so the sweep trains and scores them with one loop:
 * what a model reads and outputs, its loss, its error on a test set, and when the task counts as solved.
 *
 *   adding: model = recurrent layer (last h) -> Dense(1);          loss = error = MSE
 *           baseline = MSE of predicting 1 (~1/6);   solved: error < 0.01 or error < 5% of the baseline
 *   copy  : model = recurrent layer (all h) -> Dense(S+2) softmax; loss = error = cross-entropy per step
 *           baseline = L ln S / (T + 2L);            solved: error < 10% of the baseline
 */
import * as tf from "@tensorflow/tfjs";
import { ADDING_BASELINE_MSE, ADDING_FEATURES, addingProblem, addingTensors } from "./adding";
import { copyBaselineLoss, copyMemory, copyTensors } from "./copy";
import type { Uniform } from "../random";

/** The long-range memory tasks: the adding problem and the copy task. */
export type MemoryTaskName = "adding" | "copy";
export const MEMORY_TASKS: readonly MemoryTaskName[] = ["adding", "copy"];

/** The adding task is solved below this absolute test MSE ... */
export const ADDING_SOLVED_MSE = 0.01;
/** ... or below this fraction of its baseline MSE. */
export const ADDING_SOLVED_FRACTION = 0.05;
/** The copy task is solved below this fraction of its baseline cross-entropy. */
export const COPY_SOLVED_FRACTION = 0.1;

/** A long-range memory task at one length: how to sample it, its loss, its memoryless baseline and when it counts as solved. */
export interface MemoryTask {
  name: MemoryTaskName;
  /** The task's difficulty knob: adding = T (sequence steps), copy = T (blank span). */
  length: number;
  /** Steps the network reads per sequence (adding: T; copy: T + 2L). */
  steps: number;
  /** Input features per step. */
  features: number;
  /** Output units of the head (adding: 1; copy: S + 2 classes). */
  outputs: number;
  /** Whether the head reads every step's h (copy) or only the last (adding). */
  returnSequences: boolean;
  /** The error of the memoryless baseline, for the documented rule of this task. */
  baseline: number;
  /** Draw `count` sequences from `uniform` as tensors (the caller disposes them). */
  sample(count: number, uniform: Uniform): { inputs: tf.Tensor3D; targets: tf.Tensor };
  /** The training loss (a scalar): MSE or mean softmax cross-entropy per step. */
  loss(targets: tf.Tensor, outputs: tf.Tensor): tf.Scalar;
  /** Whether a test error counts as solving the task. */
  solved(testError: number): boolean;
  /** A one-line description of the solved rule for result files. */
  solvedRule: string;
}

/** A memory task at a sequence length: its sampler, loss, memoryless baseline and solved rule. */
export function memoryTask(name: MemoryTaskName, length: number): MemoryTask {
  if (!Number.isInteger(length) || length < 2) {
    throw new Error(`memory task ${name}: length must be an integer >= 2, got ${length}`);
  }
  switch (name) {
    case "adding":
      return {
        name,
        length,
        steps: length,
        features: ADDING_FEATURES,
        outputs: 1,
        returnSequences: false,
        baseline: ADDING_BASELINE_MSE,
        sample(count, uniform) {
          return addingTensors(addingProblem(count, length, uniform));
        },
        loss: (targets, outputs) => tf.losses.meanSquaredError(targets, outputs) as tf.Scalar,
        solved: (testError) => testError < ADDING_SOLVED_MSE || testError < ADDING_SOLVED_FRACTION * ADDING_BASELINE_MSE,
        solvedRule: `test MSE < ${ADDING_SOLVED_MSE} or < ${ADDING_SOLVED_FRACTION * 100}% of the baseline 1/6`,
      };
    case "copy": {
      const options = { blank: length };
      const probe = copyMemory(1, options, () => 0.5);
      const baseline = copyBaselineLoss(options);
      return {
        name,
        length,
        steps: probe.length,
        features: probe.classes,
        outputs: probe.classes,
        returnSequences: true,
        baseline,
        sample(count, uniform) {
          return copyTensors(copyMemory(count, options, uniform));
        },
        loss: (targets, outputs) => tf.losses.softmaxCrossEntropy(targets, outputs) as tf.Scalar,
        solved: (testError) => testError < COPY_SOLVED_FRACTION * baseline,
        solvedRule: `test cross-entropy < ${COPY_SOLVED_FRACTION * 100}% of the baseline L ln S / (T + 2L)`,
      };
    }
    default:
      throw new Error(`unknown memory task '${name as string}': use one of ${MEMORY_TASKS.join(", ")}`);
  }
}
