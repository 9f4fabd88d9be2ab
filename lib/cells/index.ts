/**
 * The cells room's public face: the three cells, the layer around them, weights in PyTorch and Keras layouts,
 * saving. WorkbookCell is public as a type (createCell makes one). The PyTorch reference check is the CLI's
 * `rnn-workbook check-reference`; internals (the fused kernels' selection, cell bases) are reached by file.
 */
export { CELL_NAMES, type CellName, type CellOptions, type CellState, type TorchWeights, type KerasWeights } from "./types";
export { recurrentLayer, createCell, cellParameterCount, WorkbookRNN, type WorkbookRNNArgs, type RecurrentLayerOptions, type SequenceOptions } from "./layer";
export type { WorkbookCell } from "./base";
export { setTorchWeights, getTorchWeights, setKerasWeights, getKerasWeights } from "./weights";
export { saveModel, loadModel } from "./save";
