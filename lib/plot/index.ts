/**
 * rw.plot: plotly charts for notebooks and reports.
 *
 * - Figure builders return plain `{data, layout}` objects: lineChart, forecastChart, learningCurves,
 *   metricBars, heatmap, gradientNormChart, scatterChart.
 * - In a tslab notebook: show(figure), showTable(rows, columns), showHtml(html), liveChart(),
 *   LiveLearningCurves, embedPlotly(). plotly.js is embedded once per kernel session.
 * - Anywhere: renderHtmlPage({title, sections}) for a self-contained report, tableHtml(rows, columns),
 *   chartHtml(figure) for one chart on a page that already holds plotly (plotlyScriptTag()).
 */
export type { ChartTitles, Figure, Layout, Trace, Values } from "./figure";
export { PALETTE } from "./figure";
export type { BarGroup, ForecastSeries, GradientCurve, HeatmapPanel, LearningRun, LineSeries, ScatterGroup, TimeByUnits, XValues } from "./charts";
export { forecastChart, gradientNormChart, heatmap, learningCurves, lineChart, metricBars, scatterChart } from "./charts";
export type { Cell, FrameLike, PageSection, TableColumn } from "./html";
export { CHART_MARKER, chartHtml, dataFrameHtml, escapeHtml, plotlyScriptTag, renderHtmlPage, tableHtml } from "./html";
export { markdownToHtml } from "./markdown";
export type { LiveChart } from "./notebook";
export { LiveLearningCurves, embedPlotly, liveChart, show, showDataFrame, showHtml, showTable } from "./notebook";
export { gruCellDiagram, lstmCellDiagram, rnnUnrolledDiagram } from "./diagrams";
