/**
 * report.html: one self-contained page (plotly inlined, opens offline) with, per task, the summary table,
 * the verdicts against the baselines, metric bars with their spread over seeds, learning curves and, for
 * forecasting, forecast against actual on a stretch of the test period.
 */
import { CELL_NAMES } from "../cells/types";
import { forecastChart, learningCurves, metricBars } from "../plot/charts";
import type { Figure } from "../plot/figure";
import { renderHtmlPage, tableHtml, type PageSection } from "../plot/html";
import { meanSpread, type Summary, type TaskSummary } from "./summary";
import { TASK_METRICS, type RunRecord } from "./types";

const isCell = (model: string) => (CELL_NAMES as readonly string[]).includes(model);

function tableRows(task: TaskSummary): Record<string, string | number | null>[] {
  const names = TASK_METRICS[task.kind].columns;
  return task.models.map((m) => {
    const row: Record<string, string | number | null> = { model: m.model, seeds: m.seeds.length, params: m.params, units: m.units };
    for (const name of names) {
      const s = m.metrics[name];
      row[name] = meanSpread(s);
    }
    row["train s"] = Number(m.trainSeconds.mean.toFixed(1));
    row["seq/s"] = m.sequencesPerSecond ? Math.round(m.sequencesPerSecond.mean) : null;
    return row;
  });
}

function taskFigures(task: TaskSummary, records: RunRecord[]): Figure[] {
  const figures: Figure[] = [];
  const bars = TASK_METRICS[task.kind].bars;
  figures.push(
    metricBars({
      title: `${bars.join(" and ")} by model (mean ± std over seeds)`,
      categories: task.models.map((m) => m.model),
      groups: bars.map((metric) => ({
        name: metric,
        mean: task.models.map((m) => m.metrics[metric]?.mean ?? null),
        spread: task.models.map((m) => m.metrics[metric]?.std ?? null),
      })),
    }),
  );
  const mine = records.filter((r) => r.task === task.task);
  const firstSeed = mine.length > 0 ? Math.min(...mine.map((r) => r.seed)) : 0;
  const curves = mine.filter((r) => isCell(r.model) && r.seed === firstSeed && r.history && r.history.length > 0);
  if (curves.length > 0) {
    figures.push(
      learningCurves({
        title: `Learning curves, seed ${firstSeed} (${task.kind === "forecast" ? "MSE on standardised values" : "cross-entropy"})`,
        yLog: task.kind === "forecast", // MSE falls by orders of magnitude: a log axis keeps the later epochs readable
        runs: curves.map((r) => ({
          name: r.model,
          train: r.history!.map((h) => h.loss),
          validation: r.history!.every((h) => h.valLoss !== undefined) ? r.history!.map((h) => h.valLoss as number) : undefined,
        })),
      }),
    );
  }
  const samples = mine.filter((r) => r.seed === firstSeed && r.sample && r.sample.actual.length > 0);
  if (task.kind === "forecast" && samples.length > 0) {
    figures.push(
      forecastChart({
        title: `Forecast vs actual on the test period, seed ${firstSeed} (${samples[0].sample!.note})`,
        xTitle: "test step",
        actual: { y: samples[0].sample!.actual },
        forecasts: samples.map((r) => ({ name: r.model, y: r.sample!.predicted })),
      }),
    );
  }
  return figures;
}

/** The whole report page as HTML text. */
export function renderReport(summary: Summary, records: RunRecord[], title = `rnn-workbook results (${summary.scale} scale)`): string {
  const sections: PageSection[] = summary.tasks.map((task) => ({
    heading: task.title,
    markdownOrHtml: [
      `Task \`${task.task}\`. Recurrent models: ${task.sizing}. Primary metric: **${task.primaryMetric}** (${task.lowerIsBetter ? "lower" : "higher"} is better).`,
      "",
      ...task.verdicts.map((v) => `- ${v}`),
    ].join("\n"),
    figures: taskFigures(task, records),
    html: tableHtml(tableRows(task)),
  }));
  const partial = summary.missing.length > 0 ? ` **Partial:** ${summary.missing.length} job(s) have not finished.` : "";
  return renderHtmlPage({
    title,
    intro:
      `Backend: ${summary.backend}. Machine: ${summary.machine}. Written ${summary.createdAt}. ` +
      `Values are mean ± sample standard deviation over seeds; forecasting errors are in original units.${partial}`,
    sections,
  });
}
