/**
 * The proof that the cells compute PyTorch's numbers (the library half of `rnn-workbook check-reference`, whose
 * command half is lib/cli/check-reference.ts).
 *
 * For every case of a reference file (format: test/fixtures/README.md in the rnn-workbook repository, any sizes and seeds), load the
 * PyTorch weights into a workbook layer, run the forward pass, and take the gradient of
 *   L = sum(output^2) + sum(h_n)  (+ sum(c_n) for the LSTM)
 * with respect to the input and the four PyTorch weights. Report the largest absolute error of each, for
 * the step-wise path and (when the fused kernels are available) the fused path. A NaN is a failure.
 *
 * A missing or malformed file (or a bad tolerance) throws `ReferenceFormatError`; the command exits 2 on it.
 */
import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend";
import { fusedAvailable } from "./fused";
import { WorkbookRNN, recurrentLayer } from "./layer";
import { CELL_NAMES, type CellName, type TorchWeights } from "./types";
import { cellOf, flatten, kerasToTorch, setTorchWeights } from "./weights";

/** The two ways a layer runs a sequence: step by step with the cell, or the fused whole-sequence kernel. */
export type RecurrencePath = "stepwise" | "fused";

/** The reference file (or the tolerance) cannot be used: missing, not JSON, or not in the documented format. */
export class ReferenceFormatError extends Error {
  override name = "ReferenceFormatError";
}

/** One case of a reference file, checked and flattened. */
interface ReferenceCase {
  name: string;
  cell: CellName;
  inputSize: number;
  hiddenSize: number;
  seqLen: number;
  batch: number;
  weights: TorchWeights;
  input: Float32Array;
  /** Expected values and gradients, flat, by quantity name (output, h_n, c_n, d_input, d_weight_ih_l0, ...). */
  expected: Record<string, Float32Array>;
}

/** One case checked on one path: the largest absolute error of every value and gradient. */
export interface PathResult {
  path: RecurrencePath;
  /** Largest absolute error per quantity: output, h_n, (c_n,) d_input, d_weight_ih_l0, d_weight_hh_l0, d_bias_ih_l0, d_bias_hh_l0. NaN if any value was not finite. */
  errors: Record<string, number>;
  maxError: number;
  pass: boolean;
}

/** One case of a reference file, checked on every available path. */
export interface CaseResult {
  name: string;
  cell: CellName;
  paths: PathResult[];
  pass: boolean;
}

/** The result of `checkReference`: every case and path with its largest errors, and whether all are within the tolerance. */
export interface ReferenceReport {
  tolerance: number;
  /** The paths checked: always "stepwise", plus "fused" when fusedAvailable(). */
  paths: RecurrencePath[];
  cases: CaseResult[];
  pass: boolean;
}

const WEIGHT_NAMES = ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"] as const;

/** Read and check a reference file (or an already parsed object); a malformed one is a UsageError (exit 2). */
export function parseReference(source: string | object): ReferenceCase[] {
  let data: unknown = source;
  const label = typeof source === "string" ? source : "reference object";
  if (typeof source === "string") {
    if (!fs.existsSync(source)) throw new ReferenceFormatError(`check-reference: ${source} does not exist: pass a reference JSON file`);
    try {
      data = JSON.parse(fs.readFileSync(source, "utf8"));
    } catch (err) {
      throw new ReferenceFormatError(`check-reference: ${source} is not valid JSON (${(err as Error).message.split("\n")[0]})`);
    }
  }
  const cases = (data as { cases?: unknown })?.cases;
  if (!Array.isArray(cases) || cases.length === 0) {
    throw new ReferenceFormatError(`check-reference: ${label} has no "cases" array: see test/fixtures/README.md in the rnn-workbook repository for the format`);
  }
  return cases.map((raw, index) => parseCase(raw, index, label));
}

function parseCase(raw: unknown, index: number, label: string): ReferenceCase {
  const c = (raw ?? {}) as Record<string, unknown>;
  const name = typeof c.name === "string" ? c.name : `#${index}`;
  const where = `check-reference: ${label}, case ${name}`;
  try {
    if (!CELL_NAMES.includes(c.cell as CellName)) {
      throw new Error(`unknown cell ${JSON.stringify(c.cell)}: use one of ${CELL_NAMES.join(", ")}`);
    }
    const cell = c.cell as CellName;
    const size = (key: string): number => {
      const v = c[key];
      if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new Error(`${key} must be a positive integer, got ${JSON.stringify(v)}`);
      return v;
    };
    const [F, H, T, B] = [size("input_size"), size("hidden_size"), size("seq_len"), size("batch")];
    const G = { rnn: 1, lstm: 4, gru: 3 }[cell];
    const weights = (c.weights ?? {}) as Record<string, unknown>;
    const grads = (c.grads ?? {}) as Record<string, unknown>;
    const weightShapes: Record<(typeof WEIGHT_NAMES)[number], number[]> = {
      weight_ih_l0: [G * H, F],
      weight_hh_l0: [G * H, H],
      bias_ih_l0: [G * H],
      bias_hh_l0: [G * H],
    };
    for (const w of WEIGHT_NAMES) flatten(weights[w], weightShapes[w], `weights.${w}`, `${cell}, G=${G}, H=${H}, F=${F}`);
    const expected: Record<string, Float32Array> = {
      output: flatten(c.output, [B, T, H], "output", "[batch, seq_len, hidden_size]"),
      h_n: flatten(c.h_n, [B, H], "h_n", "[batch, hidden_size]"),
    };
    if (cell === "lstm") expected.c_n = flatten(c.c_n, [B, H], "c_n", "[batch, hidden_size]");
    expected.d_input = flatten(grads.input, [B, T, F], "grads.input", "[batch, seq_len, input_size]");
    for (const w of WEIGHT_NAMES) expected[`d_${w}`] = flatten(grads[w], weightShapes[w], `grads.${w}`, `same as weights.${w}`);
    return {
      name,
      cell,
      inputSize: F,
      hiddenSize: H,
      seqLen: T,
      batch: B,
      weights: weights as unknown as TorchWeights,
      input: flatten(c.input, [B, T, F], "input", "[batch, seq_len, input_size]"),
      expected,
    };
  } catch (err) {
    throw new ReferenceFormatError(`${where}: ${(err as Error).message}`);
  }
}

/** Largest |actual - expected|; NaN when any actual value is not finite (so it can never pass). */
function maxAbsError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < expected.length; i++) {
    if (!Number.isFinite(actual[i])) return NaN;
    max = Math.max(max, Math.abs(actual[i] - expected[i]));
  }
  return max;
}

/** Run one case on one path: the forward values and the gradients, in PyTorch layout, as flat arrays. */
function runCase(c: ReferenceCase, path: RecurrencePath): Record<string, ArrayLike<number>> {
  const layer = recurrentLayer(c.cell, {
    units: c.hiddenSize,
    returnSequences: true,
    returnState: true,
    resetAfter: true,
    fused: path === "fused",
    seed: 0,
  });
  setTorchWeights(layer, c.weights);
  const cell = cellOf(layer, "check-reference");
  const input = tf.variable(tf.tensor3d(c.input, [c.batch, c.seqLen, c.inputSize]));
  try {
    const params = [cell.kernel.read(), cell.recurrentKernel.read(), cell.bias.read()] as tf.Variable[];
    const actual: Record<string, ArrayLike<number>> = {};
    const { grads } = tf.variableGrads(() => {
      const [output, h, cState] = layer.apply(input) as tf.Tensor[];
      actual.output = output.dataSync();
      actual.h_n = h.dataSync();
      if (cState) actual.c_n = cState.dataSync();
      let loss = tf.add(tf.sum(tf.square(output)), tf.sum(h));
      if (cState) loss = tf.add(loss, tf.sum(cState));
      return loss as tf.Scalar;
    }, [input, ...params]);
    const taken = (layer as WorkbookRNN).lastPath;
    if (taken !== path) throw new Error(`check-reference: asked for the ${path} path, the layer took the ${taken} path`);
    actual.d_input = grads[input.name].dataSync();
    const torchGrads = kerasToTorch(
      c.cell,
      c.inputSize,
      c.hiddenSize,
      grads[params[0].name].dataSync(),
      grads[params[1].name].dataSync(),
      grads[params[2].name].dataSync(),
      "both",
    );
    for (const w of WEIGHT_NAMES) actual[`d_${w}`] = (torchGrads[w] as (number | number[])[]).flat();
    tf.dispose(Object.values(grads));
    return actual;
  } finally {
    input.dispose();
    layer.dispose();
  }
}

/**
 * Check every case of a reference file (path or parsed object) against the workbook cells.
 * Throws a UsageError for a missing or malformed file; never lets a NaN pass.
 */
export async function checkReference(source: string | object, options: { tolerance?: number } = {}): Promise<ReferenceReport> {
  const tolerance = options.tolerance ?? 1e-4;
  if (!(tolerance > 0)) throw new ReferenceFormatError(`check-reference: the tolerance must be a positive number, got ${tolerance}`);
  const cases = parseReference(source);
  await initBackend({ quiet: true });
  const paths: RecurrencePath[] = fusedAvailable() ? ["stepwise", "fused"] : ["stepwise"];
  const results = cases.map((c): CaseResult => {
    const pathResults = paths.map((path): PathResult => {
      const actual = runCase(c, path);
      const errors: Record<string, number> = {};
      for (const [quantity, expected] of Object.entries(c.expected)) errors[quantity] = maxAbsError(actual[quantity], expected);
      const values = Object.values(errors);
      const maxError = values.some(Number.isNaN) ? NaN : Math.max(...values);
      return { path, errors, maxError, pass: maxError <= tolerance };
    });
    return { name: c.name, cell: c.cell, paths: pathResults, pass: pathResults.every((p) => p.pass) };
  });
  return { tolerance, paths, cases: results, pass: results.every((r) => r.pass) };
}

/** One line per case and path: verdict, name, path, and the largest error of every quantity. */
export function formatReferenceLine(result: CaseResult, path: PathResult): string {
  const errors = Object.entries(path.errors)
    .map(([q, e]) => `${q} ${Number.isNaN(e) ? "NaN" : e.toExponential(1)}`)
    .join("  ");
  return `${path.pass ? "ok  " : "FAIL"} ${result.name.padEnd(22)} ${path.path.padEnd(8)}  ${errors}`;
}
