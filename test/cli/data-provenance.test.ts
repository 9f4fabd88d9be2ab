import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadCsv } from "../../lib/data/load";
import { fileSha256 } from "../../lib/experiments/provenance";
import { packageVersion } from "../../lib/package";

const root = path.resolve(__dirname, "..", "..", "..");
const cli = path.join(root, "dist", "lib", "cli", "index.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rw-prov-"));

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, RNN_WORKBOOK_QUIET: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeSeries(file: string, scale: number, extra = ""): void {
  const rows = Array.from({ length: 240 }, (_, i) => `${i},${((10 + 3 * Math.sin(i / 5) + 0.01 * i) * scale).toFixed(4)}`);
  fs.writeFileSync(file, `t,y\n${rows.join("\n")}\n${extra}`);
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

test("forecast: a record names its data; changed values retrain, a NaN fails on the data and rewrites nothing", () => {
  const csv = path.join(tmp, "series.csv");
  const out = path.join(tmp, "forecast");
  const forecast = (...more: string[]) =>
    run("forecast", "--csv", csv, "--target", "y", "--cells", "rnn", "--seeds", "1", "--scale", "tiny", "--lookback", "8", "--out", out, ...more);
  writeSeries(csv, 1);
  const first = forecast();
  assert.equal(first.status, 0, first.stderr);
  const recordFile = path.join(out, "runs", "forecast", "rnn-seed1.json");
  const before = readJson(recordFile);
  // provenance and fingerprint: the sha256 is the one the streaming reader computes for the same bytes
  assert.equal(before.schemaVersion, 1);
  assert.equal(before.provenance.packageVersion, packageVersion());
  assert.equal(before.provenance.node, process.versions.node);
  assert.equal(before.provenance.cpu, os.cpus()[0].model.trim());
  assert.match(before.provenance.gitCommit ?? "", /^([0-9a-f]{40})?$/);
  assert.equal(before.dataFingerprint.sha256, loadCsv(csv, { target: "y" }).meta.content!.sha256);
  assert.equal(before.dataFingerprint.sha256, fileSha256(csv));
  assert.equal(readJson(path.join(out, "summary.json")).schemaVersion, 1);

  writeSeries(csv, 10); // every value x10
  const refused = forecast("--resume-anyway");
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /^rnn-workbook: cannot resume task 'forecast' .*series\.csv changed since the stored runs were made/m);
  // one error line (the season line before it is the command's progress, not part of the error)
  assert.equal(refused.stderr.trim().split("\n").filter((line) => line.startsWith("rnn-workbook:")).length, 1);
  assert.deepEqual(readJson(recordFile), before, "--resume-anyway refused and left the stored run alone");

  const rerun = forecast();
  assert.equal(rerun.status, 0, rerun.stderr);
  assert.match(rerun.stderr, /forecast: the data changed: .*series\.csv changed/);
  const after = readJson(recordFile);
  // the naive baseline is exactly linear in the data: x10 values give x10 errors
  const naive = (file: string) => readJson(path.join(out, "runs", "forecast", file)).metrics.mae;
  assert.notEqual(after.metrics.mae, before.metrics.mae);
  assert.ok(Math.abs(after.metrics.mae / before.metrics.mae - 10) < 1, `rnn mae ${before.metrics.mae} -> ${after.metrics.mae}`);
  assert.ok(naive("naive-seed1.json") > 0);

  const summaryBefore = fs.readFileSync(path.join(out, "summary.md"), "utf8");
  writeSeries(csv, 10, "240,NaN\n");
  const nan = forecast();
  assert.equal(nan.status, 1);
  assert.match(nan.stderr, /series\.csv: column 'y' has 1 missing value/);
  assert.equal(fs.readFileSync(path.join(out, "summary.md"), "utf8"), summaryBefore, "the summary is not rewritten from old runs");
});

test("reproduce --merge: validates records, names a malformed one, refuses a missing folder, names the folder's scale", () => {
  const out = path.join(tmp, "merge");
  for (const job of ["births/naive/seed1", "births/rnn/seed1"]) {
    const r = run("reproduce", "--scale", "tiny", "--only", "births", "--out", out, "--job", job);
    assert.equal(r.status, 0, r.stderr);
  }
  const merged = run("reproduce", "--scale", "tiny", "--only", "births", "--out", out, "--merge");
  assert.equal(merged.status, 0, merged.stderr);
  assert.doesNotMatch(merged.stderr, /different rnn-workbook versions/);
  const summary = readJson(path.join(out, "summary.json"));
  assert.deepEqual(summary.packageVersions, [packageVersion()]);
  // only naive has run: no verdict may claim "every baseline" without saying which are missing
  for (const verdict of summary.tasks[0].verdicts as string[]) assert.doesNotMatch(verdict, /beats every baseline on/);

  // without --scale the folder's scale is named with the fix
  const noScale = run("reproduce", "--only", "births", "--out", out, "--merge");
  assert.equal(noScale.status, 1);
  assert.match(noScale.stderr, /made at the tiny scale, not quick: pass --scale tiny/);

  // records from another package version: merged with a warning
  const rnnFile = path.join(out, "runs", "births", "rnn-seed1.json");
  const rnn = readJson(rnnFile);
  fs.writeFileSync(rnnFile, JSON.stringify({ ...rnn, provenance: { ...rnn.provenance, packageVersion: "0.0.1" } }));
  const mixed = run("reproduce", "--scale", "tiny", "--only", "births", "--out", out, "--merge");
  assert.equal(mixed.status, 0, mixed.stderr);
  assert.match(mixed.stderr, /warning: the runs in .* come from different rnn-workbook versions \(0\.0\.1, /);

  // a malformed record: one line naming the file, exit 1, nothing rewritten
  fs.writeFileSync(rnnFile, JSON.stringify({ ...rnn, metrics: "good" }));
  const summaryMd = fs.readFileSync(path.join(out, "summary.md"), "utf8");
  const bad = run("reproduce", "--scale", "tiny", "--only", "births", "--out", out, "--merge");
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^rnn-workbook: .*rnn-seed1\.json is not a valid run record \(field 'metrics'/);
  assert.equal(bad.stderr.trim().split("\n").length, 1);
  assert.equal(fs.readFileSync(path.join(out, "summary.md"), "utf8"), summaryMd);

  // a mistyped folder: exit 1, one line, nothing created
  const typo = path.join(tmp, "mregd");
  const missing = run("reproduce", "--scale", "tiny", "--out", typo, "--merge");
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /^rnn-workbook: --out .*mregd does not exist: give the folder the runs were written to\n$/);
  assert.equal(fs.existsSync(typo), false);
});
