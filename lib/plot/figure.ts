/**
 * The figure type shared by every chart builder: a plain plotly `{data, layout}` object that can be
 * JSON-serialised as is, shown in a notebook (`show`), or put in a report (`renderHtmlPage`).
 *
 * Builders accept `ArrayLike<number>` (so `tensor.dataSync()` can be passed straight in) and copy the
 * values into plain arrays: a Float32Array serialises to `{"0":..}` in JSON, which plotly cannot read.
 * NaN and Infinity are rejected with an error naming the series and the index; `null` is allowed and
 * drawn as a gap, for data that is missing on purpose.
 */

/** One plotly trace. Only the fields the builders set are typed; anything plotly accepts may be added. */
export interface Trace {
  type: string;
  name?: string;
  x?: unknown[];
  y?: unknown[];
  z?: unknown[][];
  [key: string]: unknown;
}

/** A plotly layout (title, axes, legend, ...), passed to plotly unchanged. */
export type Layout = Record<string, unknown>;

/** A Plotly figure as plain data: traces and layout (what show() draws and the report embeds). */
export interface Figure {
  data: Trace[];
  layout: Layout;
}

/** Values of a series: numbers, or null for a deliberate gap. */
export type Values = ArrayLike<number | null>;

/** Common options for the titles of a chart. */
export interface ChartTitles {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Chart height in pixels (default 420). */
  height?: number;
}

/** Colours used in order for series, runs and bar groups (plotly's default palette, colour-blind friendly enough). */
export const PALETTE: readonly string[] = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

export function colorAt(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/**
 * Copy `values` to a plain array, checking that every entry is a finite number or null.
 * `what` names the values in the error, e.g. "series 'lstm'".
 */
export function toNumbers(values: Values | undefined, what: string, options: { allowEmpty?: boolean } = {}): (number | null)[] {
  if (values == null || typeof (values as ArrayLike<unknown>).length !== "number") {
    throw new Error(`${what}: expected an array of numbers, got ${values === null ? "null" : typeof values}`);
  }
  if (values.length === 0 && !options.allowEmpty) {
    throw new Error(`${what} is empty: pass at least one value`);
  }
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) {
      out[i] = null;
    } else if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(
        `${what} has a non-finite value at index ${i} (${String(v)}): ` +
          "remove it, or pass null to leave a deliberate gap in the line",
      );
    } else {
      out[i] = v;
    }
  }
  return out;
}

/** Like `toNumbers`, but also requires the same length as the x values it is paired with. */
export function pairedNumbers(values: Values, xLength: number, what: string): (number | null)[] {
  const ys = toNumbers(values, what);
  if (ys.length !== xLength) {
    throw new Error(`${what} has ${ys.length} values but its x axis has ${xLength}: pass arrays of equal length`);
  }
  return ys;
}

/** 0, 1, ..., n-1: the default x axis (time step, epoch index). */
export function indices(n: number, start = 0): number[] {
  return Array.from({ length: n }, (_, i) => i + start);
}

/** Pixels from the top of the figure to the top of the legend: room for the title, or for plotly's mode bar. */
const TITLE_SPACE = 44;
const NO_TITLE_SPACE = 30;

/**
 * The base layout every builder starts from: titles, white background, legend above the plot area.
 *
 * The title sits at the top of the figure and the legend in a band below it, both placed in
 * pixels from the top (yref "container"). Plotly then reserves the top margin as title + legend
 * height, so a legend that wraps onto several rows (8 series, 6 runs x train/validation) pushes
 * the plot area down instead of growing upwards over the title, at any chart width.
 */
export function baseLayout(titles: ChartTitles, extra: Layout = {}): Layout {
  const height = titles.height ?? 420;
  const legendTop = titles.title ? TITLE_SPACE : NO_TITLE_SPACE;
  const layout: Layout = {
    height,
    // t is a minimum: plotly widens it to fit the legend rows (margin.autoexpand).
    margin: { l: 64, r: 24, t: legendTop + 36, b: 56 },
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    font: { family: "Helvetica, Arial, sans-serif", size: 13 },
    // Above the plot area, right-aligned: below it the legend collides with the x axis title.
    legend: { orientation: "h", x: 1, xanchor: "right", yref: "container", y: 1 - legendTop / height, yanchor: "top" },
    xaxis: { title: { text: titles.xTitle ?? "" }, gridcolor: "#e5e5e5", zeroline: false },
    yaxis: { title: { text: titles.yTitle ?? "" }, gridcolor: "#e5e5e5", zeroline: false },
  };
  if (titles.title) {
    layout.title = { text: titles.title, x: 0.02, xanchor: "left", yref: "container", y: 1, yanchor: "top", pad: { t: 14 } };
  }
  return { ...layout, ...extra };
}

/** Throw unless `items` is a non-empty array; `what` names it in the error. */
export function requireNonEmpty<T>(items: readonly T[] | undefined, what: string): readonly T[] {
  if (!Array.isArray(items) || items.length === 0) {
    throw new Error(`${what} is empty: pass at least one`);
  }
  return items;
}
