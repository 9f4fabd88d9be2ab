/**
 * The built-in quick and full specs carry the practices that `rnn-workbook tune` chose on validation data, as recorded
 * in the committed docs/tuning/<task>-<scale>.json: recomputed here with pickByValidation over the trials run at the
 * task's own learning rate, epochs and lookback (the grid `tune` declares), the choice per model must be what the spec
 * says. Where a model was not tuned at full scale, the full spec takes its quick choice (a skip over the full lookback).
 * The tiny scale keeps the plain models (its stored baseline, test/experiments/baseline.test.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { builtinSuite } from "../../lib/experiments/specs";
import { pickByValidation, type Trial, type TuningRecord } from "../../lib/experiments/tune";
import type { ForecastTask, SentimentTask, TaskSpec } from "../../lib/experiments/types";

type TunedTask = ForecastTask | SentimentTask;

const root = path.resolve(__dirname, "..", "..", "..");
type Setting = Record<string, unknown> & { model: string };

function choices(task: TunedTask, scale: string): Map<string, Setting> {
  const file = path.join(root, "docs", "tuning", `${task.name}-${scale}.json`);
  if (!fs.existsSync(file)) return new Map();
  const record = JSON.parse(fs.readFileSync(file, "utf8")) as TuningRecord<Setting>;
  const own = record.trials.filter((t: Trial<Setting>) => {
    const s = t.setting;
    const calendar = s.calendar as unknown[] | undefined;
    return s.learningRate === task.training.learningRate && s.epochs === task.training.epochs && !calendar?.length &&
      (task.kind === "forecast" ? s.lookback === task.lookback : s.maxLen === task.maxLen);
  });
  const objective = task.kind === "forecast" ? { metric: "mase", lowerIsBetter: true } : { metric: "accuracy", lowerIsBetter: false };
  return new Map(pickByValidation(own, objective, (s) => s.model).map((c) => [c.group, c.setting]));
}

function forecastOptions(s: Setting | undefined, lookback: number) {
  const skip = Number(s?.linearSkip ?? 0) > 0;
  return {
    reference: (s?.reference as string | undefined) ?? "none",
    linearSkip: skip ? lookback : 0,
    skipInit: skip ? ((s?.skipInit as string | undefined) ?? "random") : "-",
    skipTrainable: skip ? ((s?.skipTrainable as boolean | undefined) ?? true) : "-",
  };
}

test("quick and full specs carry the validation choices of docs/tuning (tiny keeps the plain models)", () => {
  let checked = 0;
  for (const scale of ["quick", "full"] as const) {
    const quick = new Map(builtinSuite("quick").tasks.map((t) => [t.name, t]));
    // The text tasks (language model, seq2seq) have no tuned practices.
    for (const task of builtinSuite(scale).tasks.filter((t): t is TunedTask => t.kind === "forecast" || t.kind === "sentiment")) {
      const own = choices(task, scale);
      const fallback = choices(quick.get(task.name)! as TunedTask, "quick");
      for (const model of [...new Set([...own.keys(), ...fallback.keys()])]) {
        const chosen = own.get(model) ?? fallback.get(model)!;
        if (task.kind === "forecast") {
          const spec = task.modelOptions?.[model as "lstm"];
          assert.ok(spec, `${scale} ${task.name} ${model}: the spec has no options`);
          assert.deepEqual(forecastOptions(spec as Setting, task.lookback), forecastOptions(chosen, task.lookback), `${scale} ${task.name} ${model}`);
        } else {
          const spec = task.modelOptions?.[model as "lstm"] ?? {};
          for (const key of ["readout", "bidirectional", "embeddingDropout", "outputDropout"] as const) {
            assert.equal(spec[key], chosen[key], `${scale} ${task.name} ${model} ${key}`);
          }
        }
        checked++;
      }
    }
  }
  assert.ok(checked >= 30, `only ${checked} choices checked`);
  for (const task of builtinSuite("tiny").tasks as TunedTask[]) assert.equal(task.modelOptions, undefined, `tiny ${task.name} stays plain`);
});

/** One cell of the defaults table in docs/tuning-log.md, in the form the log writes it. */
function describeForecast(options: { reference?: string; linearSkip?: number; skipInit?: string; skipTrainable?: boolean } | undefined): string {
  const reference = options?.reference ?? "none";
  const skip = options?.linearSkip ?? 0;
  if (skip === 0) return reference;
  assert.equal(options?.skipInit, "least-squares", "the specs use only the least-squares skip");
  assert.equal(options?.skipTrainable, false, "the specs use only the frozen skip");
  return `${reference} + frozen least-squares skip ${skip}`;
}

function describeSentiment(options: { readout?: string; bidirectional?: boolean; embeddingDropout?: number; outputDropout?: number } | undefined, task: SentimentTask): string {
  assert.ok(!options?.embeddingDropout && !options?.outputDropout, `${task.name}: the log's table names no dropout`);
  const readout = options?.readout ?? "last";
  return `${(options?.bidirectional ?? task.bidirectional) ? "bidirectional" : "unidirectional"}, ${readout === "last" ? "last state" : `${readout} pooling`}`;
}

test("the defaults table of docs/tuning-log.md names every spec's practices (quick and full)", () => {
  const log = fs.readFileSync(path.join(root, "docs", "tuning-log.md"), "utf8");
  const section = log.slice(log.indexOf("## The defaults the built-in specs use"));
  const rows = new Map<string, string[]>();
  for (const line of section.split("\n")) {
    const cells = line.split("|").slice(1, -1).map((c) => c.trim().replace(/ \(not tuned\)$/, ""));
    if (cells.length === 6 && (cells[0] === "quick" || cells[0] === "full")) rows.set(`${cells[0]} ${cells[1]}`, cells.slice(2));
  }
  let checked = 0;
  for (const scale of ["quick", "full"] as const) {
    for (const task of builtinSuite(scale).tasks.filter((t): t is TunedTask => t.kind === "forecast" || t.kind === "sentiment")) {
      const row = rows.get(`${scale} ${task.name}`);
      assert.ok(row, `docs/tuning-log.md has no row for ${scale} ${task.name}`);
      const models = ["rnn", "lstm", "gru", "mlp"] as const;
      const spec = models.map((m) =>
        task.kind === "forecast"
          ? describeForecast(task.modelOptions?.[m])
          : m === "mlp" ? "-" : describeSentiment(task.modelOptions?.[m], task),
      );
      assert.deepEqual(row, spec, `${scale} ${task.name}: docs/tuning-log.md (RNN, LSTM, GRU, MLP) vs lib/experiments/specs.ts`);
      checked++;
    }
  }
  assert.equal(rows.size, checked, "the table has rows for tasks the specs do not have");
});
