#!/usr/bin/env node
// `npm run notebooks`: execute every notebooks/*.ipynb headlessly through the project's tslab kernel
// (kernels/tslab, found through JUPYTER_PATH), write the executed copies and their HTML to
// build/notebooks/, then check the HTML in headless Chromium (scripts/check-notebook-html.js).
//
//   node scripts/run-notebooks.js [NOTEBOOK ...] [--out DIR] [--timeout SECONDS] [--no-browser-check]
//
// NOTEBOOK is a path or part of a file name ("02" or "lstm"); default: all of notebooks/*.ipynb.
// RNN_WORKBOOK_SCALE (quick|full, default quick) is passed to the kernel, which the notebooks read.
// A failing cell stops its notebook and is printed with its real error text; the other notebooks
// still run, and the command exits 1 if any failed. Cells must await everything they start: work
// still running when a cell returns is only caught if it fails soon after (see run_notebook.py).
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const PYTHON = process.env.RNN_WORKBOOK_PYTHON || "/usr/bin/python3";
const USAGE = "usage: node scripts/run-notebooks.js [NOTEBOOK ...] [--out DIR] [--timeout SECONDS] [--no-browser-check]";

function fail(message) {
  console.error(`run-notebooks: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { notebooks: [], out: path.join(root, "build", "notebooks"), timeout: 900, browserCheck: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg === "--out") {
      if (!argv[i + 1]) fail(`--out needs a folder\n${USAGE}`);
      options.out = path.resolve(argv[++i]);
    } else if (arg === "--timeout") {
      const seconds = Number(argv[++i]);
      if (!Number.isInteger(seconds) || seconds <= 0) fail(`--timeout needs a whole number of seconds > 0\n${USAGE}`);
      options.timeout = seconds;
    } else if (arg === "--no-browser-check") {
      options.browserCheck = false;
    } else if (arg.startsWith("-")) {
      fail(`unknown flag ${arg}\n${USAGE}`);
    } else {
      options.notebooks.push(arg);
    }
  }
  return options;
}

/** Notebook files to run: explicit paths as given, names matched against notebooks/*.ipynb. */
function selectNotebooks(requested) {
  const dir = path.join(root, "notebooks");
  const all = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => path.join(dir, f))
    : [];
  if (requested.length === 0) {
    if (all.length === 0) fail("no notebooks found in notebooks/");
    return all;
  }
  return requested.flatMap((wanted) => {
    if (wanted.endsWith(".ipynb") && fs.existsSync(wanted)) return [path.resolve(wanted)];
    const matches = all.filter((f) => path.basename(f).includes(wanted));
    if (matches.length === 0) {
      fail(`no notebook matches '${wanted}': choose from ${all.map((f) => path.basename(f)).join(", ") || "(none)"}`);
    }
    return matches;
  });
}

function checkSetup() {
  if (!fs.existsSync(path.join(root, "dist", "lib", "index.js"))) fail("dist/lib/index.js is missing: run `npm run build` first");
  if (!fs.existsSync(path.join(root, "node_modules", "rnn-workbook"))) {
    fail("node_modules/rnn-workbook is missing, so notebooks cannot import the library: run `npm run build`");
  }
  if (!fs.existsSync(path.join(root, "node_modules", "tslab", "bin", "tslab"))) fail("tslab is not installed: run `npm ci`");
  const probe = spawnSync(PYTHON, ["-c", "import nbclient, nbconvert"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    fail(
      `${PYTHON} cannot import nbclient and nbconvert: install them with ` +
        "`apt-get install --no-install-recommends jupyter-nbconvert python3-nbclient jupyter-client` " +
        "(or point RNN_WORKBOOK_PYTHON at a python that has them)",
    );
  }
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const scale = process.env.RNN_WORKBOOK_SCALE || "quick";
  if (scale !== "quick" && scale !== "full") fail(`RNN_WORKBOOK_SCALE=${scale} is not a scale: use quick or full`);
  checkSetup();
  const notebooks = selectNotebooks(options.notebooks);
  fs.mkdirSync(options.out, { recursive: true });
  const env = {
    ...process.env,
    RNN_WORKBOOK_SCALE: scale,
    // The project's kernelspec: <root>/kernels/tslab/kernel.json. Jupyter looks in <entry>/kernels/.
    JUPYTER_PATH: [root, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter),
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
  };
  const failed = [];
  const htmlFiles = [];
  for (const notebook of notebooks) {
    const name = path.basename(notebook, ".ipynb");
    const outIpynb = path.join(options.out, `${name}.ipynb`);
    const outHtml = path.join(options.out, `${name}.html`);
    fs.rmSync(outHtml, { force: true });
    const started = Date.now();
    process.stdout.write(`${path.relative(root, notebook)} (scale ${scale}) ... `);
    const run = spawnSync(
      PYTHON,
      [path.join(__dirname, "run_notebook.py"), notebook, outIpynb, outHtml, "--timeout", String(options.timeout)],
      { cwd: root, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (run.status === 0) {
      console.log(`ok in ${seconds} s -> ${path.relative(root, outHtml)}`);
      htmlFiles.push(outHtml);
    } else {
      console.log(`FAILED after ${seconds} s`);
      const stderr = (run.stderr || "").split("\n").filter((line) => !/^0\.00s - /.test(line)).join("\n").trim();
      console.error(stderr || run.error?.message || `exit status ${run.status}`);
      failed.push(path.basename(notebook));
    }
  }
  if (options.browserCheck && htmlFiles.length > 0) {
    const check = spawnSync(
      process.execPath,
      [path.join(__dirname, "check-notebook-html.js"), "--screenshot", path.join(options.out, "screenshot.png"), ...htmlFiles],
      { cwd: root, stdio: "inherit" },
    );
    if (check.status !== 0) failed.push("browser check");
  }
  if (failed.length > 0) {
    console.error(`run-notebooks: failed: ${failed.join(", ")}`);
    process.exit(1);
  }
  console.log(`run-notebooks: ${htmlFiles.length} notebook(s) ran; executed copies and HTML in ${path.relative(root, options.out) || "."}`);
}

main();
