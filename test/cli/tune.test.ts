/**
 * `rnn-workbook tune` on bad input: one line naming the problem and the fix, exit 2, nothing written. (That the test
 * split cannot influence a choice is test/experiments/tune.test.ts.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..", "..");
const cli = path.join(root, "dist", "lib", "cli", "index.js");

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, RNN_WORKBOOK_QUIET: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("tune rejects bad input with one line and exit 2, writing nothing", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rw-tune-"));
  const out = path.join(tmp, "tuning");
  const notRecord = path.join(tmp, "other");
  fs.mkdirSync(notRecord);
  fs.writeFileSync(path.join(notRecord, "births-quick.json"), JSON.stringify({ task: "imdb", trials: [] }));
  const cases: [string[], RegExp][] = [
    [["tune", "--out", out], /--task is required: one of .*births/],
    [["tune", "--task", "nope", "--out", out], /unknown task 'nope': the quick scale has .*electricity-1step/],
    [["tune", "--task", "births", "--scale", "tiny", "--out", out], /--scale/],
    [["tune", "--task", "births", "--seeds", "0", "--out", out], /--seeds must be an integer >= 1/],
    [["tune", "--task", "births", "--learning-rate", "1", "--out", out], /learning-rate/],
    [["tune", "--task", "births", "--out", notRecord], /is not a tuning record of task 'births'/],
    [["tune", "--task", "births", "--models", "gru,transformer", "--out", out], /--models has unknown value 'transformer': use rnn, lstm, gru, mlp/],
    [["tune", "--task", "births", "--units", "32,0", "--out", out], /--units takes positive integers, got '0'/],
    [["tune", "--task", "births", "--learning-rates", "0.001,fast", "--out", out], /--learning-rates takes positive numbers, got 'fast'/],
    [["tune", "--task", "imdb", "--lookbacks", "50", "--out", out], /--lookbacks is for forecasting tasks/],
    [["tune", "--task", "births", "--units", "32,16,32", "--out", out], /--units lists 32 twice: give each value once/],
    [["tune", "--task", "births", "--learning-rates", "0.001,1e-3", "--out", out], /--learning-rates lists 0.001 twice/],
    [["tune", "--task", "births", "--models", "gru,gru", "--out", out], /--models lists gru twice: give each model once/],
    [["tune", "--task", "imdb", "--models", "mlp", "--out", out], /--models mlp is a forecasting model: task 'imdb' tunes rnn, lstm, gru/],
  ];
  for (const [args, message] of cases) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    const lines = r.stderr.trim().split("\n").filter((l) => !l.includes("backend"));
    assert.equal(lines.length, 1, `${args.join(" ")}: one line expected, got ${r.stderr}`);
    assert.match(lines[0], /^rnn-workbook: /);
    assert.match(lines[0], message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  }
  assert.equal(fs.existsSync(out), false, "nothing written");
  assert.deepEqual(fs.readdirSync(notRecord), ["births-quick.json"]);
});
