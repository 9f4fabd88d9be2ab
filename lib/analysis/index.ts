/**
 * rw.analysis: the science the experiments run: the long-range memory tasks and probes, and the pitfalls.
 *
 *   addingProblem / copyMemory     seeded synthetic memory tasks and their memoryless baselines
 *   probeGradientFlow / gradientDecay   ||dL/dh_{T-k}|| per lag, at initialisation or for a trained layer
 *   measure*                       four common mistakes, each measured with and without
 * The memory sweep that trains every cell at every length (runMemorySweep) is in rw.experiments.
 */
export {
  ADDING_BASELINE_MSE,
  ADDING_FEATURES,
  addingProblem,
  addingTensors,
  addingConstantMse,
  type AddingBatch,
} from "./adding";
export { copyMemory, copyTensors, copyBaselineLoss, type CopyBatch, type CopyMemoryOptions } from "./copy";
export {
  MEMORY_TASKS,
  memoryTask,
  ADDING_SOLVED_MSE,
  ADDING_SOLVED_FRACTION,
  COPY_SOLVED_FRACTION,
  type MemoryTask,
  type MemoryTaskName,
} from "./tasks";
export {
  probeGradientFlow,
  gradientDecay,
  type SteppingCell,
  type GradientFlowProbe,
  type GradientDecay,
  type GradientDecayOptions,
} from "./gradient-flow";
export { seededUniform, type Uniform } from "../random";
export { shuffleTimeSteps, measureShuffledTimeSteps, measureUnscaledInputs, measureCellChoice } from "./pitfalls-forecast";
export { measurePaddingStrategy } from "./pitfalls-text";
export type {
  PitfallName,
  PitfallVariant,
  PitfallMeasurement,
  PitfallOptions,
  ForecastPitfallOptions,
  TextPitfallOptions,
} from "./pitfall-common";
