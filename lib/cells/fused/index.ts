/**
 * The fused whole-sequence recurrence: the whole sequence forward in one call and the whole backpropagation
 * through time in one call, wrapped with tf.customGrad so it trains inside ordinary tfjs models and optimizers.
 *
 * Contract: `fusedRecurrence` is differentiable with respect to inputs, kernel, recurrentKernel, bias and the
 * initial state. Weights are in the Keras / TF.js layout documented in ../types.ts. Activations are the classic
 * ones: tanh for the candidate / hidden output, logistic sigmoid for gates. The equations are in ./sequence.ts
 * and ./kernels.ts.
 *
 * The arithmetic runs in WebAssembly SIMD (dist/lib/cells/fused/recurrent*.wasm, built from assembly/ by
 * scripts/build-kernels.js; see ./wasm-kernels.ts for the FMA build) or, when that cannot load, in plain
 * TypeScript with the same numbers.
 * `RNN_WORKBOOK_FUSED=wasm|js|off` forces a choice (off makes `fusedAvailable()` false). Large batches are split
 * across threads (./parallel.ts; `RNN_WORKBOOK_FUSED_THREADS`, default min(2, CPUs)).
 *
 * Covered: every cell, returnSequences, returned states, initial states (differentiable), goBackwards, GRU
 * resetAfter true and false, any batch / steps / units. Not covered (the layer steps through time instead):
 * input masks, dropout / recurrentDropout while training, stateful layers, activations other than tanh / sigma.
 *
 * Tensors cross once per call each way (dataSync in, tf.tensor out). Multiple outputs travel as one packed
 * tensor [B, S, H] (outputs, h_T, c_T), because tf.customGrad has a single output; slicing it is differentiable.
 */
import * as tf from "@tensorflow/tfjs";
import type { CellName, CellState } from "../types";
import { createJsKernels } from "./js-kernels";
import type { Kernels } from "./kernels";
import { backwardParallel, defaultThreads, forwardParallel, type ParallelSettings } from "./parallel";
import { GATE_COUNT } from "../gates";
import { biasSize, resultSlots, type SequenceShape, type Weights } from "./sequence";
import { loadWasmKernels } from "./wasm-kernels";

export interface FusedParams {
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  /** rnn [H]; lstm [4H]; gru [2, 3H] when resetAfter, else [3H]. */
  bias: tf.Tensor;
}

export interface FusedOptions {
  cell: CellName;
  /** GRU only (default true). */
  resetAfter?: boolean;
  /** Process the sequence from the last step to the first (the output sequence stays in processing order, as Keras does). */
  goBackwards?: boolean;
  returnSequences: boolean;
}

export interface FusedResult {
  /** [B, T, H] when returnSequences, else [B, H]. */
  output: tf.Tensor;
  h: tf.Tensor2D;
  c?: tf.Tensor2D;
}

export type FusedKernelChoice = "wasm" | "js" | "off";

let selected: Kernels | null | undefined;
/** Milliseconds spent inside the fused forward and backward passes of this process (profiling: bench/profile.ts). */
const timings = { forwardMs: 0, backwardMs: 0, calls: 0 };

/** Time spent in the fused kernels since the last reset (wall clock of the calling thread, workers included). */
export function fusedTimings(reset = false): { forwardMs: number; backwardMs: number; calls: number } {
  const now = { ...timings };
  if (reset) {
    timings.forwardMs = 0;
    timings.backwardMs = 0;
    timings.calls = 0;
  }
  return now;
}
let parallel: ParallelSettings | undefined;

function parseChoice(value: string | undefined): FusedKernelChoice | "auto" {
  if (value === undefined || value === "" || value === "auto") return "auto";
  if (value === "wasm" || value === "js" || value === "off") return value;
  throw new Error(`RNN_WORKBOOK_FUSED=${value} is not a choice: use wasm, js or off (or unset it)`);
}

function choose(choice: FusedKernelChoice | "auto"): Kernels | null {
  if (choice === "off") return null;
  if (choice === "js") return createJsKernels();
  const wasm = loadWasmKernels();
  if (wasm.kernels) return wasm.kernels;
  if (choice === "wasm") throw new Error(`fused wasm kernels could not be loaded (${wasm.reason}): run \`npm run build\``);
  return createJsKernels();
}

function kernels(): Kernels | null {
  if (selected === undefined) selected = choose(parseChoice(process.env.RNN_WORKBOOK_FUSED));
  return selected;
}

/** Whether the fused kernels are usable in this process (always, unless RNN_WORKBOOK_FUSED=off). */
export function fusedAvailable(): boolean {
  return kernels() !== null;
}

/** The kernels themselves (null when switched off), for other fused loops than the recurrence (lib/train/fused-adam.ts). */
export function fusedKernels(): Kernels | null {
  return kernels();
}

/** Which implementation runs the fused path: "wasm" (SIMD), "js" (plain TypeScript) or "off". */
export function fusedKernelName(): FusedKernelChoice {
  return kernels()?.name ?? "off";
}

function parallelSettings(): ParallelSettings {
  if (!parallel) parallel = { threads: defaultThreads() };
  return parallel;
}

/** Threads a large fused call splits its batch across. */
export function fusedThreads(): number {
  return parallelSettings().threads;
}

/** The implementation in more detail: "wasm simd128", "wasm relaxed-simd fma", "js" or "off". */
export function fusedKernelVariant(): string {
  return kernels()?.variant ?? "off";
}

/**
 * Switch the fused implementation for this process (tests and benchmarks compare them), and optionally the
 * thread count, the work (multiply-adds per pass) from which the batch is split, and the units from which a
 * batch-1 LSTM inference may split its units across two threads (forceSplit: always / never, without timing).
 */
export function selectFusedKernels(choice: FusedKernelChoice,
  threading?: { threads?: number; minParallelWork?: number; minSplitUnits?: number; forceSplit?: boolean }): void {
  selected = choose(choice);
  if (threading) {
    parallel = {
      threads: threading.threads ?? parallelSettings().threads,
      minWork: threading.minParallelWork,
      minSplitUnits: threading.minSplitUnits,
      forceSplit: threading.forceSplit,
    };
  }
}

/** True when a gradient tape is recording (inside tf.grads / optimizer.minimize / model.fit). */
function tapeIsRecording(): boolean {
  const state = (tf.engine() as unknown as { state?: { gradientDepth?: number; kernelDepth?: number } }).state;
  // Engine internals (tfjs 4.x); if they ever change, take the differentiable path, which is always correct.
  if (typeof state?.gradientDepth !== "number" || typeof state.kernelDepth !== "number") return true;
  return state.gradientDepth > 0 && state.kernelDepth === 0;
}

function describe(t: tf.Tensor): string {
  return `[${t.shape.join(", ")}]`;
}

function checkShapes(inputs: tf.Tensor, params: FusedParams, initialState: CellState | null, shape: SequenceShape): void {
  const { cell, batch: B, units: H, features: F } = shape;
  const GH = GATE_COUNT[cell] * H;
  const fail = (what: string, fix: string) => {
    throw new Error(`fused ${cell}: ${what}: ${fix}`);
  };
  if (inputs.rank !== 3) fail(`inputs must be [batch, steps, features], got ${describe(inputs)}`, "reshape the input to rank 3");
  if (shape.steps < 1 || B < 1) fail(`inputs ${describe(inputs)} have no steps or no rows`, "pass at least one step and one sequence");
  if (params.recurrentKernel.rank !== 2 || params.recurrentKernel.shape[1] !== GH) {
    fail(`recurrentKernel ${describe(params.recurrentKernel)} should be [units, ${GATE_COUNT[cell]} * units]`, "use the Keras weight layout");
  }
  if (params.kernel.rank !== 2 || params.kernel.shape[0] !== F || params.kernel.shape[1] !== GH) {
    fail(`kernel ${describe(params.kernel)} should be [${F}, ${GH}] for ${F} input features and ${H} units`, "use the Keras weight layout");
  }
  if (params.bias.size !== biasSize(shape)) {
    const want = cell === "gru" ? (shape.resetAfter ? `[2, ${GH}] (resetAfter: true)` : `[${GH}] (resetAfter: false)`) : `[${GH}]`;
    fail(`bias ${describe(params.bias)} should be ${want}`, "match the bias to the cell and resetAfter");
  }
  for (const t of [inputs, params.kernel, params.recurrentKernel, params.bias]) {
    if (t.dtype !== "float32") fail(`a ${t.dtype} tensor was given`, "cast inputs and weights to float32");
  }
  if (initialState) {
    const { h, c } = initialState;
    if (h.rank !== 2 || h.shape[0] !== B || h.shape[1] !== H) fail(`initial h ${describe(h)} should be [${B}, ${H}]`, "pass one state row per sequence");
    if (cell === "lstm" && (!c || c.rank !== 2 || c.shape[0] !== B || c.shape[1] !== H)) {
      fail(`initial c ${c ? describe(c) : "is missing"}; it should be [${B}, ${H}]`, "pass both h and c for an LSTM");
    }
  }
}

/**
 * The whole recurrent layer over a sequence in one op. inputs [B, T, F]; returns the output sequence
 * (or last output), h_T and, for the LSTM, c_T.
 */
export function fusedRecurrence(inputs: tf.Tensor3D, params: FusedParams, initialState: CellState | null, options: FusedOptions): FusedResult {
  return runFused(inputs, params, initialState, options, false) as FusedResult;
}

/**
 * The output alone, for a layer that returns no state: the op yields the output itself, copied out of the
 * kernel's packed result in JS, instead of a [B, S, H] tensor that `fusedRecurrence` slices output, h and c from.
 * TF.js's wasm Slice of that strided block and the Pad of its gradient took about 10% of a full-scale IMDB
 * training step (bench/profile.ts imdb-full-rnn). Same values and gradients, to the bit.
 */
export function fusedOutput(inputs: tf.Tensor3D, params: FusedParams, initialState: CellState | null, options: FusedOptions): tf.Tensor {
  return runFused(inputs, params, initialState, options, true).output;
}

function runFused(
  inputs: tf.Tensor3D,
  params: FusedParams,
  initialState: CellState | null,
  options: FusedOptions,
  outputOnly: boolean,
): FusedResult | { output: tf.Tensor } {
  const k = kernels();
  if (!k) throw new Error("fused kernels are switched off (RNN_WORKBOOK_FUSED=off): use fused: false");
  const cell = options.cell;
  if (!(cell in GATE_COUNT)) throw new Error(`fused: unknown cell '${cell as string}': use one of rnn, lstm, gru`);
  const [B, T, F] = inputs.shape;
  const H = params.recurrentKernel.shape[0];
  const shape: SequenceShape = {
    cell,
    batch: B,
    steps: T,
    features: F,
    units: H,
    resetAfter: options.resetAfter ?? true,
    goBackwards: options.goBackwards ?? false,
    returnSequences: options.returnSequences,
  };
  checkShapes(inputs, params, initialState, shape);
  const S = resultSlots(shape);
  const withC = cell === "lstm" && initialState != null;

  const read = (t: tf.Tensor) => t.dataSync() as Float32Array;
  const forward = (keep: boolean) => {
    const started = performance.now();
    const weights: Weights = { kernel: read(params.kernel), recurrentKernel: read(params.recurrentKernel), bias: read(params.bias) };
    const h0 = initialState ? read(initialState.h) : undefined;
    const c0 = withC ? read(initialState!.c!) : undefined;
    const result = forwardParallel(k, shape, read(inputs), weights, h0, c0, keep, parallelSettings());
    timings.forwardMs += performance.now() - started;
    timings.calls++;
    return { weights, result };
  };

  const outSteps = options.returnSequences ? T : 1;
  // Output only: the first outSteps slots of every row of the packed [B, S, H] result, and back.
  const outputShape = options.returnSequences ? [B, T, H] : [B, H];
  const outputOf = (packedValues: Float32Array) => {
    const out = new Float32Array(B * outSteps * H);
    for (let b = 0; b < B; b++) out.set(packedValues.subarray(b * S * H, (b * S + outSteps) * H), b * outSteps * H);
    return tf.tensor(out, outputShape);
  };
  const packedGradientOf = (dy: tf.Tensor) => {
    const dOutput = read(dy);
    const dPacked = new Float32Array(B * S * H); // the state slots get no gradient: nobody reads them
    for (let b = 0; b < B; b++) dPacked.set(dOutput.subarray(b * outSteps * H, (b + 1) * outSteps * H), b * S * H);
    return dPacked;
  };

  let packed: tf.Tensor3D;
  if (!tapeIsRecording()) {
    const values = forward(false).result.packed;
    if (outputOnly) return { output: outputOf(values) };
    packed = tf.tensor3d(values, [B, S, H]);
  } else {
    const op = tf.customGrad((..._args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const { weights, result } = forward(true);
      const saved = result.saved!; // the gradient keeps only the activations, not the packed output (~15 MB at IMDB scale)
      const gradFunc = (dy: tf.Tensor) => {
        const started = performance.now();
        const g = backwardParallel(k, shape, saved, weights, outputOnly ? packedGradientOf(dy) : read(dy));
        timings.backwardMs += performance.now() - started;
        const grads: tf.Tensor[] = [
          tf.tensor3d(g.dx, [B, T, F]),
          tf.tensor(g.dKernel, params.kernel.shape),
          tf.tensor(g.dRecurrentKernel, params.recurrentKernel.shape),
          tf.tensor(g.dBias, params.bias.shape),
        ];
        if (initialState) grads.push(tf.tensor2d(g.dh0, [B, H]));
        if (withC) grads.push(tf.tensor2d(g.dc0!, [B, H]));
        return grads;
      };
      return { value: outputOnly ? outputOf(result.packed) : tf.tensor3d(result.packed, [B, S, H]), gradFunc };
    });
    const args: tf.Tensor[] = [inputs, params.kernel, params.recurrentKernel, params.bias];
    if (initialState) args.push(initialState.h);
    if (withC) args.push(initialState!.c!);
    const value = op(...args);
    if (outputOnly) return { output: value };
    packed = value as tf.Tensor3D;
  }

  return tf.tidy(() => {
    const slot = (s: number) => packed.slice([0, s, 0], [B, 1, H]).reshape([B, H]) as tf.Tensor2D;
    const output = options.returnSequences ? packed.slice([0, 0, 0], [B, T, H]) : slot(0);
    const result: FusedResult = { output, h: slot(outSteps) };
    if (cell === "lstm") result.c = slot(outSteps + 1);
    packed.dispose();
    return result as unknown as tf.TensorContainer;
  }) as unknown as FusedResult;
}
