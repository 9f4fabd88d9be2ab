/**
 * Missing values: which cells count as missing, how numbers are read, and the explicit policy that decides what
 * happens to them. The default is `error`: a NaN never slips silently into a window or a tensor.
 *
 * Policies (applied to the columns a task uses):
 * - `error`:       throw, naming the column, the first row and the count.
 * - `drop`:        remove every row where any used column is missing (time steps then have gaps; windows span them).
 * - `interpolate`: linear interpolation between the nearest known neighbours, in time when a time column exists
 *                  (x_i = x_a + (x_b - x_a) (t_i - t_a) / (t_b - t_a)), else in row index; leading / trailing gaps take
 *                  the nearest known value.
 * - `ffill`:       carry the last known value forward; a column that starts with missing values is an error
 *                  (there is nothing to carry), fix it with `drop` or `interpolate`.
 */
import type { MissingPolicy } from "./types";

/**
 * Cell texts read as missing, after trimming and in any letter case (NA, na, N/A, n/a, NaN, NULL, Null, ...):
 * the markers R, pandas, spreadsheets and databases write, plus "-" and "?" that people type for "no value".
 */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(["", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "#N/A", "?", "-", "n/a"]);
const MISSING_LOWER: ReadonlySet<string> = new Set([...MISSING_TOKENS].map((t) => t.toLowerCase()));

/** True when a cell text marks a missing value (see MISSING_TOKENS; letter case does not matter). */
export function isMissingToken(cell: string): boolean {
  const text = cell.trim();
  return text.length <= 4 && MISSING_LOWER.has(text.toLowerCase());
}

const POLICIES: readonly MissingPolicy[] = ["error", "drop", "interpolate", "ffill"];

/** Check a policy name coming from a caller (or a CLI flag). */
export function checkMissingPolicy(policy: unknown): MissingPolicy {
  if (!(POLICIES as readonly unknown[]).includes(policy)) {
    throw new Error(`missing-value policy '${String(policy)}' is unknown: use one of ${POLICIES.join(", ")}`);
  }
  return policy as MissingPolicy;
}

/**
 * Read a column of cell texts as numbers; missing cells become NaN (resolved later by the policy).
 * A cell that is neither a number nor a missing marker is an error naming the column, row and value.
 */
export function parseNumberColumn(column: string, cells: readonly string[], source: string): Float64Array {
  const values = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const text = cells[i].trim();
    if (isMissingToken(text)) {
      values[i] = NaN;
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
      throw new Error(
        `${source}: column '${column}' is not numeric (row ${i + 1} holds '${cells[i]}'): choose a numeric column, or clean the value`,
      );
    }
    values[i] = value;
  }
  return values;
}

/** True when a column of cell texts reads entirely as numbers or missing markers (and has at least one number). */
export function looksNumeric(cells: readonly string[]): boolean {
  let numbers = 0;
  for (const cell of cells) {
    const text = cell.trim();
    if (isMissingToken(text)) continue;
    if (!Number.isFinite(Number(text))) return false;
    numbers++;
  }
  return numbers > 0;
}

/** Count NaNs and report the first position. */
function firstMissing(values: ArrayLike<number>): { count: number; first: number } {
  let count = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) {
      if (first < 0) first = i;
      count++;
    }
  }
  return { count, first };
}

/**
 * Fill the NaNs of one column by `interpolate` or `ffill` and return a new array (the input is not changed).
 * `time` (milliseconds or any increasing number per row) makes interpolation linear in time instead of row index.
 */
export function fillMissing(
  values: ArrayLike<number>,
  policy: "interpolate" | "ffill",
  options: { column?: string; time?: ArrayLike<number> } = {},
): Float64Array {
  const column = options.column ?? "values";
  const out = Float64Array.from(values as ArrayLike<number>);
  const n = out.length;
  const { count, first } = firstMissing(out);
  if (count === 0) return out;
  if (count === n) throw new Error(`column '${column}' has no values at all (every row is missing): choose another column`);
  if (policy === "ffill") {
    if (first === 0) {
      throw new Error(
        `column '${column}' starts with a missing value that ffill cannot fill (nothing before it): use missing: 'drop' or 'interpolate'`,
      );
    }
    for (let i = 1; i < n; i++) if (Number.isNaN(out[i])) out[i] = out[i - 1];
    return out;
  }
  const position = (i: number): number => (options.time ? options.time[i] : i);
  let previousKnown = -1;
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(out[i])) {
      previousKnown = i;
      continue;
    }
    let nextKnown = i + 1;
    while (nextKnown < n && Number.isNaN(out[nextKnown])) nextKnown++;
    for (let k = i; k < nextKnown; k++) {
      if (previousKnown < 0) out[k] = out[nextKnown];
      else if (nextKnown >= n) out[k] = out[previousKnown];
      else {
        const t0 = position(previousKnown);
        const t1 = position(nextKnown);
        const fraction = t1 === t0 ? 0 : (position(k) - t0) / (t1 - t0);
        out[k] = out[previousKnown] + (out[nextKnown] - out[previousKnown]) * fraction;
      }
    }
    i = nextKnown - 1;
  }
  return out;
}

/** Result of applying a policy to a table: rows kept (indices into the input) and filled columns. */
export interface MissingResolution {
  keptRows: Int32Array | null;
  columns: Record<string, Float64Array>;
  rowsDropped: number;
  valuesFilled: number;
}

/**
 * Apply `policy` to the numeric `columns` a task uses. Under `error` the first missing value throws; `drop` returns
 * the kept row indices (the caller drops the same rows from time and other columns); the fill policies return
 * filled copies.
 */
export function resolveMissing(
  columns: Record<string, Float64Array>,
  policy: MissingPolicy,
  options: { source: string; time?: ArrayLike<number> },
): MissingResolution {
  checkMissingPolicy(policy);
  const names = Object.keys(columns);
  const withGaps = names.map((name) => ({ name, ...firstMissing(columns[name]) })).filter((c) => c.count > 0);
  if (withGaps.length === 0) return { keptRows: null, columns, rowsDropped: 0, valuesFilled: 0 };
  if (policy === "error") {
    const c = withGaps[0];
    throw new Error(
      `${options.source}: column '${c.name}' has ${c.count} missing value(s), the first at row ${c.first + 1}: ` +
        `pass --missing drop, interpolate or ffill (missing: 'drop' | 'interpolate' | 'ffill' in loadCsv) to handle them`,
    );
  }
  if (policy === "drop") {
    const n = columns[names[0]].length;
    const kept: number[] = [];
    for (let i = 0; i < n; i++) if (names.every((name) => !Number.isNaN(columns[name][i]))) kept.push(i);
    const keptRows = Int32Array.from(kept);
    const out: Record<string, Float64Array> = {};
    for (const name of names) out[name] = Float64Array.from(keptRows, (i) => columns[name][i]);
    return { keptRows, columns: out, rowsDropped: n - kept.length, valuesFilled: 0 };
  }
  const out: Record<string, Float64Array> = {};
  let valuesFilled = 0;
  for (const name of names) {
    out[name] = fillMissing(columns[name], policy, { column: name, time: options.time });
    valuesFilled += firstMissing(columns[name]).count;
  }
  return { keptRows: null, columns: out, rowsDropped: 0, valuesFilled };
}
