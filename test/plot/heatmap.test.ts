import { test } from "node:test";
import assert from "node:assert/strict";
import { matrixHeatmap } from "../../lib/plot/heatmap";

test("matrixHeatmap: one heatmap trace, positions on the axes, repeated labels kept as tick text", () => {
  const figure = matrixHeatmap({ title: "attention", values: [[0.9, 0.1], [0.2, 0.8], [0.5, 0.5]], columns: ["o", "o"], rows: ["UW", "UW", "."] });
  assert.equal(figure.data.length, 1);
  const trace = figure.data[0];
  assert.equal(trace.type, "heatmap");
  assert.deepEqual(trace.z, [[0.9, 0.1], [0.2, 0.8], [0.5, 0.5]]);
  assert.deepEqual(trace.x, [0, 1]);
  assert.deepEqual((figure.layout.xaxis as { ticktext: string[] }).ticktext, ["o", "o"]);
  assert.deepEqual((figure.layout.yaxis as { ticktext: string[] }).ticktext, ["UW", "UW", "."]);
  assert.equal((figure.layout.annotations as unknown[]).length, 6);
  assert.throws(() => matrixHeatmap({ values: [[1]], columns: ["a"], rows: [] }), /one label per row/);
  assert.throws(() => matrixHeatmap({ values: [[1, 2]], columns: ["a"], rows: ["x"] }), /matrixHeatmap: row 0/);
});
