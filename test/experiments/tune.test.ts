import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { initBackend } from "../../lib/backend";
import { loadSeries } from "../../lib/data/registry";
import type { SeriesDataset } from "../../lib/data/types";
import { expandGrid, runForecastTuning, type ForecastSetting } from "../../lib/experiments/tune-forecast";
import { pickByValidation, runTuningGrid, type Trial } from "../../lib/experiments/tune";
import { tuningMarkdown } from "../../lib/experiments/tune-report";

const trial = (setting: { model: string; lr: number }, seed: number, validation: number, test: number): Trial<{ model: string; lr: number }> => ({
  setting,
  seed,
  validation: { mase: validation },
  test: { mase: test },
  params: null,
  trainSeconds: 0,
});

test("pickByValidation: the best mean validation score per group wins, whatever the test scores say", () => {
  const a = { model: "lstm", lr: 1e-3 };
  const b = { model: "lstm", lr: 1e-2 };
  const c = { model: "gru", lr: 1e-3 };
  const trials = [trial(a, 1, 0.5, 0.1), trial(a, 2, 0.7, 0.1), trial(b, 1, 0.55, 9), trial(b, 2, 0.6, 9), trial(c, 1, 0.9, 0.2)];
  const choices = pickByValidation(trials, { metric: "mase", lowerIsBetter: true }, (s) => s.model);
  const lstm = choices.find((x) => x.group === "lstm")!;
  assert.deepEqual(lstm.setting, b); // mean validation 0.575 < 0.6, although its test score is far worse
  assert.equal(lstm.seeds, 2);
  assert.ok(Math.abs(lstm.test.mase - 9) < 1e-12);
  assert.deepEqual(choices.find((x) => x.group === "gru")!.setting, c);
  const higher = pickByValidation(trials, { metric: "mase", lowerIsBetter: false }, (s) => s.model);
  assert.deepEqual(higher.find((x) => x.group === "lstm")!.setting, a);
  // A setting with one lucky seed does not beat settings measured over two.
  const lucky = { model: "lstm", lr: 3e-2 };
  const withLucky = pickByValidation([...trials, trial(lucky, 1, 0.01, 0.01)], { metric: "mase", lowerIsBetter: true }, (s) => s.model);
  assert.deepEqual(withLucky.find((x) => x.group === "lstm")!.setting, b);
  assert.throws(() => pickByValidation(trials, { metric: "accuracy", lowerIsBetter: false }, (s) => s.model), /no validation 'accuracy'/);
});

test("runTuningGrid: a setting listed twice runs once and counts as one seed", async () => {
  const a = { model: "lstm", lr: 1e-3 };
  const b = { model: "lstm", lr: 1e-2 };
  const scores = new Map([[JSON.stringify(a), 0.9], [JSON.stringify(b), 0.5]]);
  let calls = 0;
  const record = await runTuningGrid("toy", { metric: "mase", lowerIsBetter: true }, [a, { ...a }, b], [1], async (setting, seed) => {
    calls++;
    return trial(setting, seed, scores.get(JSON.stringify(setting))!, 0);
  }, (s) => s.model, []);
  assert.equal(calls, 2);
  assert.equal(record.trials.length, 2);
  const lstm = record.choices.find((c) => c.group === "lstm")!;
  // Counted twice, `a` would look like a 2-seed setting and push the better 1-seed `b` out of the comparison.
  assert.deepEqual(lstm.setting, b);
  assert.equal(lstm.seeds, 1);
});

test("expandGrid: every combination, in declaration order", () => {
  assert.deepEqual(expandGrid<{ a: number; b: string }>({ a: [1, 2], b: ["x", "y"] }), [
    { a: 1, b: "x" },
    { a: 1, b: "y" },
    { a: 2, b: "x" },
    { a: 2, b: "y" },
  ]);
});

/** Births with every test-part value replaced by garbage (reversed, scaled by 3, shifted): the test split only. */
function corruptTestPart(series: SeriesDataset, testFraction: number): SeriesDataset {
  const start = Math.floor(series.length * (1 - testFraction));
  const y = Float64Array.from(series.columns.births);
  const tail = y.slice(start).reverse();
  for (let i = 0; i < tail.length; i++) y[start + i] = 3 * tail[i] + 5000 + (i % 7) * 900;
  return { ...series, columns: { ...series.columns, births: y } };
}

test("the test split cannot influence a tuning choice: corrupting it changes test scores only", async () => {
  await initBackend({ quiet: true });
  const base = { size: 4, learningRate: 1e-2, linearSkip: 0, calendar: [], epochs: 3, patience: 2, batchSize: 32, lookback: 14 };
  const settings = expandGrid<Pick<ForecastSetting, "model" | "reference">>({ model: ["gru", "mlp"], reference: ["none", "last", "revin"] }).map(
    (s): ForecastSetting => ({ ...base, ...s }),
  );
  const spec = { name: "births-check", horizon: 1, validationFraction: 0.15, testFraction: 0.15, maxTrainWindows: 300 };
  const births = loadSeries("births");
  const clean = await runForecastTuning({ ...spec, source: births }, settings, [1]);
  const corrupted = await runForecastTuning({ ...spec, source: corruptTestPart(births, spec.testFraction) }, settings, [1]);
  assert.equal(clean.choices.length, 2);
  assert.deepEqual(corrupted.choices.map((c) => c.setting), clean.choices.map((c) => c.setting));
  clean.trials.forEach((t, i) => {
    assert.ok(Math.abs(t.validation.mase - corrupted.trials[i].validation.mase) < 1e-9, `trial ${i}: validation changed`);
    assert.ok(Math.abs(t.test.mase - corrupted.trials[i].test.mase) > 0.1, `trial ${i}: the corrupted test part should score differently`);
  });
  // The season came from the time column (daily -> 7), and the baselines are scored on the same windows.
  assert.deepEqual(clean.baselines.map((b) => b.name), ["naive", "seasonal-naive", "linear-ar"]);
});

test("trials are runs of the run store: a rerun resumes, a damaged trial or other data is rerun, an older record is adopted", async () => {
  await initBackend({ quiet: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rw-tune-store-"));
  const runsDir = path.join(tmp, "store");
  const file = path.join(tmp, "choices", "births-check.json");
  fs.mkdirSync(path.dirname(file));
  const base = { size: 4, learningRate: 1e-2, linearSkip: 0, calendar: [], epochs: 2, patience: 2, batchSize: 32, lookback: 14 };
  const settings: ForecastSetting[] = [
    { ...base, model: "gru", reference: "none" },
    { ...base, model: "mlp", reference: "none" },
  ];
  const spec = { name: "births-check", horizon: 1, validationFraction: 0.15, testFraction: 0.15, maxTrainWindows: 200 };
  const births = loadSeries("births");
  const tune = async (s: ForecastSetting[], options: { runsDir: string; source?: SeriesDataset; adopt?: { file: string; trials: Trial<unknown>[] } }) => {
    const lines: string[] = [];
    const record = await runForecastTuning({ ...spec, source: options.source ?? births }, s, [1], { ...options, file, log: (l) => lines.push(l) });
    return { record, ran: lines.filter((l) => !l.includes("finished earlier")).length, skipped: lines.filter((l) => l.includes("finished earlier")).length };
  };
  const withoutTime = (r: object) => ({ ...r, finishedAt: "" });

  const first = await tune(settings, { runsDir });
  assert.equal(first.ran, 2);
  const stored = fs.readdirSync(path.join(runsDir, "runs", "births-check")).sort();
  assert.equal(stored.length, 2);
  for (const name of stored) assert.match(name, /^(gru|mlp)-[0-9a-f]{12}-seed1\.json$/);
  // The choice file is the returned record, written from the stored trials.
  assert.deepEqual(withoutTime(JSON.parse(fs.readFileSync(file, "utf8"))), withoutTime(first.record));

  // A rerun with one more setting trains only that one; the stored trials come back as they were (same seconds).
  const more = [...settings, { ...base, model: "gru" as const, reference: "last" as const }];
  const second = await tune(more, { runsDir });
  assert.deepEqual([second.ran, second.skipped], [1, 2]);
  assert.deepEqual(second.record.trials.slice(0, 2), first.record.trials);
  assert.equal(second.record.trials.length, 3);

  // A half-written trial is run again, and gives the same scores (same seed, same backend).
  const damaged = path.join(runsDir, "runs", "births-check", stored.find((n) => n.startsWith("mlp"))!);
  fs.writeFileSync(damaged, fs.readFileSync(damaged, "utf8").slice(0, 50));
  const third = await tune(more, { runsDir });
  assert.deepEqual([third.ran, third.skipped], [1, 2]);
  assert.deepEqual(third.record.trials[1].validation, first.record.trials[1].validation);

  // Other data (the test part changed): nothing stored is reused, and the record holds only this data's trials.
  const other = await tune(settings, { runsDir, source: corruptTestPart(births, spec.testFraction) });
  assert.deepEqual([other.ran, other.skipped], [2, 0]);
  assert.equal(other.record.trials.length, 2);

  // A record written before trials were stored: adopted into a fresh store once, nothing retrained, and a trial
  // outside the grid (another learning rate) stays in the record first, also on a rerun without the old record.
  const outside = { ...second.record.trials[2], setting: { ...more[2], learningRate: 3e-3 } };
  const freshStore = path.join(tmp, "fresh");
  const adopted = await tune(settings, { runsDir: freshStore, adopt: { file: "old.json", trials: [outside, ...first.record.trials] } });
  assert.deepEqual([adopted.ran, adopted.skipped], [0, 2]);
  assert.deepEqual(adopted.record.trials, [outside, ...first.record.trials]);
  const again = await tune(settings, { runsDir: freshStore });
  assert.deepEqual([again.ran, again.skipped], [0, 2]);
  assert.deepEqual(again.record.trials, adopted.record.trials);
  fs.rmSync(tmp, { recursive: true });
});

test("tuningMarkdown: one row per trial and per baseline, the varying settings as columns, the choices last", () => {
  const a = { model: "lstm", lr: 1e-3 };
  const b = { model: "lstm", lr: 1e-2 };
  const trials = [trial(a, 1, 0.5, 0.25), trial(b, 1, 0.4, 0.75)];
  const objective = { metric: "mase", lowerIsBetter: true };
  const text = tuningMarkdown({
    task: "demo",
    objective,
    trials,
    baselines: [{ name: "naive", setting: { lookback: 4 }, validation: { mase: 1 }, test: { mase: 1.5 } }],
    choices: pickByValidation(trials, objective, (s) => s.model),
    finishedAt: "",
  });
  assert.match(text, /\| model \| lr \| seed \| validation mase \| test mase \|/);
  assert.match(text, /\| lstm \| 0.001 \| 1 \| 0.5000 \| 0.2500 \|/);
  assert.match(text, /\| naive \| lookback 4 \| 1.0000 \| 1.5000 \|/);
  assert.match(text, /\| lstm \| lr 0.01 \| 1 \| 0.4000 \| 0.7500 \|/);
});

test("declared grids take the task's data, sizes and budget, and vary only the practices", async () => {
  const { builtinSuite } = await import("../../lib/experiments/specs");
  const { forecastGrid, forecastTuneData, sentimentGrid } = await import("../../lib/experiments/tune-grids");
  const tasks = builtinSuite("quick").tasks;
  const births = tasks.find((t) => t.name === "births")!;
  const imdb = tasks.find((t) => t.name === "imdb")!;
  assert.ok(births.kind === "forecast" && imdb.kind === "sentiment");
  const grid = forecastGrid(births);
  assert.equal(grid.length, 4 * 3 * 2);
  for (const s of grid) {
    assert.equal(s.lookback, births.lookback);
    assert.equal(s.size, births.model.units);
    assert.equal(s.epochs, births.training.epochs);
    assert.ok(s.linearSkip === 0 || (s.linearSkip === births.lookback && s.skipInit === "least-squares" && s.skipTrainable === false));
  }
  assert.equal(new Set(grid.map((s) => JSON.stringify(s))).size, grid.length);
  assert.deepEqual(forecastTuneData(births), {
    name: "births", source: "births", target: undefined, horizon: 1, season: 7, validationFraction: 0.15, testFraction: 0.15, maxTrainWindows: 2000,
  });
  // `tune --models gru` searches that model's part of the same grid, nothing else.
  const gruOnly = forecastGrid(births, ["gru"]);
  assert.deepEqual(gruOnly, grid.filter((s) => s.model === "gru"));
  assert.equal(gruOnly.length, 3 * 2);
  // Widened axes: every combination of size, learning rate and lookback, each with the skip over its own lookback.
  const wide = forecastGrid(births, ["lstm"], { units: [16, 32], learningRates: [0.001, 0.003], lookbacks: [14, 28] });
  assert.equal(wide.length, 2 * 2 * 2 * 3 * 2);
  assert.equal(new Set(wide.map((s) => JSON.stringify(s))).size, wide.length);
  assert.deepEqual([...new Set(wide.map((s) => `${s.size}/${s.learningRate}/${s.lookback}`))].sort(), ["16/0.001/14", "16/0.001/28", "16/0.003/14", "16/0.003/28", "32/0.001/14", "32/0.001/28", "32/0.003/14", "32/0.003/28"]);
  assert.ok(wide.every((s) => s.linearSkip === 0 || s.linearSkip === s.lookback));
  const text = sentimentGrid(imdb);
  assert.equal(text.length, 3 * 2 * 2);
  const textWide = sentimentGrid(imdb, ["gru"], { learningRates: [0.001, 0.01] });
  assert.deepEqual(textWide.map((s) => s.learningRate), [0.001, 0.001, 0.001, 0.001, 0.01, 0.01, 0.01, 0.01]);
  assert.deepEqual(sentimentGrid(imdb, ["lstm"]), text.filter((s) => s.model === "lstm"));
  assert.ok(text.every((s) => s.maxLen === imdb.maxLen && s.vocabSize === imdb.vocabSize && s.embeddingDropout === s.outputDropout));
});
