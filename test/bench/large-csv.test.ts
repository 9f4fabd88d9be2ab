/**
 * The README's large-CSV block is written from the bench JSON: one row per stage, and the issue-11 goal judged from
 * the 5,000,000-row forecast figures (under 600 s wall, under 1.5 GB peak RSS), never typed by hand.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { largeCsvBlock, type LargeCsvReport, type LargeCsvRow } from "../../bench/large-csv";

function row(stage: LargeCsvRow["stage"], rows: number, seconds: number, peakRssMb: number, finished = true): LargeCsvRow {
  return { bench: "large-csv", stage, rows, megabytes: rows / 53000, seconds, cpuSeconds: seconds / 2, peakRssMb, loadDuring: { min: 1, mean: 2.5, max: 4 }, exitCode: finished ? 0 : null, finished, detail: finished ? "" : "stopped after 1800 s" };
}

function report(rows: LargeCsvRow[]): LargeCsvReport {
  return { date: "2026-11-29T09:00:00Z", node: "20.20.2", cores: 2, loadAverage: [1, 1, 1], rows };
}

test("the block has a row per stage with wall, CPU seconds, peak RSS and the load during it", () => {
  const text = largeCsvBlock(report([row("load", 1_000_000, 0.9, 143), row("forecast", 1_000_000, 100.2, 372)]));
  assert.match(text, /--rows 1000000 --stages load,forecast/);
  assert.match(text, /^\| load \| 1,000,000 \| 18\.9 \| 0\.9 \| 0\.5 \| 143 \| 1\.0 \/ 2\.5 \/ 4\.0 \| yes \|$/m);
  assert.match(text, /^\| forecast \| 1,000,000 \| 18\.9 \| 100\.2 \| 50\.1 \| 372 \| /m);
  assert.doesNotMatch(text, /Goal/, "no verdict without a 5,000,000-row forecast");
});

test("the goal verdict follows the 5,000,000-row forecast figures", () => {
  assert.match(largeCsvBlock(report([row("forecast", 5_000_000, 290.6, 518)])), /time met \(291 s wall, 145 CPU s\), memory met \(518 MB\)/);
  assert.match(largeCsvBlock(report([row("forecast", 5_000_000, 700, 1600)])), /time \*\*not met\*\* .*memory \*\*not met\*\* \(1,600 MB\)/);
  const stopped = largeCsvBlock(report([row("forecast", 5_000_000, 500, 400, false)]));
  assert.match(stopped, /\| no \(stopped after 1800 s\) \|$/m);
  assert.match(stopped, /time \*\*not met\*\* \(500 s wall/, "a run that did not finish never meets the goal");
});
