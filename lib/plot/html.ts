/**
 * HTML for charts: the plotly library as one inline `<script>`, one `<div>` + `Plotly.newPlot` per
 * chart, tables, and whole self-contained pages (report.html). Nothing is loaded from a CDN: the
 * machine that opens the page may be offline, so plotly.js is inlined once per page or notebook and each chart
 * then costs a few hundred bytes plus its data. The bundle is plotly.js-cartesian-dist-min (1.5 MB): the smallest
 * distribution with every trace type the chart builders draw (scatter, bar, heatmap); the full plotly.js-dist is
 * 10 MB. `node scripts/measure-pages.js` measures the page sizes with both (docs/page-sizes.md).
 */
import * as fs from "node:fs";
import type { Figure } from "./figure";
import { markdownToHtml } from "./markdown";

/** Every chart div carries this attribute, so a checker can count the charts a page should show. */
export const CHART_MARKER = "data-rw-chart";

let plotlySource: string | undefined;

/** The npm package of the inlined plotly.js bundle. */
export const PLOTLY_PACKAGE = "plotly.js-cartesian-dist-min";

/** The plotly.js bundle (PLOTLY_PACKAGE), read once. It defines `window.Plotly` and does not use AMD. */
export function plotlyLibrary(): string {
  if (plotlySource === undefined) {
    let file: string;
    try {
      file = require.resolve(PLOTLY_PACKAGE);
    } catch {
      throw new Error(`${PLOTLY_PACKAGE} (a dependency of rnn-workbook) is not installed: reinstall rnn-workbook (npm install)`);
    }
    // "</script" inside the bundle would end the inline script early; plotly 4.1.1 has none, but
    // escaping keeps a future version safe (it can only occur inside string literals).
    plotlySource = fs.readFileSync(file, "utf8").replace(/<\/script/gi, "<\\/script");
  }
  return plotlySource;
}

/** `<script>` holding the whole plotly library; put it before the first chart. */
export function plotlyScriptTag(): string {
  return `<script type="text/javascript">/* plotly.js inlined by rnn-workbook */\n${plotlyLibrary()}\n</script>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * JSON for an inline script: numbers rounded to 6 significant digits (Float32 values otherwise
 * print as 0.30000001192092896 and triple the page size), and "<" escaped so that no string in
 * the data can close the script element.
 */
export function figureJson(figure: Figure): string {
  const json = JSON.stringify(figure, (_key, value: unknown) =>
    typeof value === "number" && Number.isFinite(value) && !Number.isInteger(value) ? Number(value.toPrecision(6)) : value,
  );
  return json.replace(/</g, "\\u003c");
}

let chartCounter = 0;

/** A fresh element id for a chart div; random part so ids from different kernel runs never clash. */
export function newChartId(): string {
  chartCounter += 1;
  return `rw-chart-${Math.random().toString(36).slice(2, 8)}-${chartCounter}`;
}

/**
 * The div and script drawing one figure. Expects `window.Plotly` (see `plotlyScriptTag`); if it is
 * missing the div says so instead of staying blank.
 */
export function chartHtml(figure: Figure, id: string = newChartId()): string {
  if (!figure || !Array.isArray(figure.data) || typeof figure.layout !== "object") {
    throw new Error("chart: expected a figure {data, layout} from one of the rw.plot builders");
  }
  const height = typeof figure.layout.height === "number" ? figure.layout.height : 420;
  return (
    `<div id="${id}" class="rw-chart" ${CHART_MARKER}="1" style="width:100%;min-width:480px;height:${height}px;"></div>\n` +
    `<script type="text/javascript">(function () {\n` +
    `  var el = document.getElementById(${JSON.stringify(id)});\n` +
    `  var figure = ${figureJson(figure)};\n` +
    `  if (!window.Plotly) { el.textContent = "plotly.js is not loaded in this page: re-run the notebook from the top (the first chart embeds it), or call rw.plot.embedPlotly()."; return; }\n` +
    `  window.Plotly.newPlot(el, figure.data, figure.layout, {responsive: true, displaylogo: false});\n` +
    `})();</script>`
  );
}

// ---------------------------------------------------------------------------------------------
// Tables

export type Cell = string | number | boolean | null | undefined;

export interface TableColumn {
  /** Property of each row. */
  key: string;
  /** Header text (default: the key). */
  label?: string;
  /** Digits after the decimal point for numbers (default: 4 significant digits). */
  digits?: number;
}

function formatCell(value: Cell, column: TableColumn): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return String(value);
    if (column.digits !== undefined) return value.toFixed(column.digits);
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  }
  return String(value);
}

/**
 * An HTML table of `rows` showing `columns` in order (strings are keys, or give label/digits).
 * Numbers are right-aligned. A column missing from every row is an error (a misspelt key, usually).
 */
export function tableHtml(rows: ReadonlyArray<Record<string, Cell>>, columns?: ReadonlyArray<string | TableColumn>): string {
  if (!Array.isArray(rows)) throw new Error("tableHtml: rows must be an array of objects");
  const cols: TableColumn[] = (columns ?? (rows.length > 0 ? Object.keys(rows[0]) : [])).map((c) => (typeof c === "string" ? { key: c } : c));
  if (cols.length === 0) throw new Error("tableHtml: no columns: pass rows with properties, or the column keys");
  if (rows.length > 0) {
    for (const c of cols) {
      if (!rows.some((r) => Object.prototype.hasOwnProperty.call(r, c.key))) {
        throw new Error(`tableHtml: no row has a column '${c.key}' (columns of the first row: ${Object.keys(rows[0]).join(", ")})`);
      }
    }
  }
  const head = cols.map((c) => `<th>${escapeHtml(c.label ?? c.key)}</th>`).join("");
  const body = rows
    .map((r) => {
      const cells = cols.map((c) => {
        const v = r[c.key];
        const align = typeof v === "number" ? ' style="text-align:right"' : "";
        return `<td${align}>${escapeHtml(formatCell(v, c))}</td>`;
      });
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("\n");
  return `<table class="rw-table">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

// ---------------------------------------------------------------------------------------------
// Whole pages

export interface PageSection {
  heading: string;
  /** Markdown (paragraphs, lists, **bold**, *italic*, `code`, [links](url), # headings), or raw HTML if it starts with "<". */
  markdownOrHtml?: string;
  figures?: Figure[];
  /** Extra HTML placed after the figures, e.g. from `tableHtml`. */
  html?: string;
}

const PAGE_STYLE = `
body { font-family: Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.5; }
h1 { font-size: 1.8em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
code { background: #f4f4f4; padding: 0 .2em; }
table.rw-table { border-collapse: collapse; margin: 1em 0; font-size: .92em; }
table.rw-table th, table.rw-table td { border: 1px solid #ccc; padding: .25em .6em; }
table.rw-table th { background: #f4f4f4; }
.rw-chart { margin: 1em 0; }
`;

/**
 * A self-contained HTML page (no network needed): plotly inlined once in the head, then each section
 * with its text and charts. `title` is the page title and top heading.
 */
export function renderHtmlPage(page: { title: string; intro?: string; sections: PageSection[] }): string {
  if (!page || typeof page.title !== "string" || page.title.trim() === "") {
    throw new Error("renderHtmlPage: title is empty: pass {title, sections}");
  }
  if (!Array.isArray(page.sections)) throw new Error("renderHtmlPage: sections must be an array");
  const hasCharts = page.sections.some((s) => (s.figures ?? []).length > 0);
  const sections = page.sections.map((s) => {
    const parts = [`<section>\n<h2>${escapeHtml(s.heading)}</h2>`];
    if (s.markdownOrHtml) parts.push(s.markdownOrHtml.trimStart().startsWith("<") ? s.markdownOrHtml : markdownToHtml(s.markdownOrHtml));
    for (const f of s.figures ?? []) parts.push(chartHtml(f));
    if (s.html) parts.push(s.html);
    parts.push("</section>");
    return parts.join("\n");
  });
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    hasCharts ? plotlyScriptTag() : "",
    "</head>",
    "<body>",
    `<h1>${escapeHtml(page.title)}</h1>`,
    page.intro ? markdownToHtml(page.intro) : "",
    ...sections,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** What a danfojs DataFrame exposes for display (structural, so danfojs stays an optional, lazy import). */
export interface FrameLike {
  columns: string[];
  index: ReadonlyArray<string | number>;
  /** Rows of values (a danfojs DataFrame's `values`; a one-column frame may hold plain values). */
  values: ReadonlyArray<unknown>;
}

/**
 * An HTML table of a danfojs DataFrame (e.g. `rw.data.toDataFrame(ds).describe()`), the index as the first
 * column. Long frames show their first and last `maxRows / 2` rows with a row saying how many were left out.
 */
export function dataFrameHtml(frame: FrameLike, options: { maxRows?: number } = {}): string {
  if (!frame || !Array.isArray(frame.columns) || !Array.isArray(frame.values)) {
    throw new Error("dataFrameHtml: expected a danfojs DataFrame (columns, index, values), e.g. rw.data.toDataFrame(dataset)");
  }
  const maxRows = options.maxRows ?? 20;
  if (!Number.isInteger(maxRows) || maxRows < 2) throw new Error(`dataFrameHtml: maxRows must be an integer >= 2, got ${maxRows}`);
  const indexKey = frame.columns.includes("index") ? "(index)" : "index";
  const toRow = (i: number): Record<string, Cell> => {
    const row: Record<string, Cell> = { [indexKey]: frame.index[i] as Cell };
    frame.columns.forEach((c, j) => {
      const cells = frame.values[i];
      const v = Array.isArray(cells) ? cells[j] : cells;
      row[c] = v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : String(v);
    });
    return row;
  };
  const n = frame.values.length;
  const columns = [{ key: indexKey, label: "" }, ...frame.columns.map((c) => ({ key: c }))];
  if (n <= maxRows) return tableHtml(Array.from({ length: n }, (_, i) => toRow(i)), columns);
  const half = Math.floor(maxRows / 2);
  const gap: Record<string, Cell> = { [indexKey]: `… ${n - 2 * half} more rows` };
  const rows = [...Array.from({ length: half }, (_, i) => toRow(i)), gap, ...Array.from({ length: half }, (_, i) => toRow(n - half + i))];
  return tableHtml(rows, columns);
}
