/**
 * Turning measured scores and costs into a choice of cell: "does as well, costs less". Applied to the pitfall
 * measurements (notebook 09) and to every task of a suite summary (notebook 10).
 */
import type { PitfallMeasurement, PitfallVariant } from "../analysis/pitfall-common";
import { CELL_NAMES, type CellName } from "../cells/types";
import type { ModelSummary, Summary } from "./summary";
import type { TaskKind } from "./types";

/** Anything with a score and a training cost: a pitfall variant, or a cell's mean over seeds in a suite summary. */
export interface ScoredOption {
  name: string;
  value: number;
  trainSeconds: number;
}

/**
 * The option to choose: among those whose score is within `tolerance` (relative) of the best score, the one that
 * trained fastest ("does as well, costs less"). With tolerance 0 it is the best one.
 *
 *     near = { o : value_o <= best (1 + tolerance) }  (lower is better)   or   value_o >= best (1 - tolerance)
 *     choice = argmin_{o in near} trainSeconds_o
 */
export function cheapestNearBest<T extends ScoredOption>(options: readonly T[], lowerIsBetter: boolean, tolerance: number): T {
  if (!(tolerance >= 0)) throw new Error(`cheapestNearBest: tolerance must be >= 0 (e.g. 0.05 for 5%), got ${tolerance}`);
  const scored = options.filter((o) => Number.isFinite(o.value));
  if (scored.length === 0) throw new Error(`cheapestNearBest: none of ${options.map((o) => o.name).join(", ") || "(no options)"} has a finite score`);
  const best = scored.reduce((a, b) => (lowerIsBetter ? (b.value < a.value ? b : a) : b.value > a.value ? b : a));
  const near = scored.filter((o) => (lowerIsBetter ? o.value <= best.value * (1 + tolerance) : o.value >= best.value * (1 - tolerance)));
  return near.reduce((a, b) => (b.trainSeconds < a.trainSeconds ? b : a));
}

/** The variant a measurement recommends: `cheapestNearBest` over its variants. */
export function cheapestWithin(measurement: PitfallMeasurement, tolerance: number): PitfallVariant {
  if (!measurement.variants.some((v) => Number.isFinite(v.value))) {
    throw new Error(`cheapestWithin: no variant of '${measurement.pitfall}' has a finite score`);
  }
  return cheapestNearBest(measurement.variants, measurement.lowerIsBetter, tolerance);
}

/** What the numbers of one suite task say about the choice of cell. */
export interface CellRecommendation {
  task: string;
  title: string;
  kind: TaskKind;
  metric: string;
  lowerIsBetter: boolean;
  /** The cell with the best mean score over seeds. */
  best: { cell: CellName; value: number; params: number | null; trainSeconds: number };
  /** The fastest-training cell within the tolerance of the best (may be the best itself). */
  choice: { cell: CellName; value: number; params: number | null; trainSeconds: number };
  /** The best baseline on the same metric, and whether the best cell beats it. */
  bestBaseline: { model: string; value: number } | null;
  cellBeatsBaseline: boolean;
}

/**
 * Per task of a suite summary: the best cell, the cheapest cell within `tolerance` of it, and whether any cell beats
 * the best baseline (when none does, the recommendation is the baseline). Tasks without recurrent results are left out.
 */
export function recommendCells(summary: Summary, tolerance: number): CellRecommendation[] {
  const isCell = (model: string): model is CellName => (CELL_NAMES as readonly string[]).includes(model);
  return summary.tasks.flatMap((task) => {
    const scoreOf = (m: ModelSummary) => m.metrics[task.primaryMetric]?.mean ?? Number.NaN;
    const cells = task.models
      .filter((m) => isCell(m.model))
      .map((m) => ({ name: m.model, cell: m.model as CellName, value: scoreOf(m), params: m.params, trainSeconds: m.trainSeconds.mean }))
      .filter((c) => Number.isFinite(c.value));
    if (cells.length === 0) return [];
    const strip = ({ cell, value, params, trainSeconds }: (typeof cells)[number]) => ({ cell, value, params, trainSeconds });
    const best = cheapestNearBest(cells, task.lowerIsBetter, 0);
    const baselines = task.models.filter((m) => !isCell(m.model) && Number.isFinite(scoreOf(m)));
    const bestBaseline = baselines.length === 0 ? null : baselines
      .map((m) => ({ model: m.model, value: scoreOf(m) }))
      .reduce((a, b) => (task.lowerIsBetter ? (b.value < a.value ? b : a) : b.value > a.value ? b : a));
    return [{
      task: task.task,
      title: task.title,
      kind: task.kind,
      metric: task.primaryMetric,
      lowerIsBetter: task.lowerIsBetter,
      best: strip(best),
      choice: strip(cheapestNearBest(cells, task.lowerIsBetter, tolerance)),
      bestBaseline,
      cellBeatsBaseline: bestBaseline === null || (task.lowerIsBetter ? best.value < bestBaseline.value : best.value > bestBaseline.value),
    }];
  });
}
