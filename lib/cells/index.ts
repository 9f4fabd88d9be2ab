/**
 * The cells room's public face: the three cells, the layer around them, weights in PyTorch and Keras layouts,
 * saving, and the PyTorch reference check. Internals (the fused kernels' selection, cell bases) are reached by file.
 */
export { CELL_NAMES, type CellName, type CellOptions, type CellState, type TorchWeights, type KerasWeights } from "./types";
export { recurrentLayer, createCell, cellParameterCount, WorkbookRNN, type WorkbookRNNArgs, type RecurrentLayerOptions, type SequenceOptions } from "./layer";
export { WorkbookCell } from "./base";
export { setTorchWeights, getTorchWeights, setKerasWeights, getKerasWeights } from "./weights";
export { checkReference, type ReferenceReport, type CaseResult, type PathResult, type RecurrencePath } from "./check-reference";
export { saveModel, loadModel } from "./save";
export { fusedAvailable } from "./fused";
