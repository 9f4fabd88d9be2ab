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

test("rnn-workbook memory: --list-jobs --json, two shards cover the sweep, and a full run then trains nothing", async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-workbook-memory-shards-"));
  const flags = ["--task", "adding", "--lengths", "5,8", "--cells", "rnn,gru", "--seeds", "1", "--budget", "64", "--units", "3", "--test-size", "16", "--gradients=false", "--out", out];
  const printed: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void printed.push(args.join(" "));
  try {
    assert.equal(await memoryCommand([...flags, "--list-jobs", "--json"]), 0);
    const listed = JSON.parse(printed.join("\n")) as { id: string }[];
    assert.deepEqual(listed.map((j) => j.id), ["adding/rnn/T5/seed1", "adding/gru/T5/seed1", "adding/rnn/T8/seed1", "adding/gru/T8/seed1"]);
    printed.length = 0;
    assert.equal(await memoryCommand([...flags, "--shard", "1/2"]), 0);
    assert.deepEqual(fs.readdirSync(path.join(out, "runs", "adding")).sort(), ["rnn-T5-seed1.json", "rnn-T8-seed1.json"]);
    assert.equal(await memoryCommand([...flags, "--shard", "2/2"]), 0);
    printed.length = 0;
    assert.equal(await memoryCommand(flags), 0);
    assert.ok(printed.some((line) => /0 run\(s\) trained/.test(line)), printed.join("\n"));
    const record = JSON.parse(fs.readFileSync(path.join(out, "runs", "adding", "gru-T8-seed1.json"), "utf8"));
    assert.equal(record.schemaVersion, 1);
    assert.equal(record.provenance.node, process.versions.node);
  } finally {
    console.log = original;
  }
  await assert.rejects(memoryCommand([...flags, "--shard", "3/2"]), UsageError);
});
