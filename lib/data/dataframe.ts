/**
 * `toDataFrame`: a data set as a danfojs DataFrame, for notebook display (`df.head().print()`, `df.describe()`).
 * danfojs-node, an optional peer dependency, is required lazily on the first call: loading it takes about a second, a
 * project without it still loads the library, and no numeric path of the library goes through danfo. Time becomes
 * ISO text (danfo's describe() cannot handle Date values, and text shows the same in every time zone): `YYYY-MM-DD`
 * when every stamp is at midnight, else `YYYY-MM-DDTHH:MM:SSZ`.
 */
import type { DataFrame } from "danfojs-node";
import { requireOptional } from "../package";
import { checkRange } from "./split-series";
import type { Dataset, RowRange } from "./types";

let danfo: typeof import("danfojs-node") | undefined;

function loadDanfo(): typeof import("danfojs-node") {
  if (!danfo) {
    danfo = requireOptional<typeof import("danfojs-node")>("danfojs-node", "rw.data.toDataFrame (DataFrame display)");
  }
  return danfo;
}

/** ISO text for each time stamp (date only when all are at midnight UTC). */
export function isoTimes(time: readonly Date[]): string[] {
  const dateOnly = time.every((d) => d.getTime() % 86400000 === 0);
  return time.map((d) => (dateOnly ? d.toISOString().slice(0, 10) : `${d.toISOString().slice(0, 19)}Z`));
}

/**
 * A danfojs DataFrame of a data set (optionally rows [range.start, range.end) only): time (as text) first, then
 * numeric columns, then the other columns; for a text set: text, label (0/1), then the other columns.
 */
export function toDataFrame(dataset: Dataset, options: { range?: RowRange } = {}): DataFrame {
  const dfd = loadDanfo();
  const range = options.range ?? { start: 0, end: dataset.length };
  checkRange(range, dataset.length, "toDataFrame");
  const cut = <T>(values: ArrayLike<T>): T[] => Array.from(values).slice(range.start, range.end);
  const data: Record<string, unknown[]> = {};
  if (dataset.kind === "series") {
    if (dataset.time) data[dataset.meta.timeColumn ?? "time"] = cut(isoTimes(dataset.time));
    for (const [name, values] of Object.entries(dataset.columns)) data[name] = cut(values);
  } else {
    data.text = cut(dataset.texts);
    data.label = cut(dataset.labels);
  }
  // Numeric-looking text columns (the electricity `halfhour`, the births `year`) go in as numbers: danfo would
  // otherwise infer a numeric dtype yet compare the strings ("9" > "48").
  for (const [name, values] of Object.entries(dataset.categories)) {
    const numeric = values.length > 0 && values.every((v) => v.trim() !== "" && Number.isFinite(Number(v)));
    data[name] = numeric ? cut(values.map(Number)) : cut(values);
  }
  return new dfd.DataFrame(data);
}
