/**
 * The fused path against the PyTorch fixtures (forward and every gradient), on both implementations
 * (WebAssembly SIMD and plain TypeScript; ./fma.test.ts reruns it on the relaxed-SIMD FMA build). Loss as in the fixtures: L = sum(output^2) + sum(h_n) (+ sum(c_n)).
 */
import { test } from "node:test";
import { initBackend, tf } from "../../lib/backend";
import assert from "node:assert/strict";
import { fusedKernelVariant, fusedRecurrence, selectFusedKernels, type FusedKernelChoice } from "../../lib/cells/fused";
import { assertClose, loadFixtures } from "./helpers";

const TOL = 2e-5;

for (const impl of ["wasm", "js"] as FusedKernelChoice[]) {
  for (const fx of loadFixtures()) {
    test(`fused ${impl} ${fx.name} matches PyTorch forward and gradients`, async () => {
      await initBackend({ quiet: true });
      selectFusedKernels(impl);
      // ./fma.test.ts reruns this file asserting which wasm build runs (FMA, and SIMD128 with RNN_WORKBOOK_FUSED_FMA=0).
      if (impl === "wasm" && process.env.RNN_WORKBOOK_EXPECT_FMA === "1") assert.equal(fusedKernelVariant(), "wasm relaxed-simd fma");
      if (impl === "wasm" && process.env.RNN_WORKBOOK_EXPECT_FMA === "0") assert.equal(fusedKernelVariant(), "wasm simd128");
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const x = tf.tensor3d(fx.input);
        const kernel = tf.tensor2d(fx.keras.kernel);
        const recurrentKernel = tf.tensor2d(fx.keras.recurrent_kernel);
        const bias = tf.tensor(fx.keras.bias);
        const run = (xi: tf.Tensor, k: tf.Tensor, r: tf.Tensor, b: tf.Tensor) =>
          fusedRecurrence(xi as tf.Tensor3D, { kernel: k as tf.Tensor2D, recurrentKernel: r as tf.Tensor2D, bias: b },
            null, { cell: fx.cell, returnSequences: true, resetAfter: true });
        const out = run(x, kernel, recurrentKernel, bias);
        assertClose(out.output, fx.output, TOL, "output");
        assertClose(out.h, fx.h_n, TOL, "h_n");
        if (fx.c_n) assertClose(out.c!, fx.c_n, TOL, "c_n");
        const loss = (xi: tf.Tensor, k: tf.Tensor, r: tf.Tensor, b: tf.Tensor) => {
          const o = run(xi, k, r, b);
          let l = o.output.square().sum().add(o.h.sum());
          if (o.c) l = l.add(o.c.sum());
          return l as tf.Scalar;
        };
        const [dx, dk, dr, db] = tf.grads(loss)([x, kernel, recurrentKernel, bias]);
        assertClose(dx, fx.grads.input, TOL, "dL/dinput");
        assertClose(dk, fx.keras.grads.kernel, TOL, "dL/dkernel");
        assertClose(dr, fx.keras.grads.recurrent_kernel, TOL, "dL/drecurrentKernel");
        assertClose(db, fx.keras.grads.bias, TOL, "dL/dbias");
      });
      // The custom op keeps nothing behind.
      if (tf.memory().numTensors !== before) throw new Error(`leaked ${tf.memory().numTensors - before} tensors`);
    });
  }
}
