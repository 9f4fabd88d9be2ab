/**
 * Figure builders for the charts of the workbook. Each takes plain numbers and returns a plotly
 * `{data, layout}`; none of them touches the DOM or plotly itself, so they run in Node, in tests and
 * in notebooks alike.
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

/** x values: numbers (time step, epoch) or strings (ISO dates, category names). */
export type XValues = ArrayLike<number> | readonly string[];

export function xValues(x: XValues | undefined, n: number, what: string, start = 0): (number | string | null)[] {
  if (x === undefined) return indices(n, start);
  if (Array.isArray(x) && x.length > 0 && typeof x[0] === "string") {
    if (x.length !== n) throw new Error(`${what} has ${n} values but ${x.length} x values: pass arrays of equal length`);
    return [...(x as readonly string[])];
  }
  const xs = toNumbers(x as ArrayLike<number>, `x values of ${what}`);
  if (xs.length !== n) throw new Error(`${what} has ${n} values but ${xs.length} x values: pass arrays of equal length`);
  return xs;
}

// ---------------------------------------------------------------------------------------------
// Line chart of series

export interface LineSeries {
  name: string;
  y: Values;
  /** Default 0, 1, ..., n-1. */
  x?: XValues;
  dash?: "solid" | "dash" | "dot" | "dashdot";
  color?: string;
}

/** Several series on shared axes, e.g. a raw and a smoothed time series. */
export function lineChart(options: ChartTitles & { series: LineSeries[]; yLog?: boolean }): Figure {
  const series = requireNonEmpty(options.series, "lineChart: series");
  const data: Trace[] = series.map((s, i) => {
    const y = toNumbers(s.y, `lineChart: series '${s.name}'`);
    return {
      type: "scatter",
      mode: "lines",
      name: s.name,
      x: xValues(s.x, y.length, `lineChart: series '${s.name}'`),
      y,
      line: { color: s.color ?? colorAt(i), dash: s.dash ?? "solid", width: 1.6 },
    };
  });
  const layout = baseLayout(options);
  if (options.yLog) (layout.yaxis as Layout).type = "log";
  return { data, layout };
}

// ---------------------------------------------------------------------------------------------
// Forecast vs actual

export interface ForecastSeries {
  name: string;
  y: Values;
  /** Positions on the actual series' x axis; default: the last `y.length` x values of `actual`. */
  x?: XValues;
}

/**
 * The actual series in black and one or more forecasts in colour over it. A forecast without x
 * values is aligned with the end of the actual series (the test period), which is how forecasts
 * are usually made: on the last part of the data.
 */
export function forecastChart(
  options: ChartTitles & {
    actual: { y: Values; x?: XValues; name?: string };
    forecasts: ForecastSeries[];
    /** Draw a dashed vertical line here, e.g. where the test period starts (an x value of `actual`). */
    splitAt?: number | string;
    splitLabel?: string;
  },
): Figure {
  const actualY = toNumbers(options.actual?.y, "forecastChart: actual");
  const actualX = xValues(options.actual.x, actualY.length, "forecastChart: actual");
  const forecasts = requireNonEmpty(options.forecasts, "forecastChart: forecasts");
  const data: Trace[] = [
    {
      type: "scatter",
      mode: "lines",
      name: options.actual.name ?? "actual",
      x: actualX,
      y: actualY,
      line: { color: "#222222", width: 1.4 },
    },
  ];
  forecasts.forEach((f, i) => {
    const y = toNumbers(f.y, `forecastChart: forecast '${f.name}'`);
    if (f.x === undefined && y.length > actualX.length) {
      throw new Error(
        `forecastChart: forecast '${f.name}' has ${y.length} values, more than the ${actualX.length} of actual: pass its x values`,
      );
    }
    const x = f.x === undefined ? actualX.slice(actualX.length - y.length) : xValues(f.x, y.length, `forecastChart: forecast '${f.name}'`);
    data.push({ type: "scatter", mode: "lines", name: f.name, x, y, line: { color: colorAt(i), width: 1.6 } });
  });
  const layout = baseLayout({ xTitle: "time step", yTitle: "value", ...options });
  if (options.splitAt !== undefined) {
    layout.shapes = [
      { type: "line", xref: "x", yref: "paper", x0: options.splitAt, x1: options.splitAt, y0: 0, y1: 1, line: { color: "#888888", dash: "dash", width: 1 } },
    ];
    layout.annotations = [
      // Inside the plot area, right of the line: above it is the legend's place.
      { xref: "x", yref: "paper", x: options.splitAt, y: 1, xanchor: "left", yanchor: "top", xshift: 4, text: options.splitLabel ?? "forecast starts", showarrow: false, font: { size: 11, color: "#555555" } },
    ];
  }
  return { data, layout };
}

// ---------------------------------------------------------------------------------------------
// Learning curves

export interface LearningRun {
  name: string;
  /** Training loss (or metric) per epoch. */
  train: Values;
  /** Validation loss per epoch, drawn dashed in the same colour. */
  validation?: Values;
}

/** Train (solid) and validation (dashed) loss per epoch for several runs; epochs are numbered from 1. */
export function learningCurves(options: ChartTitles & { runs: LearningRun[]; yLog?: boolean }): Figure {
  const runs = requireNonEmpty(options.runs, "learningCurves: runs");
  const data: Trace[] = [];
  runs.forEach((run, i) => {
    const train = toNumbers(run.train, `learningCurves: training curve of '${run.name}'`);
    data.push({
      type: "scatter",
      mode: train.length === 1 ? "markers" : "lines",
      name: `${run.name} train`,
      legendgroup: run.name,
      x: indices(train.length, 1),
      y: train,
      line: { color: colorAt(i), width: 1.8 },
      marker: { color: colorAt(i) },
    });
    if (run.validation !== undefined) {
      const validation = toNumbers(run.validation, `learningCurves: validation curve of '${run.name}'`, { allowEmpty: true });
      data.push({
        type: "scatter",
        mode: validation.length === 1 ? "markers" : "lines",
        name: `${run.name} validation`,
        legendgroup: run.name,
        x: indices(validation.length, 1),
        y: validation,
        line: { color: colorAt(i), width: 1.8, dash: "dash" },
        marker: { color: colorAt(i), symbol: "circle-open" },
      });
    }
  });
  const layout = baseLayout({ xTitle: "epoch", yTitle: "loss", ...options });
  // Whole epochs only: plotly would otherwise put ticks at 1.5, 2.5 for short runs.
  const epochs = Math.max(...data.map((trace) => (trace.x as unknown[]).length));
  (layout.xaxis as Layout).dtick = Math.max(1, Math.ceil(epochs / 10));
  if (options.yLog) (layout.yaxis as Layout).type = "log";
  return { data, layout };
}

// ---------------------------------------------------------------------------------------------
// Grouped metric bars with error bars

export interface BarGroup {
  /** e.g. the cell: "LSTM". */
  name: string;
  /** One mean per category. */
  mean: Values;
  /** One half-width per category, drawn as mean ± spread (a standard deviation over seeds, say). */
  spread?: Values;
}

/**
 * Grouped bars: categories on the x axis (data sets, tasks), one coloured bar per group in each
 * category, with error bars mean ± spread. Say in the title what the spread is (std over 3 seeds...).
 */
export function metricBars(options: ChartTitles & { categories: readonly string[]; groups: BarGroup[] }): Figure {
  const categories = requireNonEmpty(options.categories, "metricBars: categories");
  const groups = requireNonEmpty(options.groups, "metricBars: groups");
  const data: Trace[] = groups.map((g, i) => {
    const mean = pairedNumbers(g.mean, categories.length, `metricBars: means of '${g.name}'`);
    const trace: Trace = { type: "bar", name: g.name, x: [...categories], y: mean, marker: { color: colorAt(i) } };
    if (g.spread !== undefined) {
      const spread = pairedNumbers(g.spread, categories.length, `metricBars: spreads of '${g.name}'`);
      const negative = spread.findIndex((s) => s !== null && s < 0);
      if (negative >= 0) {
        throw new Error(`metricBars: spread of '${g.name}' at '${categories[negative]}' is negative (${spread[negative]}): pass a half-width >= 0`);
      }
      trace.error_y = { type: "data", array: spread, visible: true, thickness: 1.2, width: 4, color: "#333333" };
    }
    return trace;
  });
  return { data, layout: baseLayout(options, { barmode: "group" }) };
}

// ---------------------------------------------------------------------------------------------
// Heatmaps of activations over time x units

/** A matrix given time-major, as tensors come out of a recurrent layer: `values[t][unit]`. */
