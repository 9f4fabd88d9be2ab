/**
 * rw.analysis: the science the experiments run: the long-range memory tasks and the gradient probes, and four
 * common mistakes, each measured with and without.
 *
 *   addingProblem                        the seeded adding problem (the copy task is internal) and its baseline
 *   memoryTimeConstants                  tau = -1 / ln(mean forget or update gate) per unit of a gated cell
 *   probeGradientFlow / gradientDecay    ||dL/dh_{T-k}|| per lag, at initialisation or for a trained layer
 *   measureExplodingGradient             gradient growing with the lag under a large recurrent gain, and clipping
 *   measure*                             the pitfalls, side by side
 *   findInterpretableUnits               the hidden unit of a trained language model that tracks a text feature
 * The memory sweep that trains every cell at every length (runMemorySweep) is in rw.experiments.
 */
export { ADDING_BASELINE_MSE, addingProblem, addingTensors, type AddingBatch } from "./adding";
// copyMemory (the copy task's generator) is internal: memoryTask("copy") and the sweep reach it by file.
export type { CopyBatch } from "./copy";
// memoryTask (the task by name) is internal: the sweep and the probe reach it by file; the types are public.
export type { MemoryTask, MemoryTaskName } from "./tasks";
export { probeGradientFlow, gradientDecay, type GradientFlowProbe, type GradientDecay } from "./gradient-flow";
export { memoryTimeConstants, type MemoryTimeConstants, type UnitTimeConstant, type GatedCell } from "./memory-time";
export { measureExplodingGradient, type ExplodingGradient, type ExplodingGradientOptions, type ClippingRun } from "./exploding-gradient";
export { shuffleTimeSteps, measureShuffledTimeSteps, measureUnscaledInputs, measureCellChoice } from "./pitfalls-forecast";
export { measurePaddingStrategy } from "./pitfalls-text";
export type { PitfallVariant, PitfallMeasurement, ForecastPitfallOptions, TextPitfallOptions } from "./pitfall-common";
// The steps behind it (textFeature, activationsOnText, findInterpretableUnit for one feature) are reached by file.
export { findInterpretableUnits, type FeatureUnit, type InterpretableUnit, type TextFeature } from "./interpretable-unit";
