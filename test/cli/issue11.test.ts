/**
 * Issue 11, CLI side: duplicate seeds/cells, unsafe seeds, missing --csv as bad data, --out under a file, --delimiter,
 * messages in flag terms, the positive class named, Ctrl-C reporting what finished, exit codes in --help, progress
 * lines when piped.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..", "..");
const cli = path.join(root, "dist", "lib", "cli", "index.js");
const env = { ...process.env, RNN_WORKBOOK_QUIET: "1" };

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rw-cli11-"));
/** A 200-row daily series, separated by `delimiter`. */
function seriesCsv(name: string, delimiter = ","): string {
  const file = path.join(tmp, name);
  const rows = Array.from({ length: 200 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)}${delimiter}${(i % 7) + Math.sin(i / 5)}`);
  fs.writeFileSync(file, `date${delimiter}value\n${rows.join("\n")}\n`);
  return file;
}

test("--seeds outside the safe integers is a usage error naming the range", () => {
  const r = run("forecast", "--csv", seriesCsv("a.csv"), "--target", "value", "--seeds", "99999999999999999999", "--out", path.join(tmp, "o1"));
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--seeds .*0 to 9007199254740991/);
  assert.ok(!fs.existsSync(path.join(tmp, "o1")));
});

test("a missing --csv file is bad data (exit 1), like an empty one", () => {
  const missing = run("forecast", "--csv", path.join(tmp, "nope.csv"), "--target", "value", "--out", path.join(tmp, "o2"));
  const emptyFile = path.join(tmp, "empty.csv");
  fs.writeFileSync(emptyFile, "");
  const empty = run("forecast", "--csv", emptyFile, "--target", "value", "--out", path.join(tmp, "o2"));
  assert.equal(empty.status, 1, empty.stderr);
  assert.equal(missing.status, 1, missing.stderr);
  assert.match(missing.stderr, /nope\.csv does not exist/);
});

test("--out inside a file is one line naming --out, not a raw ENOTDIR", () => {
  const csv = seriesCsv("b.csv");
  const r = run("forecast", "--csv", csv, "--target", "value", "--scale", "tiny", "--out", path.join(csv, "results"));
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(r.stderr, /^rnn-workbook: forecast: --out .*b\.csv\/results .*is a file/);
  assert.doesNotMatch(r.stderr, /ENOTDIR/);
});

test("messages speak in flags, not loadCsv options", () => {
  const file = path.join(tmp, "gap.csv");
  fs.writeFileSync(file, `date,value\n${Array.from({ length: 60 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${i === 5 ? "NA" : i}`).join("\n")}\n`);
  const r = run("forecast", "--csv", file, "--target", "value", "--out", path.join(tmp, "o3"));
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /--missing drop/);
  assert.doesNotMatch(r.stderr, /loadCsv|missing: '/);
});

test("rnn-workbook --help documents the exit codes", () => {
  const r = run("--help");
  assert.equal(r.status, 0);
  assert.match(r.stdout, /exit codes: 0 done, 1 bad data .*, 2 usage/);
});

test("--delimiter reads a semicolon file; duplicate --seeds and --cells run once with a note", () => {
  const csv = seriesCsv("semi.csv", ";");
  const out = path.join(tmp, "semi");
  const r = run("forecast", "--csv", csv, "--target", "value", "--delimiter", ";", "--lookback", "8", "--season", "7", "--scale", "tiny", "--seeds", "1,1", "--cells", "lstm,lstm", "--out", out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /--seeds 1,1 repeats a value: running seed 1 once/);
  assert.match(r.stderr, /--cells lstm,lstm repeats a value: running lstm once/);
  const results = JSON.parse(fs.readFileSync(path.join(out, "results.json"), "utf8"));
  assert.deepEqual(results.runs.map((x: { model: string }) => x.model), ["lstm", "naive", "seasonal-naive", "linear-ar", "mlp"]);
});

test("sentiment names the positive class and --positive chooses it", () => {
  const csv = path.join(tmp, "moods.csv");
  const words = ["good day", "bad day", "lovely sun", "awful rain", "great fun", "sad news"];
  fs.writeFileSync(csv, `text,label\n${Array.from({ length: 60 }, (_, i) => `${words[i % 6]} ${i},${i % 2 === 0 ? "happy" : "sad"}`).join("\n")}\n`);
  const base = ["sentiment", "--csv", csv, "--text", "text", "--label", "label", "--scale", "tiny", "--seeds", "1", "--cells", "rnn"];
  const sorted = run(...base, "--out", path.join(tmp, "s1"));
  assert.equal(sorted.status, 0, sorted.stderr);
  assert.match(sorted.stdout, /Positive class \(1\): 'sad' .*precision, recall and F1 are about 'sad'/);
  const chosen = run(...base, "--positive", "happy", "--out", path.join(tmp, "s2"));
  assert.equal(chosen.status, 0, chosen.stderr);
  assert.match(chosen.stdout, /Positive class \(1\): 'happy' \(chosen by --positive\)/);
  const results = JSON.parse(fs.readFileSync(path.join(tmp, "s2", "results.json"), "utf8"));
  assert.equal(results.data.positive, "happy");
  const wrong = run(...base, "--positive", "glad", "--out", path.join(tmp, "s3"));
  assert.equal(wrong.status, 1, wrong.stderr);
  assert.match(wrong.stderr, /--positive glad is not a label .*'happy', 'sad'/);
});

test("Ctrl-C says what finished and that rerunning resumes, and exits 130", async () => {
  const csv = seriesCsv("int.csv");
  const out = path.join(tmp, "int");
  const child = spawn(process.execPath, [cli, "forecast", "--csv", csv, "--target", "value", "--lookback", "8", "--season", "7", "--scale", "tiny", "--seeds", "1,2,3", "--out", out], { cwd: root, env: { ...env, RNN_WORKBOOK_QUIET: "" } });
  let stderr = "";
  const code = await new Promise<number | null>((resolve) => {
    let sent = false;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      // after the first finished run, interrupt
      if (!sent && /\] forecast\/\w+\/seed1: /.test(stderr)) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    child.on("exit", (c) => resolve(c));
  });
  assert.equal(code, 130, stderr);
  assert.match(stderr, /interrupted: \d+ run\(s\) finished and saved in .*int.*rerun the same command to resume/);
});

test("piped (a CI log, | tee), forecast prints plain progress lines: rows read, training epochs, test scoring", () => {
  const csv = seriesCsv("progress.csv");
  const out = path.join(tmp, "progress");
  // RNN_WORKBOOK_PROGRESS_SECONDS=0: every progress update is a line, so a run of a second shows them all.
  const r = spawnSync(
    process.execPath,
    [cli, "forecast", "--csv", csv, "--target", "value", "--lookback", "8", "--season", "7", "--scale", "tiny", "--seeds", "1", "--cells", "gru", "--out", out],
    { cwd: root, encoding: "utf8", env: { ...process.env, RNN_WORKBOOK_QUIET: "", RNN_WORKBOOK_PROGRESS_SECONDS: "0" } },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^reading progress\.csv: 200 rows, /m);
  assert.match(r.stderr, /^forecast gru seed 1: \d+% epoch 1\/2 loss \S+, \d+s elapsed, ETA/m);
  assert.match(r.stderr, /^forecast gru seed 1: 100% scoring test \d+\/\d+, /m);
  assert.match(r.stderr, /^forecast mlp seed 1: 100% scoring test /m);
  assert.doesNotMatch(r.stderr, /\r/, "no in-place redraws in a log");
  // Without the override a short piped run prints no progress line (the first comes after 10 s).
  const quiet = spawnSync(
    process.execPath,
    [cli, "forecast", "--csv", csv, "--target", "value", "--lookback", "8", "--season", "7", "--scale", "tiny", "--seeds", "1", "--cells", "gru", "--out", path.join(tmp, "progress2")],
    { cwd: root, encoding: "utf8", env: { ...process.env, RNN_WORKBOOK_QUIET: "" } },
  );
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.doesNotMatch(quiet.stderr, /scoring test|epoch 1\/2/);
});
