/**
 * Summaries over seeds: for each task and model, the mean and spread (sample standard deviation over
 * seeds, 0 for a single seed) of every metric, the parameter count, training seconds and sequences per
 * second; and, per task, which recurrent models fail to beat the best baseline on the primary metric.
 */
import * as os from "node:os";
import { CELL_NAMES, type CellName } from "../cells/types";
import type { Provenance } from "./provenance";
import { TASK_METRICS, type RunRecord, type TaskKind, type TaskSpec } from "./types";

/** Mean, standard deviation, minimum and maximum of a metric over seeds. */
export interface Spread {
  mean: number;
  /** Sample standard deviation over seeds (n - 1 in the denominator); 0 with one seed. */
  std: number;
  n: number;
}

/** One model's results on one task over its seeds. */
export interface ModelSummary {
  model: string;
  seeds: number[];
  metrics: Record<string, Spread>;
  params: number | null;
  units: number | null;
  trainSeconds: Spread;
  sequencesPerSecond: Spread | null;
}

/** One task's results over seeds: every model's metrics as mean and spread. */
export interface TaskSummary {
  task: string;
  title: string;
  kind: TaskKind;
  /** The metric the verdicts use, and whether lower is better. */
  primaryMetric: string;
  lowerIsBetter: boolean;
  /** How recurrent models were sized, in words ("parameters matched to lstm with 32 units" / "32 units each"). */
  sizing: string;
  models: ModelSummary[];
  /** "gru beats every baseline on mase" / "rnn does not beat linear-ar on mase (1.02 vs 0.97)". */
  verdicts: string[];
}

/** A suite's results summarised over seeds: one TaskSummary per task, and the jobs still missing. */
export interface Summary {
  /** Layout version (SCHEMA_VERSION in provenance.ts). */
  schemaVersion?: number;
  /** What wrote this summary (the records carry their own provenance). */
  provenance?: Provenance;
  /** The package versions the summarised records were made with ("unknown" for records older than provenance). */
  packageVersions?: string[];
  scale: string;
  backend: string;
  machine: string;
  createdAt: string;
  tasks: TaskSummary[];
  /** Jobs of the suite without a finished record (the summary is partial if any). */
  missing: string[];
}

export function spread(values: number[]): Spread {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, std: Math.sqrt(variance), n };
}

export function machineDescription(): string {
  const cpus = os.cpus();
  return `${cpus.length} x ${cpus[0]?.model.trim() ?? "unknown CPU"}, Node ${process.versions.node}, ${os.platform()} ${os.arch()}`;
}

const isCell = (model: string): model is CellName => (CELL_NAMES as readonly string[]).includes(model);
// Attention variants are models under comparison, not baselines.
const isBaseline = (model: string) => !isCell(model) && !model.endsWith("+attention");

export function sizingNote(task: TaskSpec): string {
  const m = task.model;
  return m.sizing === "matched-params"
    ? `parameter counts matched to ${m.referenceCell} with ${m.units} units`
    : `${m.units} units per cell (parameter counts differ)`;
}

/** Summarise the records of one task (models in the order given, then any others found). */
export function summariseTask(task: TaskSpec, records: RunRecord[], modelOrder: string[]): TaskSummary {
  const mine = records.filter((r) => r.task === task.name);
  const names = [...new Set([...modelOrder.filter((m) => mine.some((r) => r.model === m)), ...mine.map((r) => r.model)])];
  const models: ModelSummary[] = names.map((model) => {
    const runs = mine.filter((r) => r.model === model).sort((a, b) => a.seed - b.seed);
    const metricNames = Object.keys(runs[0].metrics);
    const metrics: Record<string, Spread> = {};
    for (const name of metricNames) metrics[name] = spread(runs.map((r) => r.metrics[name]).filter((v) => Number.isFinite(v)));
    const speeds = runs.map((r) => r.sequencesPerSecond).filter((v): v is number => v !== null && v !== undefined);
    return {
      model,
      seeds: runs.map((r) => r.seed),
      metrics,
      params: runs[0].params,
      units: runs[0].units,
      trainSeconds: spread(runs.map((r) => r.trainSeconds)),
      sequencesPerSecond: speeds.length > 0 ? spread(speeds) : null,
    };
  });
  const { primary: primaryMetric, lowerIsBetter } = TASK_METRICS[task.kind];
  const better = (a: number, b: number) => (lowerIsBetter ? a < b : a > b);
  const baselines = models.filter((m) => isBaseline(m.model) && m.metrics[primaryMetric]);
  // A partial merge may lack some baselines: then "every baseline" would claim more than the records show.
  const absent = modelOrder.filter((m) => isBaseline(m) && !baselines.some((b) => b.model === m));
  const against = absent.length === 0 ? "every baseline" : `every baseline that has run (${absent.join(", ")} not yet)`;
  const verdicts: string[] = [];
  if (baselines.length > 0) {
    const best = baselines.reduce((a, b) => (better(b.metrics[primaryMetric].mean, a.metrics[primaryMetric].mean) ? b : a));
    const bestValue = best.metrics[primaryMetric].mean;
    for (const m of models.filter((x) => isCell(x.model))) {
      const value = m.metrics[primaryMetric]?.mean;
      if (value === undefined) continue;
      const shown = `${fmt(value)} vs ${fmt(bestValue)}`;
      verdicts.push(
        better(value, bestValue)
          ? `${m.model} beats ${against} on ${primaryMetric} (${shown} for ${best.model}, the best baseline)`
          : `${m.model} does NOT beat the ${best.model} baseline on ${primaryMetric} (${shown})`,
      );
    }
  }
  return { task: task.name, title: task.title, kind: task.kind, primaryMetric, lowerIsBetter, sizing: sizingNote(task), models, verdicts };
}

export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(3);
  return value.toFixed(4);
}

export function meanSpread(s: Spread | undefined): string {
  if (!s) return "";
  // A deterministic model (most baselines) has no spread to show.
  return s.n > 1 && s.std > 0 ? `${fmt(s.mean)} ± ${fmt(s.std)}` : fmt(s.mean);
}

const FORECAST_COLUMNS = ["mae", "rmse", "smape", "mase"];
const SENTIMENT_COLUMNS = ["accuracy", "f1", "rocAuc"];

/** summary.md: one table per task (mean ± sample std over seeds), the sizing rule and the verdicts. */
export function summaryMarkdown(summary: Summary): string {
  const lines: string[] = [
    `# Results (${summary.scale} scale)`,
    "",
    `Backend: ${summary.backend}. Machine: ${summary.machine}. Written ${summary.createdAt}.`,
    `Made with rnn-workbook ${(summary.packageVersions ?? []).join(" + ") || "?"}${summary.provenance?.gitCommit ? ` (summary written at commit ${summary.provenance.gitCommit.slice(0, 12)})` : ""}.`,
    "Values are mean ± sample standard deviation over seeds; forecasting errors are in the series' original units,",
    "sMAPE in percent, MASE relative to the in-sample seasonal-naive error (below 1 beats it).",
    "",
  ];
  if (summary.missing.length > 0) {
    lines.push(`**Partial:** ${summary.missing.length} job(s) have not finished: ${summary.missing.slice(0, 5).join(", ")}${summary.missing.length > 5 ? ", ..." : ""}`, "");
  }
  for (const task of summary.tasks) {
    const columns = task.kind === "forecast" ? FORECAST_COLUMNS : task.kind === "sentiment" ? SENTIMENT_COLUMNS : TASK_METRICS[task.kind].columns;
    lines.push(`## ${task.title} (\`${task.task}\`)`, "", `Recurrent models: ${task.sizing}.`, "");
    lines.push(`| model | seeds | params | units | ${columns.join(" | ")} | train s | seq/s |`);
    lines.push(`|---|---:|---:|---:|${columns.map(() => "---:").join("|")}|---:|---:|`);
    for (const m of task.models) {
      const cells = columns.map((c) => meanSpread(m.metrics[c]));
      lines.push(
        `| ${m.model} | ${m.seeds.length} | ${m.params ?? ""} | ${m.units ?? ""} | ${cells.join(" | ")} | ${m.trainSeconds.mean.toFixed(1)} | ${m.sequencesPerSecond ? m.sequencesPerSecond.mean.toFixed(0) : ""} |`,
      );
    }
    lines.push("");
    for (const v of task.verdicts) lines.push(`- ${v}`);
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}
