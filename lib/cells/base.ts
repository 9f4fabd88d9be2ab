/**
 * What the three cells share: options and their checks, the three weights, variational dropout masks,
 * and the bridge from `tf.layers.RNNCell.call([x, h(, c)])` to each cell's `equations()`.
 *
 * Every cell has the Keras / TF.js weight layout (see ./types.ts):
 *   kernel [F, G*H]  (glorotUniform),  recurrentKernel [H, G*H]  (one orthogonal [H, H] block per gate),
 *   bias   [G*H] (or [2, 3H] for the reset-after GRU),
 * and one pre-activation per gate block:  a_t = x_t W + h_{t-1} U + b.
 *
 * Dropout (Gal & Ghahramani 2016, as Keras): one mask for x and one for h_{t-1}, drawn once per sequence
 * and reused at every step, applied only in training; h_{t-1} is dropped only where it enters a matrix
 * product, never in the state update itself.
 */
import * as tf from "@tensorflow/tfjs";
import type { CellName, CellOptions, CellState, StepResult } from "./types";
import { type Initializer, blockOrthogonal, deriveSeed, glorotUniform, randomSeed } from "../random";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Kwargs = Record<string, any>;

/** Seed streams: the kernel, the recurrent kernel and the dropout masks never share random numbers. */
const SEED_KERNEL = 1;
const SEED_RECURRENT = 2;
const SEED_DROPOUT = 3;

export function checkUnits(units: unknown, where: string): number {
  if (typeof units !== "number" || !Number.isInteger(units) || units < 1) {
    const got = typeof units === "number" ? String(units) : JSON.stringify(units);
    throw new Error(`${where}: units must be a positive integer (the size of h), got ${got}`);
  }
  return units;
}

function checkRate(rate: number | undefined, name: string, where: string): number {
  const value = rate ?? 0;
  if (typeof value !== "number" || !(value >= 0 && value < 1)) {
    throw new Error(`${where}: ${name} must be a fraction in [0, 1), got ${String(rate)}`);
  }
  return value;
}

/** What the three cells share: weights in Keras layout (kernel W, recurrent kernel U, bias), seeded initialisers and dropout masks. */
export abstract class WorkbookCell extends tf.layers.RNNCell {
  /** Which classic cell this is. */
  abstract readonly cellName: CellName;
  /** G, the gate blocks in the kernel (./gates.ts: rnn 1, lstm 4, gru 3). */
  abstract readonly gateCount: number;

  readonly units: number;
  readonly dropout: number;
  readonly recurrentDropout: number;
  /** The seed in use: the user's, or a random one. */
  readonly seed: number;
  /** The user's seed, if any: only that one goes into the config, so copies (Bidirectional) draw their own. */
  private readonly userSeed: number | null;
  stateSize: number | number[];

  kernel!: tf.LayerVariable;
  recurrentKernel!: tf.LayerVariable;
  bias!: tf.LayerVariable;
  /** F, known once the cell is built. */
  inputSize?: number;

  private masks: { input?: tf.Tensor; recurrent?: tf.Tensor } | null = null;
  private lastOutput: tf.Tensor | null = null;
  private masksDrawn = 0;
  /** Set by WorkbookRNN for the duration of one sequence: keep the masks whatever h comes in. */
  masksPinned = false;

  constructor(options: CellOptions, stateCount: 1 | 2) {
    super({ name: options?.name, trainable: options?.trainable });
    const where = `${new.target.name}`;
    if (options == null || typeof options !== "object") throw new Error(`${where}: options { units } are required`);
    this.units = checkUnits(options.units, where);
    this.dropout = checkRate(options.dropout, "dropout", where);
    this.recurrentDropout = checkRate(options.recurrentDropout, "recurrentDropout", where);
    if (options.seed != null && !Number.isFinite(options.seed)) {
      throw new Error(`${where}: seed must be a finite number, got ${options.seed}`);
    }
    this.userSeed = options.seed ?? null;
    this.seed = options.seed ?? randomSeed();
    this.stateSize = stateCount === 2 ? [this.units, this.units] : this.units;
  }

  /** The bias shape: [G*H], or [2, 3H] for the reset-after GRU. */
  protected biasShape(): number[] {
    return [this.gateCount * this.units];
  }

  /** The bias initialiser: zeros unless a cell says otherwise (the LSTM's forget gate). */
  protected biasInitializer(): Initializer {
    return tf.initializers.zeros();
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[shape.length - 1];
    if (features == null || !Number.isInteger(features) || features < 1) {
      throw new Error(`${this.getClassName()}: the input's last axis (features) must be known, got shape [${shape}]`);
    }
    if (this.built) {
      // tf.layers.RNN.build always builds its cell: a cell built earlier (weights imported first) stays.
      if (features !== this.inputSize) {
        throw new Error(`${this.getClassName()}: built for ${this.inputSize} input features, got input shape [${shape}]`);
      }
      return;
    }
    const width = this.gateCount * this.units;
    this.inputSize = features;
    this.kernel = this.addWeight("kernel", [features, width], "float32", glorotUniform(deriveSeed(this.seed, SEED_KERNEL)));
    this.recurrentKernel = this.addWeight(
      "recurrent_kernel",
      [this.units, width],
      "float32",
      blockOrthogonal(this.gateCount, deriveSeed(this.seed, SEED_RECURRENT)),
    );
    this.bias = this.addWeight("bias", this.biasShape(), "float32", this.biasInitializer());
    this.built = true;
  }

  /**
   * The cell's equations for one step. `x` and `hForProducts` may carry dropout masks; `state` is the
   * undropped previous state. Plain differentiable tf ops only.
   */
  protected abstract equations(x: tf.Tensor2D, hForProducts: tf.Tensor2D, state: CellState): StepResult;

  /** Zeros for h (and c): the state before the first step. */
  initialState(batch: number): CellState {
    const h = tf.zeros([batch, this.units]) as tf.Tensor2D;
    return this.stateSize instanceof Array ? { h, c: tf.zeros([batch, this.units]) as tf.Tensor2D } : { h };
  }

  /**
   * One time step without dropout: x_t [B, F] and the previous state -> the new state and every gate's
   * activation. Builds the cell on first use. Differentiable, so it can be unrolled under tf.grad.
   */
  step(x: tf.Tensor2D, state: CellState): StepResult {
    if (!this.built) this.build([null, x.shape[x.rank - 1]]);
    this.checkStep(x, state);
    return this.equations(x, state.h, state);
  }

  private checkStep(x: tf.Tensor, state: CellState): void {
    const name = this.getClassName();
    if (x.rank !== 2 || x.shape[1] !== this.inputSize) {
      throw new Error(`${name}.step: x_t must have shape [batch, ${this.inputSize}], got [${x.shape}]`);
    }
    const batch = x.shape[0];
    const expected = `[${batch}, ${this.units}]`;
    if (state == null || state.h == null || state.h.rank !== 2 || state.h.shape[0] !== batch || state.h.shape[1] !== this.units) {
      throw new Error(`${name}.step: state.h must have shape ${expected}, got ${state?.h ? `[${state.h.shape}]` : "nothing"}`);
    }
    if (this.stateSize instanceof Array) {
      const c = state.c;
      if (c == null || c.rank !== 2 || c.shape[0] !== batch || c.shape[1] !== this.units) {
        throw new Error(`${name}.step: state.c (the cell state) must have shape ${expected}, got ${c ? `[${c.shape}]` : "nothing"}`);
      }
    }
  }

  /** `RNNCell.call([x_t, h_{t-1}(, c_{t-1})], {training})` -> [output, h_t(, c_t)], as tf.layers.rnn expects. */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor[] {
    return tf.tidy(() => {
      const [x, h, c] = inputs as tf.Tensor2D[];
      const training = kwargs?.["training"] === true;
      const dropped = training ? this.applyDropout(x, h) : { x, h };
      const next = this.equations(dropped.x, dropped.h, { h, c });
      this.lastOutput = next.h;
      return next.c ? [next.h, next.h, next.c] : [next.h, next.h];
    });
  }

  /**
   * Multiply x and h by this sequence's dropout masks. A new sequence is recognised by an h that this
   * cell did not return at the previous step (so the cell also works inside a stock `tf.layers.rnn`),
   * unless WorkbookRNN has pinned the masks for the whole sequence (needed with input masking).
   */
  private applyDropout(x: tf.Tensor2D, h: tf.Tensor2D): { x: tf.Tensor2D; h: tf.Tensor2D } {
    if (this.dropout === 0 && this.recurrentDropout === 0) return { x, h };
    const stale =
      this.masks == null ||
      (!this.masksPinned && h !== this.lastOutput) ||
      (this.masks.input != null && this.masks.input.shape[0] !== x.shape[0]) ||
      (this.masks.recurrent != null && this.masks.recurrent.shape[0] !== h.shape[0]);
    if (stale) {
      this.resetDropoutMasks();
      this.masks = {
        input: this.dropout > 0 ? this.drawMask(x.shape, this.dropout) : undefined,
        recurrent: this.recurrentDropout > 0 ? this.drawMask(h.shape, this.recurrentDropout) : undefined,
      };
    }
    const masks = this.masks!;
    return {
      x: masks.input ? (tf.mul(x, masks.input) as tf.Tensor2D) : x,
      h: masks.recurrent ? (tf.mul(h, masks.recurrent) as tf.Tensor2D) : h,
    };
  }

  /** Inverted dropout mask: 0 with probability `rate`, else 1 / (1 - rate); kept until the next sequence. */
  private drawMask(shape: number[], rate: number): tf.Tensor {
    const seed = deriveSeed(this.seed, SEED_DROPOUT * 1_000_003 + this.masksDrawn++);
    return tf.keep(
      tf.tidy(() => tf.div(tf.cast(tf.greaterEqual(tf.randomUniform(shape, 0, 1, "float32", seed), rate), "float32"), 1 - rate)),
    );
  }

  /** Forget this sequence's dropout masks (WorkbookRNN calls it at the start of every sequence). */
  resetDropoutMasks(): void {
    if (this.masks) tf.dispose([this.masks.input, this.masks.recurrent].filter((m): m is tf.Tensor => m != null));
    this.masks = null;
  }

  override dispose() {
    this.resetDropoutMasks();
    if (this._refCount === null) {
      // Built and stepped by hand but never called by a layer: TF.js refuses to dispose it, free the weights here.
      const weights = this.weights;
      for (const w of weights) w.dispose();
      return { refCountAfterDispose: 0, numDisposedVariables: weights.length };
    }
    return super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      seed: this.userSeed,
    };
  }
}
