import { test } from "node:test";
import assert from "node:assert/strict";
import {
  forecastChart,
  gradientNormChart,
  heatmap,
  lineChart,
  metricBars,
  scatterChart,
} from "../../lib/plot";
import { learningCurves } from "../../lib/plot/charts";

test("lineChart copies typed arrays into plain arrays and numbers x from 0", () => {
  const fig = lineChart({ title: "t", series: [{ name: "a", y: new Float32Array([1, 2, 3]) }] });
  assert.equal(fig.data.length, 1);
  assert.ok(Array.isArray(fig.data[0].y));
  assert.deepEqual(fig.data[0].y, [1, 2, 3]);
  assert.deepEqual(fig.data[0].x, [0, 1, 2]);
  // A Float32Array would serialise as an object, which plotly cannot draw.
  assert.equal(JSON.stringify(fig.data[0].y), "[1,2,3]");
});

test("lineChart rejects NaN naming the series and index, but keeps null as a gap", () => {
  assert.throws(() => lineChart({ series: [{ name: "loss", y: [1, NaN, 3] }] }), /series 'loss' has a non-finite value at index 1 \(NaN\)/);
  assert.throws(() => lineChart({ series: [{ name: "loss", y: [Infinity] }] }), /index 0 \(Infinity\)/);
  const fig = lineChart({ series: [{ name: "gap", y: [1, null, 3] }] });
  assert.deepEqual(fig.data[0].y, [1, null, 3]);
  assert.throws(() => lineChart({ series: [] }), /series is empty/);
  assert.throws(() => lineChart({ series: [{ name: "a", y: [1, 2], x: [0] }] }), /2 values but 1 x values/);
});

test("forecastChart aligns a forecast without x with the end of the actual series", () => {
  const fig = forecastChart({ actual: { y: [0, 1, 2, 3, 4, 5] }, forecasts: [{ name: "lstm", y: [3.5, 4.5] }], splitAt: 4 });
  assert.equal(fig.data[0].name, "actual");
  assert.deepEqual(fig.data[1].x, [4, 5]);
  assert.deepEqual(fig.data[1].y, [3.5, 4.5]);
  assert.equal((fig.layout.shapes as { x0: number }[])[0].x0, 4);
  assert.throws(
    () => forecastChart({ actual: { y: [1, 2] }, forecasts: [{ name: "f", y: [1, 2, 3] }] }),
    /forecast 'f' has 3 values, more than the 2 of actual/,
  );
});

test("learningCurves numbers epochs from 1 and draws validation dashed in the run's colour", () => {
  const fig = learningCurves({ runs: [{ name: "rnn", train: [3, 2, 1], validation: [3.5, 2.5, 2] }, { name: "gru", train: [2, 1, 0.5] }] });
  assert.equal(fig.data.length, 3);
  const [train, validation, gru] = fig.data as unknown as { x: number[]; line: { color: string; dash?: string } }[];
  assert.deepEqual(train.x, [1, 2, 3]);
  assert.equal(validation.line.dash, "dash");
  assert.equal(train.line.color, validation.line.color);
  assert.notEqual(gru.line.color, train.line.color);
  assert.equal((fig.layout.xaxis as { title: { text: string } }).title.text, "epoch");
});

test("metricBars puts one bar per group and category with symmetric error bars", () => {
  const fig = metricBars({
    categories: ["electricity", "births"],
    groups: [
      { name: "LSTM", mean: [0.1, 0.2], spread: [0.01, 0.02] },
      { name: "GRU", mean: [0.12, 0.18] },
    ],
  });
  assert.equal(fig.layout.barmode, "group");
  assert.deepEqual(fig.data[0].x, ["electricity", "births"]);
  assert.deepEqual((fig.data[0].error_y as { array: number[] }).array, [0.01, 0.02]);
  assert.equal(fig.data[1].error_y, undefined);
  assert.throws(() => metricBars({ categories: ["a", "b"], groups: [{ name: "LSTM", mean: [1] }] }), /means of 'LSTM' has 1 values but its x axis has 2/);
  assert.throws(
    () => metricBars({ categories: ["a"], groups: [{ name: "LSTM", mean: [1], spread: [-1] }] }),
    /spread of 'LSTM' at 'a' is negative/,
  );
});

test("heatmap transposes time-major values so time runs along x and units along y", () => {
  // values[t][unit]: 3 time steps, 2 units.
  const values = [
    [0.1, 0.9],
    [0.2, 0.8],
    [0.3, 0.7],
  ];
  const fig = heatmap({ panels: [{ title: "input gate", values }, { title: "forget gate", values }] });
  assert.deepEqual(fig.data[0].z, [
    [0.1, 0.2, 0.3],
    [0.9, 0.8, 0.7],
  ]);
  assert.deepEqual(fig.data[0].x, [0, 1, 2]);
  assert.equal(fig.data[1].yaxis, "y2");
  assert.equal((fig.layout.xaxis2 as { matches: string }).matches, "x");
  assert.equal(fig.data[0].zmin, 0);
  assert.equal(fig.data[0].zmax, 1);
  assert.throws(() => heatmap({ panels: [{ title: "ragged", values: [[1, 2], [1]] }] }), /panel 'ragged' at time 1 has 1 values but its x axis has 2/);
  assert.throws(() => heatmap({ panels: [{ title: "g", values }], zmin: 1, zmax: 0 }), /zmax \(0\) must be greater than zmin \(1\)/);
});

test("gradientNormChart uses a log y axis and refuses values a log axis cannot show", () => {
  const fig = gradientNormChart({ curves: [{ name: "rnn", norms: [1, 0.1, 0.01] }] });
  assert.equal((fig.layout.yaxis as { type: string }).type, "log");
  assert.deepEqual(fig.data[0].x, [0, 1, 2]);
  assert.throws(() => gradientNormChart({ curves: [{ name: "rnn", norms: [1, 0] }] }), /norm of 'rnn' at index 1 is 0/);
});

test("scatterChart needs one label per point", () => {
  const fig = scatterChart({ groups: [{ name: "lstm", x: [100, 1000], y: [0.8, 0.85], labels: ["h=8", "h=32"] }], xLog: true });
  assert.equal(fig.data[0].mode, "markers+text");
  assert.equal((fig.layout.xaxis as { type: string }).type, "log");
  assert.throws(() => scatterChart({ groups: [{ name: "lstm", x: [1, 2], y: [1, 2], labels: ["a"] }] }), /2 points but 1 labels/);
  assert.throws(() => scatterChart({ groups: [{ name: "lstm", x: [1, 2], y: [1] }] }), /y values of 'lstm' has 1 values but its x axis has 2/);
});

test("the legend sits in a band below the title, so several legend rows push the plot down instead of covering the title", () => {
  const series = Array.from({ length: 8 }, (_, i) => ({ name: `series ${i}`, y: [i, i + 1] }));
  const titled = lineChart({ title: "eight series", height: 400, series });
  const legend = titled.layout.legend as { yref: string; y: number; yanchor: string };
  const title = titled.layout.title as { yref: string; y: number; yanchor: string };
  assert.equal(title.yref, "container");
  assert.equal(title.yanchor, "top");
  assert.equal(legend.yref, "container");
  assert.equal(legend.yanchor, "top");
  // The legend's top is below the top of the figure by more than a line of title text.
  const legendTopPx = (1 - legend.y) * 400;
  assert.ok(legendTopPx >= 40, `legend top at ${legendTopPx}px`);
  const untitled = lineChart({ series });
  assert.ok((untitled.layout.legend as { y: number }).y > legend.y, "without a title the legend moves up");
});
