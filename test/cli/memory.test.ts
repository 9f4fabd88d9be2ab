import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { memoryCommand } from "../../lib/cli/memory";
import { UsageError } from "../../lib/cli/common";

test("rnn-workbook memory: flags reach the sweep, results.json is written and the table printed", async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-workbook-memory-cli-"));
  const printed: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void printed.push(args.join(" "));
  try {
    const code = await memoryCommand([
      "--task", "copy", "--lengths", "3", "--cells", "lstm,rnn", "--seeds", "2", "--budget", "64", "--lr", "0.005",
      "--units", "3", "--batch", "32", "--eval-every", "64", "--test-size", "16", "--gradients=false", "--out", out,
    ]);
    assert.equal(code, 0);
  } finally {
    console.log = original;
  }
  const results = JSON.parse(fs.readFileSync(path.join(out, "results.json"), "utf8"));
  assert.equal(results.task, "copy");
  assert.deepEqual(results.cells, ["rnn", "lstm"]);
  assert.deepEqual(results.seeds, [1, 2]);
  assert.equal(results.runs.length, 4);
  assert.deepEqual(
    [results.settings.budget, results.settings.learningRate, results.settings.units, results.settings.batchSize, results.settings.testSize],
    [64, 0.005, 3, 32, 16],
  );
  assert.equal(results.runs[0].gradients, undefined);
  const text = printed.join("\n");
  assert.match(text, /\| T \| RNN \| LSTM \|/);
  assert.match(text, /\| max solved T \|/);
  fs.rmSync(out, { recursive: true, force: true });
});

test("rnn-workbook memory: bad flags are one-line usage errors", async () => {
  await assert.rejects(memoryCommand(["--lengths", "10,x"]), (e: unknown) => e instanceof UsageError && /--lengths must be positive integers/.test((e as Error).message));
  await assert.rejects(memoryCommand(["--lengths", "1"]), /--lengths must be >= 2/);
  await assert.rejects(memoryCommand(["--lr", "0"]), /--lr must be positive, got 0/);
  await assert.rejects(memoryCommand(["--task", "sort"]), /--task must be one of adding, copy/);
  await assert.rejects(memoryCommand(["--cells", "rnn,tcn"]), /--cells has unknown value 'tcn'/);
});
