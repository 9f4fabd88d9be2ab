/**
 * A labelled matrix heatmap: attention weights α[t][s] of a sequence-to-sequence model, output symbols on the y
 * axis (top to bottom in emission order) and input symbols on the x axis, colour = weight in [0, 1].
 * Like ./charts.ts, it returns a plain plotly `{data, layout}` (trace type "heatmap").
 */
import { type ChartTitles, type Figure, baseLayout, pairedNumbers, requireNonEmpty } from "./figure";

/** Titles and row / column labels of a matrix heatmap (attention weights: one row per output step). */
export interface MatrixHeatmapOptions extends ChartTitles {
  /** values[row][column]. */
  values: ReadonlyArray<ArrayLike<number>>;
  /** One label per column (input symbols). */
  columns: readonly string[];
  /** One label per row (output symbols). */
  rows: readonly string[];
  zmin?: number;
  zmax?: number;
  colorscale?: string;
  /** Write each value in its cell (default true up to 400 cells). */
  annotate?: boolean;
}

/** Rows x columns heatmap with categorical labels; labels repeat freely (position makes each unique). */
export function matrixHeatmap(options: MatrixHeatmapOptions): Figure {
  const rows = requireNonEmpty(options.values as readonly ArrayLike<number>[], "matrixHeatmap: values");
  if (rows.length !== options.rows.length) {
    throw new Error(`matrixHeatmap: ${rows.length} rows of values but ${options.rows.length} row labels: pass one label per row`);
  }
  const z = rows.map((row, i) => pairedNumbers(row, options.columns.length, `matrixHeatmap: row ${i}`));
  const zmin = options.zmin ?? 0;
  const zmax = options.zmax ?? 1;
  if (!(zmax > zmin)) throw new Error(`matrixHeatmap: zmax (${zmax}) must be greater than zmin (${zmin})`);
  // Plotly merges equal category labels, so the axes use positions and show the labels as tick text.
  const x = options.columns.map((_, i) => i);
  const y = options.rows.map((_, i) => i);
  const layout = baseLayout({ ...options, height: options.height ?? Math.max(260, 28 * rows.length + 140) });
  delete layout.legend;
  layout.xaxis = { title: { text: options.xTitle ?? "input" }, tickmode: "array", tickvals: x, ticktext: [...options.columns], side: "bottom" };
  layout.yaxis = { title: { text: options.yTitle ?? "output" }, tickmode: "array", tickvals: y, ticktext: [...options.rows], autorange: "reversed" };
  const annotate = options.annotate ?? rows.length * options.columns.length <= 400;
  if (annotate) {
    layout.annotations = z.flatMap((row, i) =>
      row.map((v, j) => ({
        x: j,
        y: i,
        text: v === null ? "" : v.toFixed(2),
        showarrow: false,
        font: { size: 10, color: v !== null && v > (zmin + zmax) / 2 ? "black" : "white" },
      })),
    );
  }
  return {
    data: [{ type: "heatmap", x, y, z, zmin, zmax, colorscale: options.colorscale ?? "Viridis", showscale: true }],
    layout,
  };
}
