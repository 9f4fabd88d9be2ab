#!/usr/bin/env node
// Browser check of executed notebooks: open each HTML file in headless Chromium, let plotly draw,
// and compare the charts drawn (`class="plot-container plotly"` in the rendered DOM) with the charts
// the notebook asked for (every div written by rw.plot carries data-rw-chart="1" in the HTML source).
// Optionally writes one screenshot, scrolled to the first chart, so that a person can look at it.
//
//   node scripts/check-notebook-html.js [--screenshot FILE.png] FILE.html ...
//
// Chromium: $CHROMIUM, else chromium / chromium-browser / google-chrome on PATH. Exit 1 on a mismatch.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");

const CHART_MARKER = 'data-rw-chart="1"';
const DRAWN_MARKER = 'class="plot-container plotly"';
// Virtual time for the page's scripts: parsing 10 MB of plotly and drawing a dozen charts.
const VIRTUAL_TIME_MS = 30000;
const REAL_TIMEOUT_MS = 600000; // generous: on a loaded machine a 10 MB page can take minutes

function findChromium() {
  const candidates = [process.env.CHROMIUM, "chromium", "chromium-browser", "google-chrome"].filter(Boolean);
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    if (!probe.error && probe.status === 0) return candidate;
  }
  return undefined;
}

function count(text, needle) {
  return text.split(needle).length - 1;
}

function chromium(binary, args, url) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "rw-chromium-"));
  try {
    return spawnSync(
      binary,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${profile}`,
        `--virtual-time-budget=${VIRTUAL_TIME_MS}`,
        ...args,
        url,
      ],
      { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: REAL_TIMEOUT_MS },
    );
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

function main() {
  const argv = process.argv.slice(2);
  let screenshot;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--screenshot") screenshot = path.resolve(argv[++i] ?? "");
    else files.push(path.resolve(argv[i]));
  }
  if (files.length === 0) {
    console.error("usage: node scripts/check-notebook-html.js [--screenshot FILE.png] FILE.html ...");
    return 2;
  }
  const binary = findChromium();
  if (!binary) {
    console.error("browser check: no Chromium found: install it (apt-get install chromium) or set CHROMIUM=/path/to/chrome");
    return 1;
  }
  let ok = true;
  let firstChart;
  for (const file of files) {
    if (!fs.existsSync(file)) {
      console.error(`browser check: ${file} does not exist`);
      ok = false;
      continue;
    }
    const source = fs.readFileSync(file, "utf8");
    const expected = count(source, CHART_MARKER);
    const url = `file://${file}`;
    const run = chromium(binary, ["--dump-dom"], url);
    if (run.error || run.status !== 0) {
      console.error(`browser check: ${path.basename(file)}: chromium failed: ${run.error?.message ?? run.stderr.split("\n").slice(-3).join(" ")}`);
      ok = false;
      continue;
    }
    const drawn = count(run.stdout, DRAWN_MARKER);
    const verdict = drawn === expected ? "ok" : "MISMATCH";
    console.log(`browser check: ${path.basename(file)}: ${drawn} of ${expected} charts drawn ${verdict}`);
    if (drawn !== expected) ok = false;
    const chartDiv = /<div id="([^"]+)" class="rw-chart"/.exec(source);
    if (!firstChart && chartDiv) firstChart = { file, id: chartDiv[1] };
  }
  if (screenshot && firstChart) {
    // Headless Chromium paints blank when the page is scrolled (to a #fragment or by scrollIntoView),
    // so a temporary copy removes the cells above the first chart once everything has drawn.
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rw-shot-")), "page.html");
    const trim =
      `<script>window.addEventListener("load", function () {` +
      ` var chart = document.getElementById(${JSON.stringify(firstChart.id)}); if (!chart) return;` +
      ` var cell = chart.closest(".jp-Cell") || chart;` +
      ` while (cell.previousElementSibling) cell.parentNode.removeChild(cell.previousElementSibling);` +
      // The chart's own cell may start with a long input and other outputs: keep only the chart on screen.
      ` var input = cell.querySelector(".jp-Cell-inputWrapper"); if (input && input.contains(chart) === false) input.style.display = "none";` +
      ` var output = chart.closest(".jp-OutputArea-child");` +
      ` while (output && output.previousElementSibling) output.parentNode.removeChild(output.previousElementSibling); });</script>`;
    fs.writeFileSync(copy, fs.readFileSync(firstChart.file, "utf8").replace(/<\/body>(?![\s\S]*<\/body>)/, `${trim}</body>`));
    const shot = chromium(binary, [`--screenshot=${screenshot}`, "--window-size=1200,1000", "--hide-scrollbars"], `file://${copy}`);
    fs.rmSync(path.dirname(copy), { recursive: true, force: true });
    if (shot.error || shot.status !== 0 || !fs.existsSync(screenshot)) {
      console.error(`browser check: screenshot failed: ${shot.error?.message ?? shot.stderr.split("\n").slice(-3).join(" ")}`);
      ok = false;
    } else {
      console.log(`browser check: screenshot of ${path.basename(firstChart.file)} -> ${path.relative(process.cwd(), screenshot)}`);
    }
  }
  return ok ? 0 : 1;
}

process.exitCode = main();
