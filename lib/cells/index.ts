export * from "./types";
export { recurrentLayer, createCell, cellParameterCount, WorkbookRNN, GATE_COUNT, type WorkbookRNNArgs, type RecurrentLayerOptions, type SequenceOptions } from "./layer";
export { WorkbookCell } from "./base";
export { WorkbookRNNCell } from "./rnn";
export { WorkbookLSTMCell } from "./lstm";
export { WorkbookGRUCell } from "./gru";
export { setTorchWeights, getTorchWeights, setKerasWeights, getKerasWeights, kerasToTorch } from "./weights";
export { orthogonalMatrix } from "../random";
export { checkReference, type ReferenceReport, type CaseResult, type PathResult, type RecurrencePath } from "./check-reference";
export { saveModel, loadModel } from "./save";
export {
  fusedRecurrence,
  fusedAvailable,
  fusedKernelName,
  fusedKernelVariant,
  fusedThreads,
  selectFusedKernels,
  type FusedParams,
  type FusedOptions,
  type FusedResult,
  type FusedKernelChoice,
} from "./fused";
