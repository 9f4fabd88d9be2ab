import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { initBackend, tf } from "../../lib/backend";

const root = path.resolve(__dirname, "..", "..", "..");

test("initBackend picks a registered backend and reuses it", async () => {
  const first = await initBackend({ quiet: true });
  assert.ok(["tensorflow", "wasm", "cpu"].includes(first));
  assert.equal(tf.getBackend(), first);
  assert.equal(await initBackend({ quiet: true }), first);
});

function runWithBackend(value: string): { status: number | null; stdout: string; stderr: string } {
  const script = `require(${JSON.stringify(path.join(root, "dist/lib/backend/index.js"))}).initBackend()` +
    `.then(n => { console.log(n); }, e => { console.error(e.message); process.exit(3); })`;
  const r = spawnSync(process.execPath, ["-e", script], {
    cwd: root,
    env: { ...process.env, RNN_WORKBOOK_BACKEND: value, RNN_WORKBOOK_QUIET: "" },
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("RNN_WORKBOOK_BACKEND forces wasm and cpu, reported once on one line", () => {
  for (const name of ["wasm", "cpu"]) {
    const r = runWithBackend(name);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), name);
    const lines = r.stderr.trim().split("\n");
    assert.deepEqual(lines, [`rnn-workbook: TensorFlow.js 4.22.0 on the '${name}' backend`]);
  }
});

test("a forced backend that cannot load, or an unknown name, is a clear error", () => {
  // danfojs-node's tfjs-node is aliased to plain tfjs here, so 'tensorflow' never registers.
  const native = runWithBackend("tensorflow");
  if (native.status === 0) {
    assert.equal(native.stdout.trim(), "tensorflow"); // a real native binding is installed
  } else {
    assert.equal(native.status, 3);
    assert.match(native.stderr, /backend 'tensorflow' \(forced by RNN_WORKBOOK_BACKEND\) could not be loaded/);
  }
  const bad = runWithBackend("gpu");
  assert.equal(bad.status, 3);
  assert.match(bad.stderr, /RNN_WORKBOOK_BACKEND=gpu is not a backend: use one of tensorflow, wasm, cpu/);
});
