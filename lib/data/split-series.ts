/**
 * Chronological train / validation / test split of a series: three consecutive row ranges, in time order, never
 * shuffled. With n rows and fractions (f_train, f_val), train = [0, floor(n f_train)), validation =
 * [that, floor(n (f_train + f_val))), test = the rest. By date, a part starts at the first row whose time is at or
 * after the given date.
 */
import { parseTimeMs } from "./time";
import type { RowRange, SeriesDataset } from "./types";

/** The three parts of a chronological split, as half-open row ranges that tile [0, n). */
export interface SeriesSplit {
  train: RowRange;
  validation: RowRange;
  test: RowRange;
}

/** Split by fractions of the rows (test gets the remainder) or by the dates the validation and test parts start. */
export type SplitOptions =
  | { train: number; validation: number }
  | { validationStart: Date | string; testStart: Date | string };

function toMs(value: Date | string, what: string): number {
  const ms = value instanceof Date ? value.getTime() : parseTimeMs(value);
  if (Number.isNaN(ms)) throw new Error(`chronologicalSplit: ${what} '${String(value)}' is not a date: use e.g. '2000-08-01'`);
  return ms;
}

/**
 * Split `series` (a data set, or a row count for fraction splits) into consecutive train / validation / test ranges.
 * Train and test must be non-empty; validation may be empty only when asked for with a validation fraction of 0.
 */
export function chronologicalSplit(series: SeriesDataset | number, options: SplitOptions): SeriesSplit {
  const n = typeof series === "number" ? series : series.length;
  if (!Number.isInteger(n) || n < 3) throw new Error(`chronologicalSplit: a series of ${n} rows cannot be split in three parts: use at least 3 rows`);
  let trainEnd: number;
  let validationEnd: number;
  if ("train" in options) {
    const { train, validation } = options;
    if (!(train > 0 && validation >= 0 && train + validation < 1)) {
      throw new Error(
        `chronologicalSplit: fractions train=${train}, validation=${validation} must be positive with train + validation < 1 (test gets the rest), e.g. 0.7 and 0.15`,
      );
    }
    // The epsilon keeps 10 * (0.7 + 0.1) = 7.999999999999999 from flooring to 7.
    trainEnd = Math.floor(n * train + 1e-9);
    validationEnd = Math.floor(n * (train + validation) + 1e-9);
  } else {
    if (typeof series === "number" || series.time === null) {
      throw new Error("chronologicalSplit: a split by date needs a series with a time column: split by fractions instead");
    }
    const validationMs = toMs(options.validationStart, "validationStart");
    const testMs = toMs(options.testStart, "testStart");
    if (!(validationMs < testMs)) throw new Error("chronologicalSplit: validationStart must be before testStart");
    const time = series.time;
    const firstAtOrAfter = (ms: number): number => {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (time[mid].getTime() < ms) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    trainEnd = firstAtOrAfter(validationMs);
    validationEnd = firstAtOrAfter(testMs);
  }
  const split = { train: { start: 0, end: trainEnd }, validation: { start: trainEnd, end: validationEnd }, test: { start: validationEnd, end: n } };
  for (const [part, range] of Object.entries(split)) {
    if (range.end <= range.start && !(part === "validation" && "train" in options && options.validation === 0)) {
      throw new Error(`chronologicalSplit: the ${part} part is empty (rows ${range.start}-${range.end}): move the split points`);
    }
  }
  return split;
}

/** Copy rows [range.start, range.end) of a series as a new series (for plotting or describing one part). */
export function sliceSeries(series: SeriesDataset, range: RowRange): SeriesDataset {
  checkRange(range, series.length, "sliceSeries");
  const columns: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(series.columns)) columns[k] = v.slice(range.start, range.end);
  const categories: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(series.categories)) categories[k] = v.slice(range.start, range.end);
  return {
    kind: "series",
    meta: { ...series.meta },
    length: range.end - range.start,
    time: series.time ? series.time.slice(range.start, range.end) : null,
    columns,
    categories,
  };
}

/** Check that a row range lies inside [0, n). */
export function checkRange(range: RowRange, n: number, who: string): void {
  if (!Number.isInteger(range.start) || !Number.isInteger(range.end) || range.start < 0 || range.end > n || range.start > range.end) {
    throw new Error(`${who}: row range [${range.start}, ${range.end}) is not inside the series of ${n} rows`);
  }
}
