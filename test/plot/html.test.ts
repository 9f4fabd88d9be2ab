import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { lineChart } from "../../lib/plot/charts";
import { CHART_MARKER, chartHtml, renderHtmlPage, tableHtml } from "../../lib/plot/html";
import { markdownToHtml } from "../../lib/plot/markdown";
import { figureJson } from "../../lib/plot/html";

const PLOTLY_BANNER = fs.readFileSync(require.resolve("plotly.js-cartesian-dist-min"), "utf8").split("\n")[1]; // "* plotly.js (cartesian - minified) v4.1.1"

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

test("figureJson rounds to 6 significant digits and escapes '<' so data cannot close the script", () => {
  const fig = lineChart({ series: [{ name: "</script><b>", y: new Float32Array([0.3, 1 / 3]) }] });
  const json = figureJson(fig);
  assert.ok(json.includes("[0.3,0.333333]"), json);
  assert.ok(!json.includes("<"));
  assert.equal(JSON.parse(json).data[0].name, "</script><b>");
});

test("chartHtml tags the div with the chart marker and draws through window.Plotly", () => {
  const html = chartHtml(lineChart({ series: [{ name: "a", y: [1, 2] }] }), "chart-1");
  assert.equal(count(html, `${CHART_MARKER}="1"`), 1);
  assert.ok(html.includes('id="chart-1"'));
  assert.ok(html.includes("window.Plotly.newPlot(el, figure.data, figure.layout"));
  assert.throws(() => chartHtml({} as never), /expected a figure \{data, layout\}/);
});

test("renderHtmlPage inlines plotly exactly once however many charts it holds", () => {
  const fig = lineChart({ series: [{ name: "a", y: [1, 2] }] });
  const page = renderHtmlPage({
    title: "Report <1>",
    sections: [
      { heading: "One", markdownOrHtml: "Some **bold** text.", figures: [fig, fig] },
      { heading: "Two", figures: [fig], html: tableHtml([{ cell: "lstm", mse: 0.5 }]) },
    ],
  });
  assert.ok(/plotly\.js .*v4/.test(PLOTLY_BANNER), PLOTLY_BANNER);
  assert.equal(count(page, PLOTLY_BANNER), 1);
  assert.equal(count(page, `${CHART_MARKER}="1"`), 3);
  assert.ok(page.includes("<title>Report &lt;1&gt;</title>"));
  assert.ok(page.includes("<p>Some <strong>bold</strong> text.</p>"));
  assert.ok(!/<(script|link)[^>]*(src|href)=/.test(page), "a report must not load scripts or styles from elsewhere");
  const noCharts = renderHtmlPage({ title: "t", sections: [{ heading: "h", markdownOrHtml: "<p>x</p>" }] });
  assert.equal(count(noCharts, PLOTLY_BANNER), 0);
  assert.ok(noCharts.includes("<p>x</p>"));
  assert.throws(() => renderHtmlPage({ title: " ", sections: [] }), /title is empty/);
});

test("tableHtml escapes text, formats numbers and names a misspelt column", () => {
  const rows = [
    { cell: "<lstm>", mse: 0.123456, params: 1234 },
    { cell: "gru", mse: 0.5, params: 900 },
  ];
  const html = tableHtml(rows, [{ key: "cell", label: "Cell" }, { key: "mse", digits: 3 }, "params"]);
  assert.ok(html.includes("<th>Cell</th><th>mse</th><th>params</th>"));
  assert.ok(html.includes("<td>&lt;lstm&gt;</td>"));
  assert.ok(html.includes('<td style="text-align:right">0.123</td>'));
  assert.ok(html.includes('<td style="text-align:right">1234</td>'));
  assert.throws(() => tableHtml(rows, ["mse", "acuracy"]), /no row has a column 'acuracy'/);
});

test("markdownToHtml handles the report subset and escapes raw HTML", () => {
  const html = markdownToHtml("# Title\n\nA *b* `c*d*` [e](f.html) <x>\n\n- one\n- two\n\n1. first\n\n```\na < b\n```");
  assert.equal(
    html,
    [
      "<h1>Title</h1>",
      '<p>A <em>b</em> <code>c*d*</code> <a href="f.html">e</a> &lt;x&gt;</p>',
      "<ul><li>one</li><li>two</li></ul>",
      "<ol><li>first</li></ol>",
      "<pre><code>a &lt; b</code></pre>",
    ].join("\n"),
  );
});

test("dataFrameHtml shows a danfojs DataFrame with its index, and elides the middle of a long one", async () => {
  const { initBackend } = await import("../../lib/backend");
  const { loadSeries, toDataFrame } = await import("../../lib/data");
  const { dataFrameHtml } = await import("../../lib/plot/html");
  await initBackend({ quiet: true });
  const electricity = loadSeries("electricity");
  const head = dataFrameHtml(toDataFrame(electricity, { range: { start: 0, end: 3 } }));
  // Three data rows under one header row; the first demand value of the CSV (22262 MW at 2000-06-05 00:00).
  assert.equal((head.match(/<tr>/g) ?? []).length, 4);
  assert.match(head, /2000-06-05T00:00:00/);
  assert.match(head, /22262|22,262|2\.226e\+4/);
  const stats = toDataFrame(electricity).describe();
  assert.match(dataFrameHtml(stats), /<td>mean<\/td>/);
  const long = dataFrameHtml(toDataFrame(electricity), { maxRows: 4 });
  assert.equal((long.match(/<tr>/g) ?? []).length, 1 + 4 + 1);
  assert.match(long, new RegExp(`… ${electricity.length - 4} more rows`));
  assert.throws(() => dataFrameHtml({} as never), /expected a danfojs DataFrame/);
});
