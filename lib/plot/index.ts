/**
 * rw.plot: Plotly charts as plain figure objects, shown in a notebook (show, showTable, live curves) or written
 * into the HTML report.
 */
export type { Figure, Layout, Trace } from "./figure";
export { PALETTE } from "./figure";
export { forecastChart, lineChart, metricBars } from "./charts";
export { gradientNormChart, heatmap, scatterChart } from "./inside-charts";
export { LiveLearningCurves, liveChart, show, showDataFrame, showHtml, showTable } from "./notebook";
export { matrixHeatmap, type MatrixHeatmapOptions } from "./heatmap";
export { cellDiagram, type DiagramCell } from "./diagrams";
