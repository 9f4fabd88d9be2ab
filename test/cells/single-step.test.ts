/**
 * Sequences of one step (seq_len 1) against PyTorch, for every cell: test/cells/fixtures/torch_reference_t1.json
 * (made by `make_reference.py --set t1`). The loss sum(output^2) + sum(h_n) (+ sum(c_n)) puts gradients on both
 * the sequence output and the final state, the case where TF.js's unstack gradient used to throw. Checked through
 * check-reference (step-wise and fused paths), the check-reference CLI, and the fused kernels directly (wasm, js).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { initBackend, tf } from "../../lib/backend";
import { checkReference } from "../../lib/cells/check-reference";
import { fusedAvailable, fusedRecurrence, selectFusedKernels, type FusedKernelChoice } from "../../lib/cells/fused";
import { CELL_NAMES } from "../../lib/cells/types";
import { assertClose, type FixtureCase } from "../fused/helpers";

const root = path.resolve(__dirname, "..", "..", "..");
const T1 = path.join(root, "test", "cells", "fixtures", "torch_reference_t1.json");
const cases = (JSON.parse(fs.readFileSync(T1, "utf8")) as { cases: FixtureCase[] }).cases;
const FORWARD = ["output", "h_n", "c_n"];

test("the seq_len 1 fixture covers every cell, and only one-step sequences", () => {
  assert.deepEqual([...new Set(cases.map((c) => c.cell))].sort(), [...CELL_NAMES].sort());
  assert.ok(cases.every((c) => c.seq_len === 1));
});

test("check-reference: every cell at seq_len 1 matches PyTorch on every path", async () => {
  await initBackend({ quiet: true });
  const report = await checkReference(T1);
  assert.equal(report.cases.length, cases.length);
  assert.deepEqual(report.paths, fusedAvailable() ? ["stepwise", "fused"] : ["stepwise"]);
  for (const c of report.cases) {
    for (const p of c.paths) {
      for (const q of ["output", "h_n", "d_input", "d_weight_ih_l0", "d_weight_hh_l0", "d_bias_ih_l0", "d_bias_hh_l0"]) {
        assert.ok(q in p.errors, `${c.name}: ${q} not compared`);
      }
      for (const [q, err] of Object.entries(p.errors)) {
        const tolerance = FORWARD.includes(q) ? 1e-5 : 1e-4;
        assert.ok(err <= tolerance, `${c.name} [${p.path}] ${q}: error ${err} > ${tolerance}`);
      }
    }
  }
});

test("check-reference CLI passes the seq_len 1 fixture: exit 0, one ok line per case and path", () => {
  const r = spawnSync(process.execPath, [path.join(root, "dist", "lib", "cli", "index.js"), "check-reference", T1], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, RNN_WORKBOOK_QUIET: "1" },
  });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const lines = r.stdout.split("\n").filter((l) => l.startsWith("ok ") || l.startsWith("FAIL"));
  assert.ok(lines.length >= cases.length && lines.every((l) => l.startsWith("ok ")), r.stdout);
});

for (const impl of ["wasm", "js"] as FusedKernelChoice[]) {
  for (const fx of cases) {
    test(`fused ${impl} ${fx.name}: one step matches PyTorch forward and gradients`, async () => {
      await initBackend({ quiet: true });
      selectFusedKernels(impl);
      tf.tidy(() => {
        const run = (xi: tf.Tensor, k: tf.Tensor, r: tf.Tensor, b: tf.Tensor) =>
          fusedRecurrence(xi as tf.Tensor3D, { kernel: k as tf.Tensor2D, recurrentKernel: r as tf.Tensor2D, bias: b }, null, {
            cell: fx.cell,
            returnSequences: true,
            resetAfter: true,
          });
        const args = [tf.tensor3d(fx.input), tf.tensor2d(fx.keras.kernel), tf.tensor2d(fx.keras.recurrent_kernel), tf.tensor(fx.keras.bias)];
        const out = run(args[0], args[1], args[2], args[3]);
        assertClose(out.output, fx.output, 2e-5, "output");
        assertClose(out.h, fx.h_n, 2e-5, "h_n");
        if (fx.c_n) assertClose(out.c!, fx.c_n, 2e-5, "c_n");
        const loss = (xi: tf.Tensor, k: tf.Tensor, r: tf.Tensor, b: tf.Tensor) => {
          const o = run(xi, k, r, b);
          let l = o.output.square().sum().add(o.h.sum());
          if (o.c) l = l.add(o.c.sum());
          return l as tf.Scalar;
        };
        const [dx, dk, dr, db] = tf.grads(loss)(args);
        assertClose(dx, fx.grads.input, 2e-5, "dL/dinput");
        assertClose(dk, fx.keras.grads.kernel, 2e-5, "dL/dkernel");
        assertClose(dr, fx.keras.grads.recurrent_kernel, 2e-5, "dL/drecurrentKernel");
        assertClose(db, fx.keras.grads.bias, 2e-5, "dL/dbias");
      });
    });
  }
}
