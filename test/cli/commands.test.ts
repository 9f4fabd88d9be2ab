import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { forecastCommand } from "../../lib/cli/forecast";
import { reproduceCommand } from "../../lib/cli/reproduce";
import { sentimentCommand } from "../../lib/cli/sentiment";

const root = path.resolve(__dirname, "..", "..", "..");
const cli = path.join(root, "dist", "lib", "cli", "index.js");

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, RNN_WORKBOOK_QUIET: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under dir with its contents, to prove a failed command changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = fs.readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return files;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rw-cli-"));
const out = path.join(tmp, "results");

test("reproduce --scale tiny runs end to end, writes summaries and a report, and resumes without re-running", () => {
  const first = run("reproduce", "--scale", "tiny", "--out", out);
  assert.equal(first.status, 0, first.stderr);
  const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
  assert.deepEqual(summary.tasks.map((t: { task: string }) => t.task), ["births", "uci-sentences"]);
  assert.deepEqual(summary.missing, []);
  const births = summary.tasks[0];
  assert.deepEqual(births.models.map((m: { model: string }) => m.model), ["rnn", "lstm", "gru", "naive", "seasonal-naive", "linear-ar"]);
  assert.equal(births.verdicts.length, 3);
  const md = fs.readFileSync(path.join(out, "summary.md"), "utf8");
  assert.match(md, /\| model \| seeds \| params \| units \| mae \| rmse \| smape \| mase \| train s \| seq\/s \|/);
  assert.match(md, /parameter counts matched to lstm/);
  const html = fs.readFileSync(path.join(out, "report.html"), "utf8");
  assert.ok(!/<script[^>]+src=/.test(html), "report.html must not load scripts from elsewhere");
  // per task: metric bars, learning curves; births also forecast vs actual
  assert.equal(html.match(/data-rw-chart/g)?.length, 5);
  const again = run("reproduce", "--scale", "tiny", "--out", out);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /ran 0 job\(s\), skipped 11/);
});

test("--list-jobs, --job and --merge split a sweep into independent jobs and merge their files", () => {
  const listed = run("reproduce", "--scale", "tiny", "--list-jobs", "--only", "births");
  assert.equal(listed.status, 0, listed.stderr);
  const ids = listed.stdout.trim().split("\n");
  assert.deepEqual(ids, ["births/rnn/seed1", "births/lstm/seed1", "births/gru/seed1", "births/naive/seed1", "births/seasonal-naive/seed1", "births/linear-ar/seed1"]);
  const sweep = path.join(tmp, "sweep");
  // two machines each run one job, one named by id and one by number; a merge summarises what exists
  for (const wanted of [ids[1], "3"]) {
    const r = run("reproduce", "--scale", "tiny", "--only", "births", "--out", sweep, "--job", wanted);
    assert.equal(r.status, 0, r.stderr);
  }
  assert.deepEqual(fs.readdirSync(path.join(sweep, "runs", "births")).filter((f) => f.endsWith(".json")).sort(), ["gru-seed1.json", "lstm-seed1.json", "task.json"]);
  const merged = run("reproduce", "--scale", "tiny", "--only", "births", "--out", sweep, "--merge");
  assert.equal(merged.status, 0, merged.stderr);
  const summary = JSON.parse(fs.readFileSync(path.join(sweep, "summary.json"), "utf8"));
  assert.deepEqual(summary.tasks[0].models.map((m: { model: string }) => m.model), ["lstm", "gru"]);
  assert.deepEqual(summary.missing, ["births/rnn/seed1", "births/naive/seed1", "births/seasonal-naive/seed1", "births/linear-ar/seed1"]);
  assert.match(fs.readFileSync(path.join(sweep, "summary.md"), "utf8"), /\*\*Partial:\*\* 4 job\(s\) have not finished/);
});

test("bad flags and bad files give one clear line, a non-zero exit, and leave earlier results untouched", async () => {
  assert.ok(fs.existsSync(path.join(out, "summary.json")), "needs the first test's results");
  const before = snapshot(out);
  const csv = path.join(tmp, "series.csv");
  fs.writeFileSync(csv, "date,value\n2020-01-01,1\n2020-01-02,2\n2020-01-03,x\n");
  const short = path.join(tmp, "short.csv");
  fs.writeFileSync(short, `date,value\n${Array.from({ length: 30 }, (_, i) => `2020-01-${String(i + 1).padStart(2, "0")},${i % 7}`).join("\n")}\n`);
  const cases: [string[], RegExp][] = [
    [["reproduce", "--scale", "huge", "--out", out], /--scale must be one of tiny, quick, full, got 'huge'/],
    [["reproduce", "--scale", "tiny", "--only", "weather", "--out", out], /unknown task 'weather': the tiny scale has births, uci-sentences/],
    [["reproduce", "--scale", "tiny", "--job", "births/lstm/seed9", "--out", out], /--job births\/lstm\/seed9 is not a job of the tiny scale/],
    [["reproduce", "--scale", "tiny", "--job", "99", "--out", out], /is not a job of the tiny scale/],
    [["reproduce", "--scale", "tiny", "--merge", "--list-jobs"], /cannot be combined/],
    [["reproduce", "--bogus"], /unknown flag --bogus/],
    [["reproduce", "--scale", "tiny", "--merge", "--out", csv], /series\.csv is a file, not a folder/],
    [["reproduce", "--scale", "tiny", "--out", csv], /series\.csv is a file, not a folder/],
    [["forecast", "--target", "value", "--out", out], /--csv is required/],
    [["forecast", "--csv", path.join(tmp, "nope.csv"), "--target", "value", "--out", out], /nope\.csv does not exist/],
    [["forecast", "--csv", csv, "--target", "price", "--out", out], /unknown target column 'price': the file has columns 'date', 'value'/],
    [["forecast", "--csv", csv, "--target", "value", "--out", out], /column 'value' is not numeric \(row 3 holds 'x'\)/],
    [["forecast", "--csv", short, "--target", "value", "--lookback", "24", "--out", out], /shorter than lookback \+ horizon/],
    [["forecast", "--csv", csv, "--target", "value", "--lookback", "0", "--out", out], /--lookback must be an integer >= 1, got '0'/],
    [["forecast", "--csv", csv, "--target", "value", "--lookback", "4", "--season", "7", "--out", out], /--lookback 4 is shorter than --season 7/],
    [["forecast", "--csv", short, "--target", "value", "--lookback", "4", "--out", out], /--lookback 4 is shorter than the season 7 inferred from the time column \(daily steps/],
    [["forecast", "--csv", short, "--target", "value", "--lookback", "8", "--linear-skip", "9", "--out", out], /--linear-skip 9 is longer than --lookback 8/],
    [["forecast", "--csv", short, "--target", "value", "--reference", "median", "--out", out], /--reference must be one of none, last, mean, revin/],
    [["forecast", "--csv", csv, "--target", "value", "--cells", "lstm,tcn", "--out", out], /--cells has unknown value 'tcn'/],
    [["forecast", "--csv", csv, "--target", "value", "--seeds", "1,a", "--out", out], /--seeds must be integers from 0 to 9007199254740991/],
    [["sentiment", "--csv", csv, "--text", "date", "--out", out], /--label is required/],
    [["sentiment", "--csv", csv, "--text", "review", "--label", "value", "--out", out], /unknown text column 'review'/],
  ];
  // In-process: the command throws the error that runMain prints as one line.
  const commands: Record<string, (argv: string[]) => Promise<number>> = { reproduce: reproduceCommand, forecast: forecastCommand, sentiment: sentimentCommand };
  process.env.RNN_WORKBOOK_QUIET = "1";
  for (const [[command, ...args], message] of cases) {
    await assert.rejects(commands[command](args), (err: Error) => {
      assert.match(err.message, message, `${command} ${args.join(" ")}`);
      assert.ok(!err.message.includes("\n"), `${command} ${args.join(" ")}: one line expected`);
      return true;
    });
  }
  // Through the real executable: one line on stderr, exit 2 for bad flags and 1 for bad data.
  const badScale = cases[0][0];
  const unknownColumn = cases.find(([args]) => args.includes("price"))![0];
  for (const [args, status] of [[badScale, 2], [unknownColumn, 1]] as [string[], number][]) {
    const r = run(...args);
    assert.equal(r.status, status, args.join(" "));
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /^rnn-workbook: /);
  }
  assert.deepEqual(snapshot(out), before);
});

test("forecast and sentiment compare the cells on a user's CSV and write results.json", () => {
  const series = path.join(root, "datasets", "ts_us_births_daily_1969_1988.csv");
  const fOut = path.join(tmp, "forecast");
  const f = run("forecast", "--csv", series, "--target", "births", "--lookback", "14", "--season", "7", "--scale", "tiny", "--seeds", "1,2", "--cells", "lstm,gru", "--out", fOut);
  assert.equal(f.status, 0, f.stderr);
  const results = JSON.parse(fs.readFileSync(path.join(fOut, "results.json"), "utf8"));
  assert.equal(results.task, "forecast");
  assert.equal(results.data.target, "births");
  const models = [...new Set(results.runs.map((r: { model: string }) => r.model))];
  assert.deepEqual(models, ["lstm", "gru", "naive", "seasonal-naive", "linear-ar", "mlp"]);
  assert.equal(results.runs.length, 12);
  for (const r of results.runs) {
    assert.ok(Number.isFinite(r.metrics.mase) && Number.isFinite(r.trainSeconds), JSON.stringify(r));
    assert.ok(r.params === null || r.params > 0);
  }
  assert.ok(fs.existsSync(path.join(fOut, "report.html")));
  // a daily series without --season: the season (7) comes from the time column, so seasonal naive is reported;
  // --reference / --linear-skip anchor every network, the MLP included
  const dOut = path.join(tmp, "forecast-daily");
  const d = run("forecast", "--csv", series, "--target", "births", "--scale", "tiny", "--seeds", "1", "--cells", "lstm", "--reference", "last", "--linear-skip", "7", "--out", dOut);
  assert.equal(d.status, 0, d.stderr);
  assert.match(d.stderr, /season 7 \(daily steps: 7 per week\)/);
  const daily = JSON.parse(fs.readFileSync(path.join(dOut, "results.json"), "utf8"));
  assert.equal(daily.data.season, 7);
  assert.equal(daily.data.lookback, 24);
  assert.deepEqual(daily.runs.map((r: { model: string }) => r.model), ["lstm", "naive", "seasonal-naive", "linear-ar", "mlp"]);
  const task = JSON.parse(fs.readFileSync(path.join(dOut, "runs", "forecast", "task.json"), "utf8"));
  assert.deepEqual(task.modelOptions.mlp, { reference: "last", linearSkip: 7, skipInit: "least-squares", skipTrainable: false });
  // the same folder with other settings is refused rather than mixed
  const clash = run("forecast", "--csv", series, "--target", "births", "--lookback", "21", "--season", "7", "--scale", "tiny", "--out", fOut);
  assert.notEqual(clash.status, 0);
  assert.match(clash.stderr, /already holds runs of task 'forecast' made with other settings/);

  const texts = path.join(root, "datasets", "sentiment_uci_labelled_sentences_3k.csv");
  const sOut = path.join(tmp, "sentiment");
  const s = run("sentiment", "--csv", texts, "--text", "text", "--label", "label", "--scale", "tiny", "--seeds", "1", "--out", sOut);
  assert.equal(s.status, 0, s.stderr);
  const sResults = JSON.parse(fs.readFileSync(path.join(sOut, "results.json"), "utf8"));
  assert.equal(sResults.task, "sentiment");
  assert.deepEqual(sResults.runs.map((r: { model: string }) => r.model), ["rnn", "lstm", "gru", "majority", "bow-logistic"]);
  for (const r of sResults.runs) assert.ok(r.metrics.accuracy >= 0 && r.metrics.accuracy <= 1);
});
