/**
 * Per-feature scalers, fitted on the training rows only and applied to every part; `inverseTransform` brings
 * predictions back to original units for reporting errors.
 *
 * MinMaxScaler:   x' = lo + (x - min) (hi - lo) / (max - min),   x = min + (x' - lo) (max - min) / (hi - lo)
 * StandardScaler: x' = (x - mean) / std,                          x = mean + x' std
 * with min, max, mean and the population std (divide by n) computed over the fitting rows of each column. A
 * constant column would divide by zero: its range or std is taken as 1 (as scikit-learn does), so it maps to lo / 0.
 */
import { checkRange } from "./split-series";
import type { RowRange } from "./types";

/** Columns by name: plain arrays or typed arrays of numbers. */
export type Columns = Record<string, ArrayLike<number>>;

/** Statistics of one column: the offset and scale of x' = (x - offset) / scale + shift. */
interface ColumnTransform {
  offset: number;
  scale: number;
  shift: number;
}

abstract class ColumnScaler {
  protected fitted: Record<string, ColumnTransform> | null = null;

  /** Rows used by the last `fit`, for the record (and the tests). */
  fittedRows: RowRange | null = null;

  protected abstract resetStats(): void;

  protected abstract columnTransform(values: ArrayLike<number>, range: RowRange, name: string): ColumnTransform;

  /**
   * Fit each column on rows [range.start, range.end) only (default: all rows); pass the training range of a
   * chronological split so no statistic sees validation or test rows.
   */
  fit(columns: Columns, range?: RowRange): this {
    const names = Object.keys(columns);
    if (names.length === 0) throw new Error(`${this.constructor.name}.fit: no columns given: pass { name: values }`);
    const n = columns[names[0]].length;
    const rows = range ?? { start: 0, end: n };
    const fitted: Record<string, ColumnTransform> = {};
    this.resetStats();
    for (const name of names) {
      const values = columns[name];
      checkRange(rows, values.length, `${this.constructor.name}.fit('${name}')`);
      if (rows.end === rows.start) throw new Error(`${this.constructor.name}.fit: the fitting range is empty: pass the training rows`);
      for (let i = rows.start; i < rows.end; i++) {
        if (!Number.isFinite(values[i])) {
          throw new Error(
            `${this.constructor.name}.fit: column '${name}' holds ${values[i]} at row ${i + 1}: load with a missing-value policy (drop, interpolate, ffill)`,
          );
        }
      }
      fitted[name] = this.columnTransform(values, rows, name);
    }
    this.fitted = fitted;
    this.fittedRows = { ...rows };
    return this;
  }

  private transformOf(name: string, who: string): ColumnTransform {
    if (!this.fitted) throw new Error(`${this.constructor.name}.${who}: call fit() first (on the training rows)`);
    const t = this.fitted[name];
    if (!t) {
      throw new Error(`${this.constructor.name}.${who}: column '${name}' was not fitted: fitted columns are ${Object.keys(this.fitted).join(", ")}`);
    }
    return t;
  }

  /** Scale one column's values with that column's fitted statistics. */
  transformColumn(name: string, values: ArrayLike<number>): Float64Array {
    const { offset, scale, shift } = this.transformOf(name, "transformColumn");
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = (values[i] - offset) / scale + shift;
    return out;
  }

  /** Undo `transformColumn`: scaled values (e.g. predictions) back to original units. */
  inverseTransformColumn(name: string, values: ArrayLike<number>): Float64Array {
    const { offset, scale, shift } = this.transformOf(name, "inverseTransformColumn");
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = (values[i] - shift) * scale + offset;
    return out;
  }

  /** Scale every given column (each must have been fitted). */
  transform(columns: Columns): Record<string, Float64Array> {
    const out: Record<string, Float64Array> = {};
    for (const [name, values] of Object.entries(columns)) out[name] = this.transformColumn(name, values);
    return out;
  }

  /** Undo `transform` for every given column. */
  inverseTransform(columns: Columns): Record<string, Float64Array> {
    const out: Record<string, Float64Array> = {};
    for (const [name, values] of Object.entries(columns)) out[name] = this.inverseTransformColumn(name, values);
    return out;
  }

  /** Names of the fitted columns. */
  get columns(): string[] {
    return this.fitted ? Object.keys(this.fitted) : [];
  }
}

/** Min-max scaling of each column to `featureRange` (default [0, 1]) using the fitting rows' min and max. */
export class MinMaxScaler extends ColumnScaler {
  readonly featureRange: [number, number];
  /** Per column: min and max over the fitting rows. */
  stats: Record<string, { min: number; max: number }> = {};

  constructor(options: { featureRange?: [number, number] } = {}) {
    super();
    this.featureRange = options.featureRange ?? [0, 1];
    const [lo, hi] = this.featureRange;
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
      throw new Error(`MinMaxScaler: featureRange [${lo}, ${hi}] must be two finite numbers with low < high, e.g. [0, 1]`);
    }
  }

  protected resetStats(): void {
    this.stats = {};
  }

  protected columnTransform(values: ArrayLike<number>, range: RowRange, name: string): ColumnTransform {
    let min = Infinity;
    let max = -Infinity;
    for (let i = range.start; i < range.end; i++) {
      if (values[i] < min) min = values[i];
      if (values[i] > max) max = values[i];
    }
    this.stats[name] = { min, max };
    const [lo, hi] = this.featureRange;
    const span = max > min ? max - min : 1;
    return { offset: min, scale: span / (hi - lo), shift: lo };
  }
}

/** Standardisation of each column to mean 0, std 1 over the fitting rows. */
export class StandardScaler extends ColumnScaler {
  /** Per column: mean and population standard deviation over the fitting rows. */
  stats: Record<string, { mean: number; std: number }> = {};

  protected resetStats(): void {
    this.stats = {};
  }

  protected columnTransform(values: ArrayLike<number>, range: RowRange, name: string): ColumnTransform {
    const count = range.end - range.start;
    let sum = 0;
    for (let i = range.start; i < range.end; i++) sum += values[i];
    const mean = sum / count;
    // Two-pass variance: no cancellation for large offsets such as index points or volumes.
    let squares = 0;
    for (let i = range.start; i < range.end; i++) squares += (values[i] - mean) ** 2;
    const std = Math.sqrt(squares / count);
    this.stats[name] = { mean, std };
    return { offset: mean, scale: std > 0 ? std : 1, shift: 0 };
  }
}

/** Create a scaler by name: "minmax" or "standard". */
export function createScaler(kind: "minmax" | "standard"): MinMaxScaler | StandardScaler {
  if (kind === "minmax") return new MinMaxScaler();
  if (kind === "standard") return new StandardScaler();
  throw new Error(`scaler '${String(kind)}' is unknown: use 'minmax' or 'standard'`);
}
