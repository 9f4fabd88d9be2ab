/**
 * The recurrent layer around the workbook's cells.
 *
 *   recurrentLayer("lstm", { units: 32, returnSequences: true })   -> a WorkbookRNN layer (tf.layers.RNN)
 *   tf.layers.rnn({ cell: createCell("gru", { units: 32 }) })       -> the stock RNN layer, same cell
 *
 * WorkbookRNN runs the whole sequence through `fusedRecurrence` (./fused, one differentiable kernel call)
 * when it may: `fused` is not false, the fused kernels are available, and the call has no input mask,
 * no dropout in training and no carried (stateful) state. Otherwise it steps through time with the cell,
 * exactly as tf.layers.rnn does. Both paths compute the same equations (check-reference tests both).
 */
import * as tf from "@tensorflow/tfjs";
import { WorkbookCell, checkUnits, type Kwargs } from "./base";
import { WorkbookGRUCell } from "./gru";
import { WorkbookLSTMCell } from "./lstm";
import { WorkbookRNNCell } from "./rnn";
import { fusedAvailable, fusedOutput, fusedRecurrence } from "./fused";
import { ensureUnstackGradient } from "./unstack-gradient";
import { CELL_NAMES, type CellName, type CellOptions } from "./types";
import { GATE_COUNT } from "./gates";

/** A new cell of the given kind, for `tf.layers.rnn({ cell })` or for stepping by hand with `cell.step()`. */
export function createCell(cell: CellName, options: CellOptions): WorkbookCell {
  switch (cell) {
    case "rnn":
      return new WorkbookRNNCell(options);
    case "lstm":
      return new WorkbookLSTMCell(options);
    case "gru":
      return new WorkbookGRUCell(options);
    default:
      throw new Error(`unknown cell '${cell as string}': use one of ${CELL_NAMES.join(", ")}`);
  }
}

/** Gate blocks per cell: the G of the weight shapes (defined in ./gates.ts). */
export { GATE_COUNT };

/**
 * Trainable parameters of one cell: G*H*(F + H) weights plus G*H biases (2*3H for the reset-after GRU).
 * (PyTorch counts one more G*H for its second bias, except for the GRU where both are real parameters.)
 */
export function cellParameterCount(
  cell: CellName,
  inputSize: number,
  units: number,
  options: Pick<CellOptions, "resetAfter"> = {},
): number {
  const gates = GATE_COUNT[cell];
  if (gates === undefined) throw new Error(`unknown cell '${cell as string}': use one of ${CELL_NAMES.join(", ")}`);
  checkUnits(units, "cellParameterCount");
  if (!Number.isInteger(inputSize) || inputSize < 1) {
    throw new Error(`cellParameterCount: inputSize must be a positive integer (features per step), got ${inputSize}`);
  }
  const biases = cell === "gru" && (options.resetAfter ?? true) ? 2 : 1;
  return gates * units * (inputSize + units) + biases * gates * units;
}

/** How a recurrent layer runs its cell over a sequence: the options every layer shares, defined once. */
export interface SequenceOptions {
  /** Return the whole output sequence [B, T, H] instead of the last output [B, H]. */
  returnSequences?: boolean;
  /** Also return the final state(s): [output, h] for rnn/gru, [output, h, c] for lstm. */
  returnState?: boolean;
  /** Read the sequence from the last step to the first. */
  goBackwards?: boolean;
  /** Carry the final state of one batch into the next (forces the step-wise path). */
  stateful?: boolean;
  /** Use the fused whole-sequence kernel when it applies (default "auto"; false: always step). */
  fused?: boolean | "auto";
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
  name?: string;
  trainable?: boolean;
}

/** The WorkbookRNN constructor's arguments: a workbook cell and how to run it. */
export interface WorkbookRNNArgs extends SequenceOptions {
  cell: WorkbookCell;
}

/** `recurrentLayer`'s options: the cell's (units, dropout, seed, ...) and the layer's, side by side. */
export interface RecurrentLayerOptions extends Omit<CellOptions, "name" | "trainable">, SequenceOptions {}

/** The recurrent layer around a workbook cell: the fused whole-sequence kernel when it applies, step by step otherwise. */
export class WorkbookRNN extends tf.layers.RNN {
  static override className = "WorkbookRNN";
  readonly fused: boolean | "auto";
  /** The path the last call took (for tests and for check-reference, which must know what it checked). */
  lastPath: "fused" | "stepwise" | null = null;

  constructor(args: WorkbookRNNArgs) {
    if (!(args?.cell instanceof WorkbookCell)) {
      throw new Error("WorkbookRNN: cell must be a workbook cell: use createCell('rnn' | 'lstm' | 'gru', { units })");
    }
    super(args as unknown as ConstructorParameters<typeof tf.layers.RNN>[0]);
    this.fused = args.fused ?? "auto";
  }

  get workbookCell(): WorkbookCell {
    return this.cell as WorkbookCell;
  }

  /** Checks the input shape first, so that a wrong rank or feature size says what is expected. */
  override apply(inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[], kwargs?: Kwargs) {
    const first = Array.isArray(inputs) ? inputs[0] : inputs;
    const shape = first?.shape;
    const features = this.workbookCell.inputSize;
    const expected = `[batch, time, ${features ?? "features"}]`;
    const got = shape ? `[${shape.map((d) => d ?? "null").join(",")}]` : "no tensor";
    if (shape == null || shape.length !== 3) {
      throw new Error(
        `${this.name}: expected input of shape ${expected} (rank 3), got ${got}: ` +
          "reshape a single series to [batch, time, 1]",
      );
    }
    if (features !== undefined && shape[2] !== null && shape[2] !== features) {
      throw new Error(`${this.name}: expected input of shape ${expected}, got ${got}: the layer was built for ${features} features`);
    }
    return super.apply(inputs, kwargs);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const cell = this.workbookCell;
    const mask = kwargs?.["mask"] ?? null;
    const training = kwargs?.["training"] === true;
    const initialState: tf.Tensor[] | null = kwargs?.["initialState"] ?? null;
    const droppingOut = training && (cell.dropout > 0 || cell.recurrentDropout > 0);
    if (this.fused !== false && fusedAvailable() && mask == null && !droppingOut && !this.stateful) {
      this.lastPath = "fused";
      return this.callFused(Array.isArray(inputs) ? inputs[0] : inputs, initialState);
    }
    this.lastPath = "stepwise";
    ensureUnstackGradient(); // TF.js's own fails on a one-step sequence
    // Step-wise: one dropout mask pair for the whole sequence, whatever the input mask does to h.
    cell.resetDropoutMasks();
    cell.masksPinned = true;
    try {
      return super.call(inputs, { mask, training, initialState });
    } finally {
      cell.masksPinned = false;
    }
  }

  private callFused(inputs: tf.Tensor, initialState: tf.Tensor[] | null): tf.Tensor | tf.Tensor[] {
    const cell = this.workbookCell;
    return tf.tidy(() => {
      const state = initialState ? { h: initialState[0] as tf.Tensor2D, c: initialState[1] as tf.Tensor2D | undefined } : null;
      const weights = { kernel: cell.kernel.read() as tf.Tensor2D, recurrentKernel: cell.recurrentKernel.read() as tf.Tensor2D, bias: cell.bias.read() };
      const options = {
        cell: cell.cellName,
        resetAfter: cell instanceof WorkbookGRUCell ? cell.resetAfter : undefined,
        goBackwards: this.goBackwards,
        returnSequences: this.returnSequences,
      };
      if (!this.returnState) return fusedOutput(inputs as tf.Tensor3D, weights, state, options);
      const result = fusedRecurrence(inputs as tf.Tensor3D, weights, state, options);
      return result.c ? [result.output, result.h, result.c] : [result.output, result.h];
    });
  }

  /** As tf.layers.RNN's, on a copy: that one writes the cell into the config it is given, and Bidirectional reuses it. */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
    customObjects?: tf.serialization.ConfigDict,
  ): T {
    return tf.layers.RNN.fromConfig(cls, { ...config }, customObjects);
  }

  override getConfig(): tf.serialization.ConfigDict {
    // The stock RNN only nests the cell's config for the class named 'RNN'; we always do.
    const cell = { className: this.cell.getClassName(), config: this.cell.getConfig() };
    return { ...super.getConfig(), cell, fused: this.fused };
  }
}
tf.serialization.registerClass(WorkbookRNN);

let layerCount = 0;

/**
 * The recurrent layer of the workbook for a cell name: a WorkbookRNN around a new workbook cell
 * (sigmoid gates, LSTM forget bias 1, reset-after GRU by default).
 */
export function recurrentLayer(cell: CellName, options: RecurrentLayerOptions): tf.layers.Layer {
  if (options == null || typeof options !== "object") throw new Error(`recurrentLayer('${cell}'): options { units } are required`);
  const { units, dropout, recurrentDropout, unitForgetBias, resetAfter, seed, ...sequence } = options;
  // Readable default names (lstm_1, gru_2, ...) instead of TF.js's class-derived ones.
  const name = sequence.name ?? `${cell}_${++layerCount}`;
  const recurrentCell = createCell(cell, { units, dropout, recurrentDropout, unitForgetBias, resetAfter, seed, name: `${name}_cell` });
  return new WorkbookRNN({ ...sequence, cell: recurrentCell, name });
}
