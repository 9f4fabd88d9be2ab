/**
 * rw.analysis: the long-range memory study (issue #6).
 *
 *   addingProblem / copyMemory     seeded synthetic memory tasks and their memoryless baselines
 *   probeGradientFlow / gradientDecay   ||dL/dh_{T-k}|| per lag, at initialisation or for a trained layer
 *   trainMemoryRun / runMemorySweep     every cell at every length under one budget; results.json
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
export {
  MEMORY_SCALES,
  buildMemoryModel,
  trainMemoryRun,
  runMemorySweep,
  summariseRuns,
  resolveSweepSettings,
  formatSweepTable,
  formatGradientTable,
  sweepGradientDecay,
  memoryRunFile,
  type MemoryScale,
  type MemoryTrainingSettings,
  type MemoryRunSpec,
  type MemoryRun,
  type MemoryRunGradients,
  type MemoryCurvePoint,
  type MemoryTableRow,
  type MemorySweepOptions,
  type MemorySweepResults,
  type SweepGradientDecay,
} from "./sweep";
export { seededUniform, type Uniform } from "./rng";
export {
  shuffleTimeSteps,
  measureShuffledTimeSteps,
  measureUnscaledInputs,
  measurePaddingStrategy,
  measureCellChoice,
  cheapestNearBest,
  cheapestWithin,
  recommendCells,
  type PitfallName,
  type PitfallVariant,
  type PitfallMeasurement,
  type PitfallOptions,
  type ForecastPitfallOptions,
  type TextPitfallOptions,
  type ScoredOption,
  type CellRecommendation,
} from "./pitfalls";
export { findInterpretableUnit, activationsOnText, textFeature, pearson, type InterpretableUnit, type TextFeature } from "./interpretable-unit";
