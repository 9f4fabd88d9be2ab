/**
 * The fused path against an independent step-wise reference (tf ops + tfjs autograd, ./helpers.ts) and against
 * tf.layers itself, over the options the layers pass: returnSequences, returned states, initial states (with
 * their gradients), goBackwards, GRU resetAfter true/false, stacked layers, and odd sizes (units not a multiple
 * of 4, batch 1, one step, sizes that cross the matrix-product blocking).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/backend";
import { fusedOutput, fusedRecurrence, selectFusedKernels, type FusedKernelChoice, type FusedResult } from "../../lib/cells/fused";
import type { CellName } from "../../lib/cells/types";
import { assertClose, referenceRecurrence, seeded, type RefOptions } from "./helpers";

const GATES: Record<CellName, number> = { rnn: 1, lstm: 4, gru: 3 };

interface Case {
  B: number;
  T: number;
  F: number;
  H: number;
  opts: RefOptions;
  withState: boolean;
}

function biasShape(o: RefOptions, H: number): number[] {
  const GH = GATES[o.cell] * H;
  return o.cell === "gru" && (o.resetAfter ?? true) ? [2, GH] : [GH];
}

/** Sum of squares of every returned tensor with distinct weights, so each output's gradient path is exercised. */
function lossOf(r: FusedResult): tf.Scalar {
  let l = r.output.square().sum().add(r.h.mul(0.7).sum());
  if (r.c) l = l.add(r.c.mul(-1.3).sum());
  return l as tf.Scalar;
}

function checkCase(c: Case, tol: number): void {
  const { B, T, F, H, opts } = c;
  const GH = GATES[opts.cell] * H;
  tf.tidy(() => {
    const seed = B * 1000 + T * 100 + H;
    const x = seeded([B, T, F], seed, 1);
    const kernel = seeded([F, GH], seed + 1);
    const recurrentKernel = seeded([H, GH], seed + 2);
    const bias = seeded(biasShape(opts, H), seed + 3);
    const h0 = seeded([B, H], seed + 4);
    const c0 = seeded([B, H], seed + 5);
    const inputs = [x, kernel, recurrentKernel, bias];
    if (c.withState) inputs.push(h0);
    if (c.withState && opts.cell === "lstm") inputs.push(c0);
    const fused = (...t: tf.Tensor[]) =>
      fusedRecurrence(t[0] as tf.Tensor3D, { kernel: t[1] as tf.Tensor2D, recurrentKernel: t[2] as tf.Tensor2D, bias: t[3] },
        c.withState ? { h: t[4] as tf.Tensor2D, c: opts.cell === "lstm" ? (t[5] as tf.Tensor2D) : undefined } : null, opts);
    const reference = (...t: tf.Tensor[]) =>
      referenceRecurrence(t[0] as tf.Tensor3D, t[1] as tf.Tensor2D, t[2] as tf.Tensor2D, t[3],
        c.withState ? (t[4] as tf.Tensor2D) : null, c.withState && opts.cell === "lstm" ? (t[5] as tf.Tensor2D) : null, opts);
    const got = fused(...inputs);
    const want = reference(...inputs);
    assert.deepEqual(got.output.shape, want.output.shape);
    assertClose(got.output, want.output, tol, "output");
    assertClose(got.h, want.h, tol, "h");
    if (opts.cell === "lstm") assertClose(got.c!, want.c!, tol, "c");
    const gotGrads = tf.grads((...t: tf.Tensor[]) => lossOf(fused(...t)))(inputs);
    const wantGrads = tf.grads((...t: tf.Tensor[]) => lossOf(reference(...t) as FusedResult))(inputs);
    const names = ["inputs", "kernel", "recurrentKernel", "bias", "h0", "c0"];
    gotGrads.forEach((g, i) => {
      assertClose(g, wantGrads[i], tol * 4, `dL/d${names[i]}`);
    });
  });
}

const CELLS: RefOptions[] = [
  { cell: "rnn", returnSequences: true },
  { cell: "lstm", returnSequences: true },
  { cell: "gru", returnSequences: true, resetAfter: true },
  { cell: "gru", returnSequences: true, resetAfter: false },
];

for (const impl of ["wasm", "js"] as FusedKernelChoice[]) {
  for (const base of CELLS) {
    const label = `${base.cell}${base.cell === "gru" ? (base.resetAfter ? " resetAfter" : " resetBefore") : ""}`;
    test(`fused ${impl} ${label}: sequences/last output, goBackwards, initial state, odd sizes match the step-wise reference`, async () => {
      await initBackend({ quiet: true });
      selectFusedKernels(impl);
      const before = tf.memory().numTensors;
      const shapes = [
        { B: 3, T: 5, F: 2, H: 4 },
        { B: 1, T: 1, F: 1, H: 5 }, // batch 1, one step, units not a multiple of 4
        { B: 1, T: 3, F: 2, H: 13 }, // batch 1 over several panels of 8 columns (the single-row product)
        { B: 2, T: 4, F: 3, H: 7 },
      ];
      for (const s of shapes) {
        for (const returnSequences of [true, false]) {
          for (const goBackwards of [false, true]) {
            for (const withState of [false, true]) {
              checkCase({ ...s, opts: { ...base, returnSequences, goBackwards }, withState }, 2e-5);
            }
          }
        }
      }
      assert.equal(tf.memory().numTensors, before, "tensors leaked");
    });
  }
}

test("fused wasm and js agree on sizes that cross the product blocking (T*B > 256 rows, H = 37, F = 9)", async () => {
  await initBackend({ quiet: true });
  for (const base of CELLS) {
    for (const impl of ["wasm", "js"] as FusedKernelChoice[]) {
      selectFusedKernels(impl);
      // Long-K weight gradients (K = T*B = 310) and an input projection with M = 310 > MC.
      checkCase({ B: 10, T: 31, F: 9, H: 37, opts: { ...base, returnSequences: true }, withState: true }, 1e-4);
    }
  }
});

test("fused with the batch split across 2 and 3 threads matches the step-wise reference (uneven shares)", async () => {
  await initBackend({ quiet: true });
  for (const threads of [2, 3]) {
    selectFusedKernels("wasm", { threads, minParallelWork: 0 });
    for (const base of CELLS) {
      for (const returnSequences of [true, false]) {
        checkCase({ B: 5, T: 6, F: 3, H: 9, opts: { ...base, returnSequences, goBackwards: returnSequences }, withState: true }, 2e-5);
      }
    }
  }
  selectFusedKernels("wasm", { threads: 1 });
});

test("batch-1 LSTM inference with its units split across 2 threads matches the reference and the one-thread bits", async () => {
  await initBackend({ quiet: true });
  const opts = { cell: "lstm" as const, returnSequences: true };
  for (const H of [16, 20, 37]) {
    for (const goBackwards of [false, true]) {
      for (const withState of [false, true]) {
        tf.tidy(() => {
          const T = 7, F = 3, seed = 50 * H + T;
          const x = seeded([1, T, F], seed, 1);
          const params = { kernel: seeded([F, 4 * H], seed + 1), recurrentKernel: seeded([H, 4 * H], seed + 2), bias: seeded([4 * H], seed + 3) };
          const state = withState ? { h: seeded([1, H], seed + 4) as tf.Tensor2D, c: seeded([1, H], seed + 5) as tf.Tensor2D } : null;
          const o = { ...opts, goBackwards };
          const run = (forceSplit: boolean) => {
            selectFusedKernels("wasm", { threads: 2, minSplitUnits: 0, forceSplit });
            return fusedRecurrence(x as tf.Tensor3D, params as { kernel: tf.Tensor2D; recurrentKernel: tf.Tensor2D; bias: tf.Tensor }, state, o);
          };
          const split = run(true);
          const single = run(false);
          const want = referenceRecurrence(x as tf.Tensor3D, params.kernel as tf.Tensor2D, params.recurrentKernel as tf.Tensor2D, params.bias,
            state?.h ?? null, state?.c ?? null, o);
          const what = `H ${H}, goBackwards ${goBackwards}, state ${withState}`;
          assertClose(split.output, want.output, 2e-5, `output (${what})`);
          assertClose(split.c!, want.c!, 2e-5, `c (${what})`);
          for (const [a, b, name] of [[split.output, single.output, "output"], [split.h, single.h, "h"], [split.c!, single.c!, "c"]] as const) {
            assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()), `${name}: split and one thread differ (${what})`);
          }
        });
      }
    }
  }
  selectFusedKernels("wasm", { threads: 1 });
});

test("fusedOutput (what a layer without returnState asks for) gives the same bits as fusedRecurrence's output, values and gradients", async () => {
  await initBackend({ quiet: true });
  for (const impl of ["wasm", "js"] as FusedKernelChoice[]) {
    for (const threads of [1, 2]) {
      selectFusedKernels(impl, { threads, minParallelWork: 0 });
      const before = tf.memory().numTensors;
      for (const base of CELLS) {
        for (const returnSequences of [true, false]) {
          for (const [withState, goBackwards] of [[false, false], [false, true], [true, false], [true, true]]) {
            tf.tidy(() => {
              const B = 5, T = 6, F = 3, H = 7, GH = GATES[base.cell] * H, seed = 77 + H;
              const opts = { ...base, returnSequences, goBackwards };
              const inputs = [seeded([B, T, F], seed, 1), seeded([F, GH], seed + 1), seeded([H, GH], seed + 2), seeded(biasShape(base, H), seed + 3)];
              const state = withState ? { h: seeded([B, H], seed + 4) as tf.Tensor2D, c: base.cell === "lstm" ? (seeded([B, H], seed + 5) as tf.Tensor2D) : undefined } : null;
              const run = (outputOnly: boolean) => (...t: tf.Tensor[]) => {
                const params = { kernel: t[1] as tf.Tensor2D, recurrentKernel: t[2] as tf.Tensor2D, bias: t[3] };
                const output = outputOnly
                  ? fusedOutput(t[0] as tf.Tensor3D, params, state, opts)
                  : fusedRecurrence(t[0] as tf.Tensor3D, params, state, opts).output;
                return output.square().sum() as tf.Scalar;
              };
              const what = `${impl} x${threads} ${base.cell} sequences ${returnSequences} state ${withState} backwards ${goBackwards}`;
              const bits = (t: tf.Tensor) => Array.from(t.dataSync());
              // Inference (no tape) and training (tape: the op's own gradient).
              const plain = fusedRecurrence(inputs[0] as tf.Tensor3D, { kernel: inputs[1] as tf.Tensor2D, recurrentKernel: inputs[2] as tf.Tensor2D, bias: inputs[3] }, state, opts);
              const only = fusedOutput(inputs[0] as tf.Tensor3D, { kernel: inputs[1] as tf.Tensor2D, recurrentKernel: inputs[2] as tf.Tensor2D, bias: inputs[3] }, state, opts);
              assert.deepEqual(only.shape, plain.output.shape, what);
              assert.deepEqual(bits(only), bits(plain.output), `${what}: inference output`);
              const got = tf.grads(run(true))(inputs);
              const want = tf.grads(run(false))(inputs);
              got.forEach((g, i) => assert.deepEqual(bits(g), bits(want[i]), `${what}: gradient ${i}`));
            });
          }
        }
      }
      assert.equal(tf.memory().numTensors, before, "tensors leaked");
    }
  }
  selectFusedKernels("wasm", { threads: 1 });
});

test("stacked fused layers (sequence into sequence) match stacked step-wise layers, with gradients", async () => {
  await initBackend({ quiet: true });
  selectFusedKernels("wasm");
  for (const cell of ["rnn", "lstm", "gru"] as CellName[]) {
    tf.tidy(() => {
      const B = 2, T = 6, F = 3, H1 = 5, H2 = 4;
      const g = GATES[cell];
      const x = seeded([B, T, F], 11, 1);
      const w = [seeded([F, g * H1], 12), seeded([H1, g * H1], 13), seeded(cell === "gru" ? [2, g * H1] : [g * H1], 14),
        seeded([H1, g * H2], 15), seeded([H2, g * H2], 16), seeded(cell === "gru" ? [2, g * H2] : [g * H2], 17)];
      const stack = (impl: "fused" | "reference") => (...t: tf.Tensor[]) => {
        const layer = (input: tf.Tensor, k: tf.Tensor, r: tf.Tensor, b: tf.Tensor, returnSequences: boolean) =>
          impl === "fused"
            ? fusedRecurrence(input as tf.Tensor3D, { kernel: k as tf.Tensor2D, recurrentKernel: r as tf.Tensor2D, bias: b }, null, { cell, returnSequences })
            : referenceRecurrence(input as tf.Tensor3D, k as tf.Tensor2D, r as tf.Tensor2D, b, null, null, { cell, returnSequences });
        const first = layer(t[0], t[1], t[2], t[3], true);
        return layer(first.output, t[4], t[5], t[6], false).output.square().sum() as tf.Scalar;
      };
      const inputs = [x, ...w];
      assertClose(stack("fused")(...inputs), stack("reference")(...inputs), 2e-5, `${cell} stacked output`);
      const got = tf.grads(stack("fused"))(inputs);
      const want = tf.grads(stack("reference"))(inputs);
      got.forEach((gr, i) => assertClose(gr, want[i], 1e-4, `${cell} stacked gradient ${i}`));
    });
  }
});

test("fused matches tf.layers simpleRNN / lstm / gru (resetAfter: false, sigmoid gates), forward and backward", async () => {
  await initBackend({ quiet: true });
  selectFusedKernels("wasm");
  for (const cell of ["rnn", "lstm", "gru"] as CellName[]) {
    for (const goBackwards of [false, true]) {
      tf.tidy(() => {
        const B = 3, T = 7, F = 2, H = 6;
        const common = { units: H, returnSequences: true, goBackwards, inputShape: [T, F] };
        const layer = cell === "rnn" ? tf.layers.simpleRNN(common)
          : cell === "lstm" ? tf.layers.lstm({ ...common, recurrentActivation: "sigmoid" })
            : tf.layers.gru({ ...common, recurrentActivation: "sigmoid", resetAfter: false } as Parameters<typeof tf.layers.gru>[0]);
        const x = seeded([B, T, F], 21, 1);
        layer.apply(x); // builds the weights
        const [kernel, recurrentKernel, bias] = layer.getWeights();
        layer.setWeights([kernel, recurrentKernel, seeded(bias.shape, 22)]);
        const [k, r, b] = layer.getWeights();
        const want = layer.apply(x) as tf.Tensor;
        const got = fusedRecurrence(x as tf.Tensor3D, { kernel: k as tf.Tensor2D, recurrentKernel: r as tf.Tensor2D, bias: b }, null,
          { cell, returnSequences: true, goBackwards, resetAfter: false });
        assertClose(got.output, want, 2e-5, `${cell} goBackwards=${goBackwards} output vs tf.layers`);
        const dxWant = tf.grad((xi: tf.Tensor) => (layer.apply(xi) as tf.Tensor).square().sum() as tf.Scalar)(x);
        const dxGot = tf.grad((xi: tf.Tensor) => fusedRecurrence(xi as tf.Tensor3D,
          { kernel: k as tf.Tensor2D, recurrentKernel: r as tf.Tensor2D, bias: b }, null,
          { cell, returnSequences: true, goBackwards, resetAfter: false }).output.square().sum() as tf.Scalar)(x);
        assertClose(dxGot, dxWant, 1e-4, `${cell} goBackwards=${goBackwards} dL/dinput vs tf.layers`);
      });
    }
  }
});

test("fused rejects bad shapes with a message that names the problem", async () => {
  await initBackend({ quiet: true });
  tf.tidy(() => {
    const x = tf.zeros([2, 3, 4]) as tf.Tensor3D;
    const params = { kernel: tf.zeros([4, 8]) as tf.Tensor2D, recurrentKernel: tf.zeros([2, 8]) as tf.Tensor2D, bias: tf.zeros([8]) };
    assert.throws(() => fusedRecurrence(x, { ...params, kernel: tf.zeros([3, 8]) as tf.Tensor2D }, null, { cell: "lstm", returnSequences: true }),
      /fused lstm: kernel \[3, 8\] should be \[4, 8\]/);
    assert.throws(() => fusedRecurrence(x, { ...params, bias: tf.zeros([6]) }, null, { cell: "lstm", returnSequences: true }),
      /bias \[6\] should be \[8\]/);
    assert.throws(() => fusedRecurrence(x, params, { h: tf.zeros([2, 2]) as tf.Tensor2D }, { cell: "lstm", returnSequences: true }),
      /initial c is missing/);
    assert.throws(() => fusedRecurrence(tf.zeros([2, 0, 4]) as tf.Tensor3D, params, null, { cell: "lstm", returnSequences: true }),
      /no steps/);
  });
});
