/**
 * Charts inside a tslab notebook: `show(figure)` draws a figure as an HTML output of the running cell.
 *
 * plotly.js is embedded ONCE per kernel session: the first chart is preceded by an output holding the
 * whole library (1.5 MB, inline, so the saved notebook and its HTML export work offline), later charts
 * are a div and a `Plotly.newPlot` call. "Restart & Run All" therefore saves a notebook whose charts
 * all draw when it is reopened; re-running only some cells after clearing the first chart's output
 * leaves the page without plotly, and the chart says so (call `embedPlotly()` to embed it again).
 *
 * Live charts: tslab's `newDisplay()` returns a display whose every `html()` call overwrites the same
 * output (Jupyter's `update_display_data`), so `liveChart()` and `LiveLearningCurves` redraw one
 * chart in place as training goes, and the executed notebook keeps only the final state.
 */
import * as path from "node:path";
import type { ChartTitles, Figure } from "./figure";
import { learningCurves, type LearningRun } from "./charts";
import { CHART_MARKER, chartHtml, dataFrameHtml, newChartId, plotlyScriptTag, tableHtml, type Cell, type FrameLike, type TableColumn } from "./html";

/** What the module needs from tslab's display API (`tslab.display`, `tslab.newDisplay()`). */
export interface HtmlDisplay {
  html(s: string): void;
}
export interface DisplayProvider {
  display: HtmlDisplay;
  newDisplay(): HtmlDisplay;
}

const NOT_IN_NOTEBOOK =
  "rw.plot.show() draws into a running tslab notebook kernel, and none is running in this process: " +
  "outside a notebook, write a page with rw.plot.renderHtmlPage({title, sections}) instead";

/**
 * The display API of the tslab that runs this kernel. A library installed in another project can
 * resolve `require("tslab")` to a different copy than the kernel's, whose display is never wired
 * to Jupyter; the loaded copy whose jupyter module has a display writer is the one that works.
 */
function runningTslab(): DisplayProvider {
  const suffix = `${path.sep}tslab${path.sep}dist${path.sep}jupyter.js`;
  for (const [file, mod] of Object.entries(require.cache)) {
    const exported = mod?.exports as { lastWriteDisplayData?: unknown } | undefined;
    if (file.endsWith(suffix) && exported?.lastWriteDisplayData != null) {
      return require(path.join(path.dirname(file), "public.js")) as DisplayProvider;
    }
  }
  throw new Error(NOT_IN_NOTEBOOK);
}

/** Embed-once bookkeeping and the show functions, over any display provider (tests pass a fake one). */
export class NotebookCharts {
  private plotlyEmbedded = false;

  constructor(private readonly provider: () => DisplayProvider = runningTslab) {}

  /** Put plotly.js into the notebook as its own output (done by the first chart automatically). */
  embedPlotly(): void {
    this.provider().display.html(plotlyScriptTag());
    this.plotlyEmbedded = true;
  }

  private ensurePlotly(): void {
    if (!this.plotlyEmbedded) this.embedPlotly();
  }

  /** Draw a figure as an output of the current cell. */
  show(figure: Figure): void {
    const html = chartHtml(figure);
    this.ensurePlotly();
    this.provider().display.html(html);
  }

  /** Show any HTML (a table, a note) as an output of the current cell. */
  showHtml(html: string): void {
    this.provider().display.html(html);
  }

  /** A chart that redraws in place: each `update(figure)` replaces the previous drawing. */
  liveChart(): LiveChart {
    this.ensurePlotly();
    const output = this.provider().newDisplay();
    const id = newChartId();
    return {
      update(figure: Figure): void {
        output.html(chartHtml(figure, id));
      },
    };
  }
}

export interface LiveChart {
  update(figure: Figure): void;
}

const defaultCharts = new NotebookCharts();

/** Draw a figure in the notebook (plotly.js is embedded with the first one). */
export function show(figure: Figure): void {
  defaultCharts.show(figure);
}

/** Embed plotly.js in the notebook again, e.g. after clearing the output of the first chart. */
export function embedPlotly(): void {
  defaultCharts.embedPlotly();
}

/** Show any HTML as an output of the current cell. */
export function showHtml(html: string): void {
  defaultCharts.showHtml(html);
}

/** Show rows as an HTML table (see `tableHtml`). */
export function showTable(rows: ReadonlyArray<Record<string, Cell>>, columns?: ReadonlyArray<string | TableColumn>): void {
  defaultCharts.showHtml(tableHtml(rows, columns));
}

/** Show a danfojs DataFrame as an HTML table (first and last rows of a long frame; see dataFrameHtml). */
export function showDataFrame(frame: FrameLike, options: { maxRows?: number } = {}): void {
  defaultCharts.showHtml(dataFrameHtml(frame, options));
}

/** A chart that redraws in place, for curves that grow while a cell runs. */
export function liveChart(): LiveChart {
  return defaultCharts.liveChart();
}

/**
 * Learning curves that grow while a model trains: call `add(run, trainLoss, validationLoss)` once per
 * epoch (from a training callback) and the chart redraws in place. `runs` holds the numbers.
 */
export class LiveLearningCurves {
  readonly runs: LearningRun[] = [];
  private chart: LiveChart | undefined;

  constructor(
    private readonly options: ChartTitles & { yLog?: boolean } = {},
    private readonly charts: NotebookCharts = defaultCharts,
  ) {}

  add(run: string, trainLoss: number, validationLoss?: number): void {
    let entry = this.runs.find((r) => r.name === run);
    if (!entry) {
      entry = { name: run, train: [], validation: validationLoss === undefined ? undefined : [] };
      this.runs.push(entry);
    }
    (entry.train as number[]).push(trainLoss);
    if (validationLoss !== undefined) {
      if (!entry.validation) entry.validation = [];
      (entry.validation as number[]).push(validationLoss);
    }
    // Build the figure first: a NaN loss is reported here, naming the run, before anything is drawn.
    const figure = this.figure();
    if (!this.chart) this.chart = this.charts.liveChart();
    this.chart.update(figure);
  }

  figure(): Figure {
    return learningCurves({ ...this.options, runs: this.runs });
  }
}

export { CHART_MARKER };
