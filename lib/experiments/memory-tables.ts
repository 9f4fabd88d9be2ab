/**
 * A memory sweep's results as chart-ready series and Markdown tables: the solved / error table per length and
 * cell, and the gradient decay before and after training (geometric mean over seeds).
 */
import type { CellName } from "../cells/types";
import type { MemorySweepResults } from "./memory-settings";

/** One cell's gradient decay at one length from a sweep, before and after training (chart-ready, JSON-serialisable). */
export interface SweepGradientDecay {
  cell: CellName;
  length: number;
  /** Runs (seeds) averaged. */
  seeds: number;
  /** k = 1 .. T. */
  lags: number[];
  /** Geometric mean over seeds of ||dL/dh_{T-k}|| / ||dL/dh_{T-1}||; 0 = underflow or saturated units (see gradient-flow.ts). */
  initial: number[];
  trained: number[];
  /** Whether the task was solved at this length (as in the table). */
  solved: boolean;
}

function geometricMeanColumns(rows: number[][]): number[] {
  return rows[0].map((_, i) => {
    const column = rows.map((row) => row[i]);
    return column.some((v) => v <= 0) ? 0 : Math.exp(column.reduce((sum, v) => sum + Math.log(v), 0) / column.length);
  });
}

/**
 * The gradient decay of every cell at `length` from a sweep's runs (those that probed their gradients),
 * averaged geometrically over seeds. For a log-axis chart map 0 to null (rw.plot.gradientNormChart refuses 0).
 */
export function sweepGradientDecay(results: MemorySweepResults, length: number): SweepGradientDecay[] {
  return results.cells.flatMap((cell) => {
    const runs = results.runs.filter((r) => r.cell === cell && r.length === length && r.gradients);
    if (runs.length === 0) return [];
    return [
      {
        cell,
        length,
        seeds: runs.length,
        lags: runs[0].gradients!.initial.map((_, i) => i + 1),
        initial: geometricMeanColumns(runs.map((r) => r.gradients!.initial)),
        trained: geometricMeanColumns(runs.map((r) => r.gradients!.trained)),
        solved: results.table.find((row) => row.cell === cell && row.length === length)?.solved ?? false,
      },
    ];
  });
}

/** Relative gradient norms at a few lags, before -> after training, one row per cell (Markdown). */
export function formatGradientTable(results: MemorySweepResults, length: number): string {
  const decays = sweepGradientDecay(results, length);
  if (decays.length === 0) return `(no gradient probes at T=${length})`;
  const lags = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].filter((k) => k <= length);
  if (!lags.includes(length)) lags.push(length);
  const header = `| T=${length}, gradient norm at lag k / at lag 1 | ${lags.map((k) => `k=${k}`).join(" | ")} |`;
  const rule = `|---|${lags.map(() => "---").join("|")}|`;
  const format = (v: number) => (v === 0 ? "0" : v.toExponential(1));
  const rows = decays.flatMap((d) => [
    `| ${d.cell.toUpperCase()} at initialisation | ${lags.map((k) => format(d.initial[k - 1])).join(" | ")} |`,
    `| ${d.cell.toUpperCase()} trained (${d.solved ? "solved" : "not solved"}) | ${lags.map((k) => format(d.trained[k - 1])).join(" | ")} |`,
  ]);
  return [header, rule, ...rows].join("\n");
}

/** The results as a Markdown table: one row per length, one column per cell (test error, solved mark). */
export function formatSweepTable(results: MemorySweepResults): string {
  const header = `| T | ${results.cells.map((c) => c.toUpperCase()).join(" | ")} |`;
  const rule = `|---|${results.cells.map(() => "---").join("|")}|`;
  const rows = results.lengths.map((length) => {
    const cells = results.cells.map((cell) => {
      const row = results.table.find((r) => r.cell === cell && r.length === length);
      if (!row) return "-";
      const error = row.meanTestError === null ? "diverged" : row.meanTestError.toPrecision(2);
      const mark = row.solved ? `solved ${row.solvedSeeds}/${row.seeds}` : `not solved ${row.solvedSeeds}/${row.seeds}`;
      const when = row.medianSequencesToSolve !== null ? ` @${Math.round(row.medianSequencesToSolve / 1000)}k` : "";
      return `${error} (${mark}${when})`;
    });
    return `| ${length} | ${cells.join(" | ")} |`;
  });
  const max = `| max solved T | ${results.cells.map((c) => results.maxSolvedLength[c] ?? "none").join(" | ")} |`;
  return [header, rule, ...rows, max].join("\n");
}
