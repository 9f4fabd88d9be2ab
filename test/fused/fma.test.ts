/**
 * The relaxed-SIMD FMA build (recurrent-fma.wasm) is only chosen where the runtime validates it; on Node 20 that
 * takes --experimental-wasm-relaxed-simd. Rerun the PyTorch fixture tests in such a process, asserting that the
 * FMA build is the one running.
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
