import { test } from "node:test";
import assert from "node:assert/strict";
import { lineChart, show } from "../../lib/plot";
import { CHART_MARKER } from "../../lib/plot/html";
import { LiveLearningCurves, NotebookCharts, type DisplayProvider } from "../../lib/plot/notebook";

/** A fake tslab display: records every output, and every overwrite of an updatable output. */
function fakeTslab(): { provider: () => DisplayProvider; outputs: string[]; updatable: string[][] } {
  const outputs: string[] = [];
  const updatable: string[][] = [];
  const api: DisplayProvider = {
    display: { html: (s) => void outputs.push(s) },
    newDisplay: () => {
      const history: string[] = [];
      updatable.push(history);
      return { html: (s) => void history.push(s) };
    },
  };
  return { provider: () => api, outputs, updatable };
}

const fig = lineChart({ series: [{ name: "a", y: [1, 2, 3] }] });
const isPlotly = (s: string): boolean => s.length > 1_000_000 && /plotly\.js .*v4/.test(s);

test("the first chart embeds plotly as its own output, later charts only draw", () => {
  const fake = fakeTslab();
  const charts = new NotebookCharts(fake.provider);
  charts.show(fig);
  charts.show(fig);
  assert.equal(fake.outputs.length, 3);
  assert.ok(isPlotly(fake.outputs[0]));
  assert.ok(!isPlotly(fake.outputs[1]) && fake.outputs[1].includes(CHART_MARKER));
  assert.ok(!isPlotly(fake.outputs[2]) && fake.outputs[2].length < 5_000);
});

test("a live chart overwrites one output and embeds plotly first if needed", () => {
  const fake = fakeTslab();
  const charts = new NotebookCharts(fake.provider);
  const curves = new LiveLearningCurves({ title: "loss" }, charts);
  curves.add("lstm", 1.0, 1.2);
  curves.add("lstm", 0.5, 0.7);
  curves.add("gru", 0.9);
  assert.equal(fake.outputs.length, 1);
  assert.ok(isPlotly(fake.outputs[0]));
  assert.equal(fake.updatable.length, 1, "one live output, redrawn in place");
  assert.equal(fake.updatable[0].length, 3);
  assert.deepEqual(curves.runs[0].train, [1.0, 0.5]);
  assert.deepEqual(curves.runs[0].validation, [1.2, 0.7]);
  assert.equal(curves.runs[1].validation, undefined);
  const last = fake.updatable[0][2];
  const first = fake.updatable[0][0];
  // Same element id in every redraw: the output is replaced, not appended to.
  assert.equal(/id="([^"]+)"/.exec(first)![1], /id="([^"]+)"/.exec(last)![1]);
  assert.throws(() => curves.add("gru", NaN), /training curve of 'gru' has a non-finite value at index 1/);
});

test("show outside a notebook kernel says what to do instead", () => {
  assert.throws(() => show(fig), /no(ne is running| tslab)[\s\S]*renderHtmlPage/);
});
