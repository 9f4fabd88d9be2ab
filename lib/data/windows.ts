/**
 * Sliding windows over a series for sequence-to-value forecasting, computed lazily: a `Windows` object holds the
 * series packed once as float32 rows and materialises any range of windows on demand, so a million-point series
 * never needs every window in memory at once.
 *
 * Window i of a part [start, end), with lookback L, horizon H and stride S, starts at s_i = start + i S and has
 *
 *     input  x_i = rows s_i .. s_i + L - 1          (all input columns, shape [L, F])
 *     target y_i = rows s_i + L .. s_i + L + H - 1  (target columns, flattened horizon-major: y[h T + t])
 *
 * for i = 0 .. count - 1 with count = floor((end - start - L - H) / S) + 1: every row a window touches lies inside
 * [start, end), so windows built per part of a chronological split never straddle a split boundary.
 * Inputs are the target columns followed by the `features` columns, then two columns (sin, cos of 2 pi phase) per
 * calendar feature, computed from the time of each input row.
 */
import { CALENDAR_FEATURES, calendarPhase, type CalendarFeature } from "./time";
import { checkRange, type SeriesSplit } from "./split-series";
import type { RowRange } from "./types";

/** What windows are cut from: numeric columns (e.g. scaled ones) and, for calendar features, a time per row. */
export interface WindowSource {
  columns: Record<string, ArrayLike<number>>;
  time?: readonly Date[] | null;
}

/** How windows are cut. */
export interface WindowOptions {
  /** Input steps per window (L), a positive integer. */
  lookback: number;
  /** Target steps per window (H), a positive integer: 1 is single-step, more is multi-step forecasting. */
  horizon: number;
  /** Steps between window starts (default 1). */
  stride?: number;
  /** Target column(s) to forecast; they are also the first input columns. */
  target: string | string[];
  /** Extra input columns (multivariate inputs), after the targets. */
  features?: string[];
  /** Calendar inputs from the time column, each as a sin/cos pair. */
  calendar?: CalendarFeature[];
  /** Rows to cut windows from (default: all rows); pass one part of a chronological split. */
  range?: RowRange;
}

/** A block of materialised windows: x is [count, lookback, inputs], y is [count, horizon * targets]. */
export interface WindowBlock {
  x: Float32Array;
  y: Float32Array;
  count: number;
  xShape: [number, number, number];
  yShape: [number, number];
}

function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new Error(`windows: ${name} must be a positive integer (got ${String(value)}), e.g. ${name === "horizon" ? 1 : 24}`);
  }
  return value;
}

/** Lazily materialised sliding windows over one row range of a series. */
export class Windows {
  readonly lookback: number;
  readonly horizon: number;
  readonly stride: number;
  readonly range: RowRange;
  /** Names of the input columns, in order (calendar pairs as `hour_sin`, `hour_cos`, ...). */
  readonly inputColumns: string[];
  readonly targetColumns: string[];
  /** Number of windows. */
  readonly count: number;
  /** Row-major float32 inputs [n, F] of the whole series (shared, not copied, between parts). */
  private readonly inputs: Float32Array;
  private readonly targets: Float32Array;

  /** @internal use `makeWindows` */
  constructor(
    packed: { inputs: Float32Array; targets: Float32Array; inputColumns: string[]; targetColumns: string[]; rows: number },
    options: { lookback: number; horizon: number; stride: number; range: RowRange; part?: string },
  ) {
    this.inputs = packed.inputs;
    this.targets = packed.targets;
    this.inputColumns = packed.inputColumns;
    this.targetColumns = packed.targetColumns;
    this.lookback = options.lookback;
    this.horizon = options.horizon;
    this.stride = options.stride;
    this.range = options.range;
    const span = this.range.end - this.range.start;
    if (span < this.lookback + this.horizon) {
      const part = options.part ? `the ${options.part} part of the series` : "the part of the series windows are cut from";
      const where = `rows ${this.range.start + 1}-${this.range.end} of ${packed.rows}`;
      const need = `lookback + horizon = ${this.lookback} + ${this.horizon} = ${this.lookback + this.horizon}`;
      const shorter = span - this.horizon >= 1 ? `a shorter lookback (${span - this.horizon} or less)` : "a shorter lookback or horizon";
      throw new Error(`windows: ${part} (${where}) has ${span} rows, shorter than ${need} rows one window needs: use ${shorter} or a longer series`);
    }
    this.count = Math.floor((span - this.lookback - this.horizon) / this.stride) + 1;
  }

  /** Number of input columns F. */
  get inputSize(): number {
    return this.inputColumns.length;
  }

  /** Number of target values per window, horizon * targets. */
  get outputSize(): number {
    return this.horizon * this.targetColumns.length;
  }

  /** First input row of window i. */
  startRow(i: number): number {
    return this.range.start + i * this.stride;
  }

  /** Rows of window i's targets: [start + L, start + L + H). */
  targetRows(i: number): RowRange {
    const s = this.startRow(i) + this.lookback;
    return { start: s, end: s + this.horizon };
  }

  /** Materialise windows `indices[from..to)` (default: windows from..to in order) into fresh float32 arrays. */
  block(from = 0, to = this.count, indices?: ArrayLike<number>): WindowBlock {
    const count = this.checkSpan(from, to, indices);
    const x = new Float32Array(count * this.lookback * this.inputSize);
    const y = new Float32Array(count * this.outputSize);
    this.fill(from, to, { x, y }, indices);
    return { x, y, count, xShape: [count, this.lookback, this.inputSize], yShape: [count, this.outputSize] };
  }

  /**
   * Copy windows `indices[from..to)` (default: windows from..to) into the caller's buffers, from their start: x as
   * [to - from, lookback, inputs], y as [to - from, horizon * targets]; either may be left out. Scoring a large part
   * reuses one buffer per batch this way instead of materialising every window.
   */
  fill(from: number, to: number, into: { x?: Float32Array; y?: Float32Array }, indices?: ArrayLike<number>): void {
    const count = this.checkSpan(from, to, indices);
    const F = this.inputSize;
    const xSize = this.lookback * F;
    const ySize = this.outputSize;
    const { x, y } = into;
    if ((x && x.length < count * xSize) || (y && y.length < count * ySize)) {
      throw new Error(`windows.fill(${from}, ${to}): the buffers hold fewer than ${count} windows: pass larger ones`);
    }
    for (let k = 0; k < count; k++) {
      const s = this.startRow(indices ? indices[from + k] : from + k);
      // Rows are contiguous in the packed arrays, so a window is one copy.
      if (x) x.set(this.inputs.subarray(s * F, s * F + xSize), k * xSize);
      const t0 = (s + this.lookback) * this.targetColumns.length;
      if (y) y.set(this.targets.subarray(t0, t0 + ySize), k * ySize);
    }
  }

  private checkSpan(from: number, to: number, indices?: ArrayLike<number>): number {
    if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= (indices ? indices.length : this.count))) {
      throw new Error(`windows.block(${from}, ${to}): the range must lie inside 0..${indices ? indices.length : this.count}`);
    }
    return to - from;
  }
}

/**
 * `keep` window indices spread evenly over 0..count-1: i -> floor(i count / keep), so every stretch of the series
 * is represented (all of them when keep >= count). For scoring a capped sample of a large part each epoch.
 */
export function evenlySpacedIndices(count: number, keep: number): Int32Array {
  if (!Number.isInteger(count) || count < 0) throw new Error(`evenlySpacedIndices: count must be a whole number, got ${count}`);
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`evenlySpacedIndices: keep must be a positive integer, got ${keep}`);
  const n = Math.min(count, keep);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor((i * count) / n);
  return out;
}

/** Pack columns row-major as float32, checking that every value in the used rows is finite. */
function pack(columns: ArrayLike<number>[], names: string[], rows: number, used: RowRange): Float32Array {
  const width = columns.length;
  const out = new Float32Array(rows * width);
  for (let c = 0; c < width; c++) {
    const col = columns[c];
    for (let r = 0; r < rows; r++) out[r * width + c] = col[r];
    for (let r = used.start; r < used.end; r++) {
      if (!Number.isFinite(col[r])) {
        throw new Error(
          `windows: column '${names[c]}' holds ${col[r]} at row ${r + 1}: load the data with a missing-value policy (missing: 'drop' | 'interpolate' | 'ffill')`,
        );
      }
    }
  }
  return out;
}

/**
 * Cut windows from `source` over `options.range` (default all rows). Errors name the problem: unknown column,
 * lookback / horizon / stride not a positive integer, a part shorter than lookback + horizon, a NaN in the used rows,
 * calendar features without a time column.
 */
export function makeWindows(source: WindowSource, options: WindowOptions): Windows {
  return makeWindowsForRanges(source, options, [options.range], [undefined])[0];
}

/**
 * Windows for each part of a chronological split, sharing one packed copy of the series. Each part's windows stay
 * inside that part.
 */
export function splitWindows(
  source: WindowSource,
  split: SeriesSplit,
  options: Omit<WindowOptions, "range">,
): { train: Windows; validation: Windows; test: Windows } {
  const parts = ["training", "validation", "test"];
  const [train, validation, test] = makeWindowsForRanges(source, options, [split.train, split.validation, split.test], parts);
  return { train, validation, test };
}

function makeWindowsForRanges(
  source: WindowSource,
  options: WindowOptions,
  ranges: (RowRange | undefined)[],
  parts: (string | undefined)[],
): Windows[] {
  const lookback = positiveInteger(options.lookback, "lookback");
  const horizon = positiveInteger(options.horizon, "horizon");
  const stride = positiveInteger(options.stride ?? 1, "stride");
  const targetColumns = typeof options.target === "string" ? [options.target] : [...options.target];
  if (targetColumns.length === 0) throw new Error("windows: no target column given: pass target: '<column>'");
  const available = Object.keys(source.columns);
  const inputNames = [...targetColumns, ...(options.features ?? []).filter((f) => !targetColumns.includes(f))];
  for (const name of inputNames) {
    if (!(name in source.columns)) {
      throw new Error(`windows: unknown column '${name}': the series has columns ${available.map((a) => `'${a}'`).join(", ")}`);
    }
  }
  const rows = source.columns[targetColumns[0]].length;
  for (const name of inputNames) {
    if (source.columns[name].length !== rows) {
      throw new Error(`windows: column '${name}' has ${source.columns[name].length} rows but '${targetColumns[0]}' has ${rows}: pass columns of one series`);
    }
  }
  const resolved = ranges.map((r) => r ?? { start: 0, end: rows });
  for (const r of resolved) checkRange(r, rows, "windows");
  const used = { start: Math.min(...resolved.map((r) => r.start)), end: Math.max(...resolved.map((r) => r.end)) };

  const inputColumns: ArrayLike<number>[] = inputNames.map((n) => source.columns[n]);
  const inputLabels = [...inputNames];
  for (const feature of options.calendar ?? []) {
    if (!CALENDAR_FEATURES.includes(feature)) {
      throw new Error(`windows: calendar feature '${String(feature)}' is unknown: use ${CALENDAR_FEATURES.join(", ")}`);
    }
    if (!source.time) throw new Error(`windows: calendar feature '${feature}' needs a time column, and this series has none`);
    if (source.time.length !== rows) throw new Error(`windows: the time column has ${source.time.length} rows but the series has ${rows}`);
    const sin = new Float64Array(rows);
    const cos = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const angle = 2 * Math.PI * calendarPhase(feature, source.time[r].getTime());
      sin[r] = Math.sin(angle);
      cos[r] = Math.cos(angle);
    }
    inputColumns.push(sin, cos);
    inputLabels.push(`${feature}_sin`, `${feature}_cos`);
  }
  const packed = {
    inputs: pack(inputColumns, inputLabels, rows, used),
    targets: pack(targetColumns.map((n) => source.columns[n]), targetColumns, rows, used),
    inputColumns: inputLabels,
    targetColumns,
    rows,
  };
  return resolved.map((range, i) => new Windows(packed, { lookback, horizon, stride, range, part: parts[i] }));
}
