import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { builtinSuite, suiteJobs } from "../../lib/experiments/specs";
import { summariseTask } from "../../lib/experiments/summary";
import type { RunRecord } from "../../lib/experiments/types";

const root = path.resolve(__dirname, "..", "..", "..");
const cli = path.join(root, "dist", "lib", "cli", "index.js");

function run(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", env: { ...process.env, RNN_WORKBOOK_QUIET: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rw-text-cli-"));
const lines = Array.from({ length: 200 }, (_, i) => `the quick brown fox jumps over the lazy dog, line ${i}.`);
fs.writeFileSync(path.join(tmp, "story.txt"), `${lines.join("\n")}\n`);
fs.writeFileSync(path.join(tmp, "short.txt"), "too short\n");
const words = ["cat", "dog", "bird", "fish", "lion", "bear", "wolf", "frog", "duck", "goat", "lamb", "mole", "mule", "newt", "seal", "swan", "toad", "wasp", "crab", "deer", "hare", "owl"];
fs.writeFileSync(path.join(tmp, "pairs.csv"), `word,reversed\n${words.map((w) => `${w},${[...w].reverse().join("")}`).join("\n")}\n`);

test("the quick and full suites hold the language-model and seq2seq tasks; the tiny check does not", () => {
  for (const scale of ["quick", "full"] as const) {
    const jobs = suiteJobs(builtinSuite(scale)).map((j) => `${j.task}/${j.model}`);
    for (const id of ["names-lm/gru", "names-lm/bigram", "imdb-text-lm/unigram", "g2p/lstm", "g2p/gru+attention"]) assert.ok(jobs.includes(id), `${scale}: ${id}`);
  }
  assert.deepEqual(builtinSuite("tiny").tasks.map((t) => t.name), ["births", "uci-sentences"]);
  const listed = run(root, "reproduce", "--scale", "quick", "--list-jobs", "--only", "g2p");
  assert.equal(listed.status, 0, listed.stderr);
  assert.equal(listed.stdout.trim().split("\n").length, 12); // 3 cells x (without, with attention) x 2 seeds
});

test("bits per character and error rates are summarised with lower as better", () => {
  const suite = builtinSuite("quick");
  const lm = suite.tasks.find((t) => t.name === "names-lm")!;
  const record = (model: string, bpc: number): RunRecord =>
    ({ complete: true, task: "names-lm", kind: "language-model", model, seed: 1, metrics: { bpc, crossEntropy: bpc * Math.LN2 }, params: null, units: null, trainSeconds: 1, sequencesPerSecond: null, backend: "x", finishedAt: "" }) as RunRecord;
  const summary = summariseTask(lm, [record("gru", 2.5), record("rnn", 3.6), record("unigram", 4.1), record("bigram", 3.5)], ["rnn", "gru", "unigram", "bigram"]);
  assert.equal(summary.primaryMetric, "bpc");
  assert.equal(summary.lowerIsBetter, true);
  assert.deepEqual(summary.verdicts, [
    "rnn does NOT beat the bigram baseline on bpc (3.600 vs 3.500)",
    "gru beats every baseline on bpc (2.500 vs 3.500 for bigram, the best baseline)",
  ]);
  const g2p = suite.tasks.find((t) => t.name === "g2p")!;
  const s2s = summariseTask(g2p, [{ ...record("gru+attention", 0), task: "g2p", kind: "seq2seq", metrics: { per: 0.2, wer: 0.5 } }], []);
  assert.equal(s2s.primaryMetric, "per");
  assert.equal(s2s.lowerIsBetter, true);
});

test("generate and seq2seq refuse bad input with one line, the right exit code, and write nothing", () => {
  const cases: [string[], number, RegExp][] = [
    [["generate"], 2, /--text is required/],
    [["generate", "--text", "missing.txt"], 1, /--text missing\.txt is not a file/],
    [["generate", "--text", "story.txt", "--cells", "transformer"], 2, /--cells has unknown value 'transformer'/],
    [["generate", "--text", "story.txt", "--temperature", "0"], 2, /--temperature must be above 0/],
    [["generate", "--text", "short.txt"], 1, /the train part has \d+ characters, fewer than one window/],
    [["seq2seq", "--csv", "pairs.csv", "--source", "word"], 2, /--target is required/],
    [["seq2seq", "--csv", "missing.csv", "--source", "a", "--target", "b"], 1, /--csv missing\.csv does not exist/],
    [["seq2seq", "--csv", "pairs.csv", "--source", "word", "--target", "spelling"], 1, /no column 'spelling': the file has word, reversed/],
    [["seq2seq", "--csv", "pairs.csv", "--source", "word", "--target", "reversed", "--scale", "huge"], 2, /--scale/],
  ];
  for (const [args, status, message] of cases) {
    const r = run(tmp, ...args, "--out", "out");
    assert.equal(r.status, status, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /^rnn-workbook: /);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.ok(!fs.existsSync(path.join(tmp, "out")), `${args.join(" ")} wrote results`);
  }
});

test("generate trains on a user's text, writes results and prints text sampled at --temperature", () => {
  const r = run(tmp, "generate", "--text", "story.txt", "--scale", "tiny", "--cells", "gru", "--window", "16", "--temperature", "0.5", "--out", "gen");
  assert.equal(r.status, 0, r.stderr);
  const results = JSON.parse(fs.readFileSync(path.join(tmp, "gen", "results.json"), "utf8"));
  assert.equal(results.task, "language-model");
  assert.deepEqual(results.summary.models.map((m: { model: string }) => m.model), ["gru", "unigram", "bigram"]);
  const gru = results.runs.find((x: RunRecord) => x.model === "gru");
  assert.equal(gru.samples.length, 1);
  assert.ok(gru.samples[0].length > 0);
  assert.ok(r.stdout.includes(`--- gru, seed 1, temperature 0.5 ---\n${gru.samples[0]}`));
  for (const file of ["summary.md", "summary.json", "report.html"]) assert.ok(fs.existsSync(path.join(tmp, "gen", file)), file);
});

test("seq2seq compares a cell without and with attention on a user's CSV columns", () => {
  const r = run(tmp, "seq2seq", "--csv", "pairs.csv", "--source", "word", "--target", "reversed", "--scale", "tiny", "--cells", "gru", "--out", "s2s");
  assert.equal(r.status, 0, r.stderr);
  const results = JSON.parse(fs.readFileSync(path.join(tmp, "s2s", "results.json"), "utf8"));
  assert.equal(results.task, "seq2seq");
  assert.deepEqual(results.summary.models.map((m: { model: string }) => m.model), ["gru", "gru+attention"]);
  for (const run of results.runs) {
    assert.ok(run.metrics.per >= 0 && run.metrics.wer <= 1, JSON.stringify(run.metrics));
  }
  assert.match(r.stdout, /\| model \| seeds \| params \| units \| per \| wer \|/);
});
