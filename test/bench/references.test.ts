/**
 * The PyTorch references of the bench (bench/references.ts): the OpenBLAS core follows the CPU's flags, and a
 * reference that dies part-way hands on the rows it printed and reports the tail of its stderr.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { openblasCoreType, runReference } from "../../bench/references";
import { CONFIGS, type BenchRow } from "../../bench/recurrent";

test("OpenBLAS core: SkylakeX only when /proc/cpuinfo lists avx512f, else Haswell", () => {
  assert.equal(openblasCoreType("flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq"), "SkylakeX");
  assert.equal(openblasCoreType("flags\t\t: fpu sse2 avx avx2 fma"), "Haswell");
  assert.equal(openblasCoreType("flags\t\t: avx512fp16_like_but_not_f"), "Haswell");
});

test("a reference that crashes after one row keeps that row and reports its stderr", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-ref-"));
  const fake = path.join(dir, "python");
  const row = { impl: "pytorch-9.9", backend: "cpu", cell: "rnn", config: "c1", trainSeqPerSec: 1, inferSeqPerSec: 2 };
  fs.writeFileSync(fake, `#!/bin/sh\necho '${JSON.stringify(row)}'\necho 'Illegal instruction' >&2\nexit 132\n`, { mode: 0o755 });
  const rows: BenchRow[] = [];
  const failure = await runReference({ name: "fake", python: fake, env: {} }, [CONFIGS.c1], ["rnn", "lstm"], 1, 0.1, (r) => rows.push(r));
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(rows.length, 1);
  assert.equal(rows[0].impl, "pytorch-9.9");
  assert.equal(rows[0].reference, "fake");
  assert.match(failure ?? "", /stopped after 1 row\(s\) with exit 132: Illegal instruction/);
});
