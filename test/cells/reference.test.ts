/**
 * The cells against PyTorch: the shared fixtures (and a second file with other sizes and seeds, made by
 * test/cells/fixtures/make_reference.py), forward to 1e-5 and gradients to 1e-4, on every path; the
 * check-reference CLI on the cpu backend in a child process; malformed files, unknown cells and NaN.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { initBackend } from "../../lib/backend";
import { checkReference } from "../../lib/cells/check-reference";
import { fusedAvailable } from "../../lib/cells/fused";

const root = path.resolve(__dirname, "..", "..", "..");
const SHARED = path.resolve(__dirname, "../../../test/fixtures/torch_rnn_reference.json");
const SIZES = path.join(root, "test", "cells", "fixtures", "torch_reference_sizes.json");
const cli = path.join(root, "dist", "lib", "cli", "index.js");
const FORWARD = ["output", "h_n", "c_n"];

async function assertMatchesTorch(file: string, expectedCases: number): Promise<void> {
  await initBackend({ quiet: true });
  const report = await checkReference(file);
  assert.equal(report.cases.length, expectedCases);
  assert.deepEqual(report.paths, fusedAvailable() ? ["stepwise", "fused"] : ["stepwise"]);
  for (const c of report.cases) {
    for (const p of c.paths) {
      const quantities = Object.keys(p.errors);
      // Every quantity is compared: forward values, the input gradient and all four PyTorch weights.
      for (const q of ["output", "h_n", "d_input", "d_weight_ih_l0", "d_weight_hh_l0", "d_bias_ih_l0", "d_bias_hh_l0"]) {
        assert.ok(quantities.includes(q), `${c.name}: ${q} not compared`);
      }
      if (c.cell === "lstm") assert.ok(quantities.includes("c_n"));
      for (const [q, err] of Object.entries(p.errors)) {
        const tolerance = FORWARD.includes(q) ? 1e-5 : 1e-4;
        assert.ok(err <= tolerance, `${c.name} [${p.path}] ${q}: error ${err} > ${tolerance}`);
      }
    }
  }
}

test("every case of the shared PyTorch fixtures: forward within 1e-5, gradients within 1e-4", async () => {
  await assertMatchesTorch(SHARED, 9);
});

test("another reference file with other sizes and seeds passes the same way", async () => {
  await assertMatchesTorch(SIZES, 6);
});

function runCli(args: string[], backend: string) {
  return spawnSync(process.execPath, [cli, "check-reference", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, RNN_WORKBOOK_BACKEND: backend, RNN_WORKBOOK_QUIET: "1" },
  });
}

test("check-reference CLI on the cpu backend: one line per case and path, exit 0", () => {
  const r = runCli([SHARED, "--tolerance", "1e-5"], "cpu");
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const lines = r.stdout.split("\n").filter((l) => l.startsWith("ok ") || l.startsWith("FAIL"));
  assert.equal(lines.length, 9 * (fusedAvailable() ? 2 : 1));
  assert.ok(lines.every((l) => l.startsWith("ok ")));
  assert.match(r.stdout, /lstm_in3_h4_t5_b2\s+stepwise\s+output \S+\s+h_n \S+\s+c_n \S+\s+d_input \S+\s+d_weight_ih_l0/);
});

function tmpFile(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-workbook-ref-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const shared = JSON.parse(fs.readFileSync(SHARED, "utf8"));

test("a malformed file, a missing file or an unknown cell: one clear line, exit 2", () => {
  const cases: [string, RegExp][] = [
    [tmpFile("bad.json", "{ not json"), /is not valid JSON/],
    [tmpFile("empty.json", JSON.stringify({ meta: {} })), /has no "cases" array/],
    [tmpFile("cell.json", JSON.stringify({ cases: [{ ...shared.cases[0], cell: "transformer" }] })), /unknown cell "transformer": use one of rnn, lstm, gru/],
    [
      tmpFile("shape.json", JSON.stringify({ cases: [{ ...shared.cases[3], h_n: [[1, 2]] }] })),
      /case lstm_in3_h4_t5_b2: h_n must have shape \[2,4\] \(\[batch, hidden_size\]\), got \[1,2\]/,
    ],
    [path.join(os.tmpdir(), "no-such-reference.json"), /does not exist/],
  ];
  for (const [file, message] of cases) {
    const r = runCli([file], "wasm");
    assert.equal(r.status, 2, `${file}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  }
});

test("a wrong expected value fails with exit 1, and a NaN can never pass", async () => {
  const wrong = structuredClone(shared.cases[6]);
  wrong.output[0][0][0] += 1e-3;
  const r = runCli([tmpFile("wrong.json", JSON.stringify({ cases: [wrong] }))], "wasm");
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^FAIL gru_in3_h4_t5_b2/m);

  // x = 3e38 times weights +-2 overflows float32 to +inf and -inf, whose sum is NaN. That needs float32 arithmetic
  // (the wasm backend); a kernel that accumulates in float64 (the cpu backend's matMul) computes a finite sum instead,
  // so this half runs the CLI on wasm, whatever backend the test process uses.
  const nan = structuredClone(shared.cases[0]);
  nan.weights.weight_ih_l0 = nan.weights.weight_ih_l0.map((row: number[]) => row.map((_, j) => (j % 2 === 0 ? 2 : -2)));
  nan.input = nan.input.map((seq: number[][]) => seq.map((step) => step.map(() => 3e38)));
  const r2 = runCli([tmpFile("nan.json", JSON.stringify({ cases: [nan] })), "--tolerance", "1e9"], "wasm");
  assert.equal(r2.status, 1, r2.stderr + r2.stdout);
  assert.match(r2.stdout, /^FAIL rnn_in3_h4_t5_b2 .*NaN/m);
});
