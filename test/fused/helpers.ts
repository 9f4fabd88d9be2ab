/**
 * Test helpers for the fused kernels: the PyTorch fixtures, an independent step-wise reference written with
 * ordinary tf ops (differentiated by tfjs's own autograd), and closeness checks.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import assert from "node:assert/strict";
import { tf } from "../../lib/backend";
import type { CellName } from "../../lib/cells/types";

export const FIXTURES = path.resolve(__dirname, "../../../test/fixtures/torch_rnn_reference.json");

export interface FixtureCase {
  name: string;
  cell: CellName;
  input_size: number;
  hidden_size: number;
  seq_len: number;
  batch: number;
  input: number[][][];
  output: number[][][];
  h_n: number[][];
  c_n?: number[][];
  loss: number;
  grads: { input: number[][][] };
  keras: {
    kernel: number[][];
    recurrent_kernel: number[][];
    bias: number[] | number[][];
    grads: { kernel: number[][]; recurrent_kernel: number[][]; bias: number[] | number[][] };
  };
}

/** A second file of the same format with other sizes and seeds (test/cells/fixtures/make_reference.py). */
export const FIXTURES_SIZES = path.resolve(__dirname, "../../../test/cells/fixtures/torch_reference_sizes.json");

export function loadFixtures(): FixtureCase[] {
  return [FIXTURES, FIXTURES_SIZES].flatMap((file) => (JSON.parse(fs.readFileSync(file, "utf8")) as { cases: FixtureCase[] }).cases);
}

/** Largest |a - b| over two tensors or nested arrays of the same shape. */
export function maxAbsDiff(a: tf.Tensor | number[] | number[][] | number[][][], b: tf.Tensor | number[] | number[][] | number[][][]): number {
  const flat = (v: tf.Tensor | unknown[]) => (v instanceof tf.Tensor ? Array.from(v.dataSync()) : (v.flat(3) as number[]));
  const x = flat(a), y = flat(b);
  assert.equal(x.length, y.length, `sizes differ: ${x.length} vs ${y.length}`);
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    assert.ok(Number.isFinite(x[i]) && Number.isFinite(y[i]), `non-finite value at ${i}`);
    worst = Math.max(worst, Math.abs(x[i] - y[i]));
  }
  return worst;
}

/**
 * |a - b| <= tol * max(1, max |b|): float32 rounding grows with the magnitude of the values (gradients summed
 * over many steps reach the hundreds), so the tolerance scales with the reference once it exceeds 1.
 */
export function assertClose(a: Parameters<typeof maxAbsDiff>[0], b: Parameters<typeof maxAbsDiff>[1], tol: number, what: string): void {
  const d = maxAbsDiff(a, b);
  const scale = Math.max(1, ...(b instanceof tf.Tensor ? Array.from(b.dataSync()) : (b.flat(3) as number[])).map(Math.abs));
  assert.ok(d <= tol * scale, `${what}: max |difference| ${d.toExponential(2)} > ${tol} x ${scale.toPrecision(3)}`);
}

export interface RefOptions {
  cell: CellName;
  resetAfter?: boolean;
  goBackwards?: boolean;
  returnSequences: boolean;
}

/**
 * Step-wise reference, one tf op per equation (Keras layout, Keras goBackwards convention: the input is
 * reversed in time and the outputs stay in processing order).
 */
export function referenceRecurrence(x: tf.Tensor3D, kernel: tf.Tensor2D, recurrentKernel: tf.Tensor2D, bias: tf.Tensor,
  h0: tf.Tensor2D | null, c0: tf.Tensor2D | null, o: RefOptions): { output: tf.Tensor; h: tf.Tensor2D; c?: tf.Tensor2D } {
  const [B, T] = x.shape;
  const H = recurrentKernel.shape[0];
  let h = h0 ?? tf.zeros<tf.Rank.R2>([B, H]);
  let c = c0 ?? tf.zeros<tf.Rank.R2>([B, H]);
  const outputs: tf.Tensor2D[] = [];
  const resetAfter = o.resetAfter ?? true;
  for (let s = 0; s < T; s++) {
    const t = o.goBackwards ? T - 1 - s : s;
    const xt = x.slice([0, t, 0], [B, 1, x.shape[2]]).reshape([B, x.shape[2]]) as tf.Tensor2D;
    const xk = tf.matMul(xt, kernel);
    if (o.cell === "rnn") {
      h = tf.tanh(xk.add(tf.matMul(h, recurrentKernel)).add(bias)) as tf.Tensor2D;
    } else if (o.cell === "lstm") {
      const pre = xk.add(tf.matMul(h, recurrentKernel)).add(bias);
      const [i, f, g, out] = tf.split(pre, 4, 1);
      c = tf.sigmoid(f).mul(c).add(tf.sigmoid(i).mul(tf.tanh(g))) as tf.Tensor2D;
      h = tf.sigmoid(out).mul(tf.tanh(c)) as tf.Tensor2D;
    } else {
      const [kz, kr, kh] = tf.split(kernel, 3, 1);
      const [rz, rr, rh] = tf.split(recurrentKernel, 3, 1);
      const bIn = resetAfter ? bias.slice([0, 0], [1, 3 * H]).reshape([3 * H]) : bias;
      const [bz, br, bh] = tf.split(bIn, 3, 0);
      if (resetAfter) {
        const [cz, cr, ch] = tf.split(bias.slice([1, 0], [1, 3 * H]).reshape([3 * H]), 3, 0);
        const z = tf.sigmoid(tf.matMul(xt, kz).add(bz).add(tf.matMul(h, rz)).add(cz));
        const r = tf.sigmoid(tf.matMul(xt, kr).add(br).add(tf.matMul(h, rr)).add(cr));
        const n = tf.tanh(tf.matMul(xt, kh).add(bh).add(r.mul(tf.matMul(h, rh).add(ch))));
        h = z.mul(h).add(tf.scalar(1).sub(z).mul(n)) as tf.Tensor2D;
      } else {
        const z = tf.sigmoid(tf.matMul(xt, kz).add(bz).add(tf.matMul(h, rz)));
        const r = tf.sigmoid(tf.matMul(xt, kr).add(br).add(tf.matMul(h, rr)));
        const n = tf.tanh(tf.matMul(xt, kh).add(bh).add(tf.matMul(r.mul(h), rh)));
        h = z.mul(h).add(tf.scalar(1).sub(z).mul(n)) as tf.Tensor2D;
      }
    }
    outputs.push(h);
  }
  const output = o.returnSequences ? tf.stack(outputs, 1) : h;
  return o.cell === "lstm" ? { output, h, c } : { output, h };
}

/** Deterministic uniform(-scale, scale) values. */
export function seeded(shape: number[], seed: number, scale = 0.5): tf.Tensor {
  return tf.randomUniform(shape, -scale, scale, "float32", seed);
}
