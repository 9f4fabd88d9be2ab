/**
 * Both wasm builds against the PyTorch fixtures. The relaxed-SIMD FMA build (recurrent-fma.wasm) is chosen where
 * the runtime validates it (Node >= 22, or Node 20 once the loader switches on its relaxed-SIMD flag), so the
 * plain fixture run checks it; here the fixture tests rerun with the node flag asserting that the FMA build runs,
 * and with RNN_WORKBOOK_FUSED_FMA=0 asserting that the SIMD128 build runs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

test("the relaxed-SIMD FMA build matches the PyTorch fixtures (forward and gradients)", () => {
  const fixtures = path.join(__dirname, "fixtures.test.js");
  // Without NODE_TEST_CONTEXT the child reports on its own instead of streaming to this runner.
  const { NODE_TEST_CONTEXT: _ignored, ...env } = process.env;
  // Runtimes that ship relaxed SIMD (Node >= 22) validate the build without the flag.
  const fma = fs.readFileSync(path.resolve(__dirname, "../../lib/cells/fused/recurrent-fma.wasm"));
  const flags = WebAssembly.validate(new Uint8Array(fma)) ? [] : ["--experimental-wasm-relaxed-simd"];
  const r = spawnSync(process.execPath, [...flags, "--test", "--test-reporter=spec", fixtures], {
    encoding: "utf8",
    env: { ...env, RNN_WORKBOOK_EXPECT_FMA: "1", RNN_WORKBOOK_QUIET: "1" },
  });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /pass 30/);
});

test("the SIMD128 build (RNN_WORKBOOK_FUSED_FMA=0) matches the PyTorch fixtures (forward and gradients)", () => {
  const fixtures = path.join(__dirname, "fixtures.test.js");
  const { NODE_TEST_CONTEXT: _ignored, ...env } = process.env;
  const r = spawnSync(process.execPath, ["--test", "--test-reporter=spec", fixtures], {
    encoding: "utf8",
    env: { ...env, RNN_WORKBOOK_FUSED_FMA: "0", RNN_WORKBOOK_EXPECT_FMA: "0", RNN_WORKBOOK_QUIET: "1" },
  });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /pass 30/);
});
