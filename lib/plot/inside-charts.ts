/**
 * Figure builders for looking inside a network: unit activations over time as heatmaps, gradient norms per lag on
 * a log axis, and scatter plots (e.g. a unit against a quantity it may track). Plain numbers in, a plotly
 * `{data, layout}` out, like charts.ts.
 */
import {
  ChartTitles,
  Figure,
  Layout,
  Trace,
  Values,
  baseLayout,
  colorAt,
  indices,
  pairedNumbers,
  requireNonEmpty,
  toNumbers,
} from "./figure";
import { xValues, type XValues } from "./charts";

export type TimeByUnits = ReadonlyArray<Values>;

function unitsByTime(values: TimeByUnits, what: string): (number | null)[][] {
  const rows = requireNonEmpty(values as readonly Values[], what);
  const units = toNumbers(rows[0], `${what} at time 0`).length;
  const columns = rows.map((row, t) => pairedNumbers(row, units, `${what} at time ${t}`));
  // Transpose so that time runs along the x axis and units along y.
  return indices(units).map((u) => columns.map((row) => row[u]));
}

export interface HeatmapPanel {
  title: string;
  /** `values[t][unit]`. */
  values: TimeByUnits;
}

/**
 * One or more heatmaps stacked vertically with a shared time axis: time on x, unit on y, colour
 * = activation. Sigmoid gates live in [0, 1], so that is the default colour range (zmin/zmax);
 * pass zmin -1 for tanh outputs such as the hidden state.
 */
export function heatmap(
  options: ChartTitles & {
    panels: HeatmapPanel[];
    zmin?: number;
    zmax?: number;
    colorscale?: string;
    /** x values for the time axis (default 0..T-1). */
    x?: XValues;
  },
): Figure {
  const panels = requireNonEmpty(options.panels, "heatmap: panels");
  const zmin = options.zmin ?? 0;
  const zmax = options.zmax ?? 1;
  if (!(zmax > zmin)) throw new Error(`heatmap: zmax (${zmax}) must be greater than zmin (${zmin})`);
  const n = panels.length;
  const gap = n > 1 ? 0.06 : 0;
  const height = (1 - gap * (n - 1)) / n;
  const layout = baseLayout({ ...options, height: options.height ?? Math.max(260, 180 * n + 100) });
  delete layout.legend;
  // Room below the last panel for date tick labels (two lines) and the axis title.
  layout.margin = { l: 64, r: 24, t: options.title ? 56 : 24, b: 84 };
  const annotations: Layout[] = [];
  const data: Trace[] = panels.map((panel, i) => {
    const z = unitsByTime(panel.values, `heatmap: panel '${panel.title}'`);
    const steps = z[0].length;
    const axis = i === 0 ? "" : String(i + 1);
    // Panel 0 is drawn at the top.
    const top = 1 - i * (height + gap);
    layout[`yaxis${axis}`] = {
      domain: [top - height, top],
      title: { text: options.yTitle ?? "unit" },
      autorange: "reversed",
      anchor: `x${axis}`,
    };
    const xaxis: Layout = {
      anchor: `y${axis}`,
      showticklabels: i === n - 1,
      title: { text: i === n - 1 ? options.xTitle ?? "time step" : "" },
    };
    if (i > 0) xaxis.matches = "x"; // zooming one panel zooms all: they share the time axis
    layout[`xaxis${axis}`] = xaxis;
    annotations.push({
      xref: "paper",
      yref: "paper",
      x: 0,
      y: top,
      xanchor: "left",
      yanchor: "bottom",
      text: panel.title,
      showarrow: false,
      font: { size: 12 },
    });
    return {
      type: "heatmap",
      name: panel.title,
      x: xValues(options.x, steps, `heatmap: panel '${panel.title}'`),
      z,
      zmin,
      zmax,
      colorscale: options.colorscale ?? "Viridis",
      showscale: i === 0,
      xaxis: `x${axis}`,
      yaxis: `y${axis}`,
    };
  });
  layout.annotations = annotations;
  return { data, layout };
}

// ---------------------------------------------------------------------------------------------
// Gradient norm vs lag (log scale)

export interface GradientCurve {
  name: string;
  /** ‖∂L/∂h_{T-k}‖ for each lag k. */
  norms: Values;
  /** Default 0, 1, ..., n-1. */
  lags?: ArrayLike<number>;
}

/**
 * How the gradient of the loss reaches back in time: ‖∂L/∂h_{T-k}‖ against the lag k, on a log
 * y axis, where vanishing gradients show as straight falling lines (the norm shrinks by a
 * roughly constant factor per step).
 */
export function gradientNormChart(options: ChartTitles & { curves: GradientCurve[] }): Figure {
  const curves = requireNonEmpty(options.curves, "gradientNormChart: curves");
  const data: Trace[] = curves.map((c, i) => {
    const norms = toNumbers(c.norms, `gradientNormChart: norms of '${c.name}'`);
    norms.forEach((v, k) => {
      if (v !== null && v <= 0) {
        throw new Error(
          `gradientNormChart: norm of '${c.name}' at index ${k} is ${v}, which a log axis cannot show: ` +
            "pass null there, or clamp to a floor such as Math.max(v, 1e-30)",
        );
      }
    });
    return {
      type: "scatter",
      mode: "lines+markers",
      name: c.name,
      x: xValues(c.lags, norms.length, `gradientNormChart: norms of '${c.name}'`),
      y: norms,
      line: { color: colorAt(i), width: 1.8 },
      marker: { size: 4, color: colorAt(i) },
    };
  });
  const layout = baseLayout({ xTitle: "lag k (steps back from the loss)", yTitle: "gradient norm ‖∂L/∂h<sub>T−k</sub>‖", ...options });
  (layout.yaxis as Layout).type = "log";
  (layout.yaxis as Layout).exponentformat = "power";
  return { data, layout };
}

// ---------------------------------------------------------------------------------------------
// Scatter

export interface ScatterGroup {
  name: string;
  x: Values;
  y: Values;
  /** A text label next to each point (e.g. "h=64"). */
  labels?: readonly string[];
}

/** Points in groups, e.g. accuracy against parameter count or training time, one group per cell. */
export function scatterChart(options: ChartTitles & { groups: ScatterGroup[]; xLog?: boolean; yLog?: boolean }): Figure {
  const groups = requireNonEmpty(options.groups, "scatterChart: groups");
  const data: Trace[] = groups.map((g, i) => {
    const x = toNumbers(g.x, `scatterChart: x values of '${g.name}'`);
    const y = pairedNumbers(g.y, x.length, `scatterChart: y values of '${g.name}'`);
    if (g.labels !== undefined && g.labels.length !== x.length) {
      throw new Error(`scatterChart: '${g.name}' has ${x.length} points but ${g.labels.length} labels: pass one label per point`);
    }
    const trace: Trace = {
      type: "scatter",
      mode: "markers",
      name: g.name,
      x,
      y,
      marker: { size: 10, color: colorAt(i), line: { width: 1, color: "white" } },
    };
    if (g.labels) Object.assign(trace, { mode: "markers+text", text: [...g.labels], textposition: "top center" });
    return trace;
  });
  const layout = baseLayout(options);
  if (options.xLog) (layout.xaxis as Layout).type = "log";
  if (options.yLog) (layout.yaxis as Layout).type = "log";
  return { data, layout };
}
