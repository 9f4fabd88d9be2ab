#!/usr/bin/env node
// `npm run site`: the rendered workbook in site/, readable in a browser from the file system with nothing
// installed: index.html, one page per executed notebook, the experiment report, ONE shared plotly bundle
// (site/plotly.js) and the equations rendered to SVG at build time (mathjax-full), so no page loads anything
// from the network and none needs MathJax when it is viewed.
//
//   node scripts/build-site.js [--out DIR] [NOTEBOOK ...]
//
// NOTEBOOK (part of a file name) builds only those pages, to look at them; it needs --out, so that site/ always
// holds every chapter.
//
// Sources: the runner's executed copies in build/notebooks/ (written by `npm run notebooks` and by the notebook
// test). A copy that is missing, failed, ran another scale, or was executed from an older version of its
// notebook (the runner records the notebook's sha256 in the copy) is executed again first. The report is
// results/<scale>/report.html, made by `npm start` (run here if missing). site/manifest.json records each
// notebook's sha256; test/site/site.test.ts fails when a notebook changed and its page was not rebuilt.
// Every page is opened in headless Chromium and its drawn charts counted (scripts/check-notebook-html.js).
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const PYTHON = process.env.RNN_WORKBOOK_PYTHON || "/usr/bin/python3";
const EXECUTED = path.join(root, "build", "notebooks");
const PLOTLY_FILE = "plotly.js";
// The <script> rw.plot inlines before the first chart (lib/plot/html.ts, plotlyScriptTag): replaced by the shared file.
const INLINE_PLOTLY = /<script type="text\/javascript">\/\* plotly\.js inlined by rnn-workbook \*\/[\s\S]*?<\/script>/g;

function fail(message) {
  console.error(`rnn-workbook site: ${message}`);
  process.exit(1);
}

function run(command, args, what, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) fail(`${what} failed (exit ${result.status ?? result.error?.message}): fix it and run \`npm run site\` again`);
}

const sha256 = (file) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const escapeHtml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Is build/notebooks/<name>.ipynb a complete run of exactly this notebook at this scale? */
function executedCopyIsCurrent(notebook, scale) {
  const copy = path.join(EXECUTED, path.basename(notebook));
  if (!fs.existsSync(copy)) return false;
  const meta = JSON.parse(fs.readFileSync(copy, "utf8")).metadata?.rnn_workbook;
  return meta?.complete === true && meta.scale === scale && meta.source_sha256 === sha256(notebook);
}

/** The chapter title: the first `# heading` of the notebook's first markdown cell. */
function notebookTitle(notebook) {
  const nb = JSON.parse(fs.readFileSync(notebook, "utf8"));
  const first = nb.cells.find((c) => c.cell_type === "markdown");
  const source = first ? [].concat(first.source).join("") : "";
  const heading = /^#\s+(.+)$/m.exec(source);
  return heading ? heading[1].trim() : path.basename(notebook, ".ipynb");
}

/** Render every $...$, $$...$$ and \begin{...} equation of an HTML page to SVG (text in pre/code/script is left alone). */
function renderMath(html, label) {
  const { mathjax } = require("mathjax-full/js/mathjax.js");
  const { TeX } = require("mathjax-full/js/input/tex.js");
  const { SVG } = require("mathjax-full/js/output/svg.js");
  const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
  const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
  const { AllPackages } = require("mathjax-full/js/input/tex/AllPackages.js");
  // Every named HTML entity up front: MathJax would otherwise load an unknown one (&rarr;) asynchronously.
  require("mathjax-full/js/util/entities/all.js");
  const adaptor = liteAdaptor();
  const handler = RegisterHTMLHandler(adaptor);
  try {
    const doc = mathjax.document(html, {
      InputJax: new TeX({ packages: AllPackages, inlineMath: [["$", "$"], ["\\(", "\\)"]], processEscapes: true }),
      // One cache of glyph paths per page.
      OutputJax: new SVG({ fontCache: "global" }),
    });
    doc.render();
    const errors = [];
    for (const item of doc.math) if (/data-mjx-error/.test(adaptor.outerHTML(item.typesetRoot))) errors.push(item.math);
    if (errors.length > 0) fail(`${label}: TeX that MathJax cannot render: ${errors.map((e) => JSON.stringify(e)).join(", ")}`);
    const count = Array.from(doc.math).length;
    return { html: `${adaptor.doctype(doc.document)}\n${adaptor.outerHTML(adaptor.root(doc.document))}\n`, equations: count };
  } finally {
    mathjax.handlers.unregister(handler);
  }
}

function page({ title, body, charts, nav }) {
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<link rel="stylesheet" href="site.css">',
    charts > 0 ? `<script src="${PLOTLY_FILE}"></script>` : "",
    "</head>",
    "<body>",
    `<nav class="site-nav">${nav}</nav>`,
    `<main class="notebook">\n${body}\n</main>`,
    `<nav class="site-nav bottom">${nav}</nav>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function navigation(pages, index) {
  const link = (p, text) => (p ? `<a href="${p.page}">${text}</a>` : `<span class="off">${text}</span>`);
  return [
    '<a href="index.html">rnn-workbook</a>',
    link(pages[index - 1], "&larr; previous"),
    link(pages[index + 1], "next &rarr;"),
    `<span class="where">${escapeHtml(pages[index].title)}</span>`,
  ].join(" ");
}

function indexPage(entries, report, scale, bytes) {
  const rows = entries
    .map((e) => `<li><a href="${e.page}">${escapeHtml(e.title)}</a> <span class="meta">${e.charts} chart${e.charts === 1 ? "" : "s"}, ${e.equations} equations</span></li>`)
    .join("\n");
  const body = [
    "<h1>rnn-workbook: the rendered workbook</h1>",
    "<p>Every chapter of the workbook as executed by <code>npm run site</code>, with its outputs and live plotly charts, " +
      `at <strong>${escapeHtml(scale)}</strong> scale (<code>RNN_WORKBOOK_SCALE</code>). These pages need nothing but a browser: ` +
      "they load one shared copy of plotly.js from this folder, and the equations were rendered to SVG when the site was built.</p>",
    '<h2>Chapters</h2>\n<ol class="chapters">',
    rows,
    "</ol>",
    "<h2>Experiments</h2>",
    report
      ? `<p><a href="${report.page}">The experiment report</a> (<code>npm start</code>: every built-in experiment at ${escapeHtml(scale)} scale, ${report.charts} charts).</p>`
      : "<p>No report.</p>",
    "<h2>About these pages</h2>",
    "<p>The notebooks in <code>notebooks/</code> are committed without outputs; these pages are their executed copies. " +
      "<code>npm run site</code> rebuilds them, and <code>npm test</code> fails when a notebook changed but its page was not rebuilt " +
      `(<code>manifest.json</code> records each notebook's SHA-256). The whole folder is ${(bytes / 1e6).toFixed(1)} MB.</p>`,
  ].join("\n");
  return page({ title: "rnn-workbook: the rendered workbook", body, charts: 0, nav: '<a href="index.html">rnn-workbook</a>' });
}

function main() {
  const argv = process.argv.slice(2);
  const outIndex = argv.indexOf("--out");
  const out = outIndex >= 0 ? path.resolve(argv[outIndex + 1] ?? fail("--out needs a folder")) : path.join(root, "site");
  const wanted = argv.filter((a, i) => !a.startsWith("--") && (outIndex < 0 || i !== outIndex + 1));
  if (wanted.length > 0 && outIndex < 0) fail("building some notebooks only needs --out DIR (site/ always holds every chapter)");
  const scale = process.env.RNN_WORKBOOK_SCALE || "quick";
  if (scale !== "quick" && scale !== "full") fail(`RNN_WORKBOOK_SCALE=${scale} is not a scale: use quick or full`);
  const htmlModule = path.join(root, "dist", "lib", "plot", "html.js");
  if (!fs.existsSync(htmlModule)) fail("dist/ is missing: run `npm run build` (or `npm run site`, which builds first)");
  const notebooks = fs.readdirSync(path.join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort()
    .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
    .map((f) => path.join(root, "notebooks", f));
  if (notebooks.length === 0) fail(`no notebook in notebooks/ matches ${wanted.join(", ")}`);

  // 1. Executed copies: run the notebooks whose copy is not a complete run of the current source.
  const stale = notebooks.filter((nb) => !executedCopyIsCurrent(nb, scale));
  if (stale.length > 0) {
    console.log(`site: executing ${stale.map((nb) => path.basename(nb)).join(", ")} (no current executed copy in build/notebooks)`);
    run(process.execPath, [path.join(__dirname, "run-notebooks.js"), ...stale, "--no-browser-check"], "running the notebooks", { RNN_WORKBOOK_SCALE: scale });
  }
  // 2. The report of the main job.
  const reportSource = path.join(root, "results", scale, "report.html");
  if (!fs.existsSync(reportSource)) {
    console.log(`site: ${path.relative(root, reportSource)} is missing: running \`npm start\` (rnn-workbook reproduce --scale ${scale})`);
    run(process.execPath, [path.join(root, "dist", "lib", "cli", "index.js"), "reproduce", "--scale", scale], "rnn-workbook reproduce");
  }

  // 3. Pages, into a fresh folder that replaces site/ only when everything worked.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "rw-site-"));
  const staging = path.join(work, "site");
  fs.mkdirSync(staging);
  const bodies = path.join(work, "bodies");
  fs.mkdirSync(bodies);
  const highlightCss = path.join(work, "highlight.css");
  const copies = notebooks.map((nb) => path.join(EXECUTED, path.basename(nb)));
  run(PYTHON, [path.join(__dirname, "notebook_page.py"), bodies, ...copies, "--css", highlightCss], "converting the executed notebooks to HTML (scripts/notebook_page.py)");

  const { plotlyLibrary, CHART_MARKER } = require(htmlModule);
  fs.writeFileSync(path.join(staging, PLOTLY_FILE), plotlyLibrary());
  fs.writeFileSync(path.join(staging, "site.css"), fs.readFileSync(path.join(__dirname, "site.css"), "utf8") + "\n" + fs.readFileSync(highlightCss, "utf8"));

  const countCharts = (html) => html.split(`${CHART_MARKER}="1"`).length - 1;
  const pages = notebooks.map((nb) => ({ source: nb, page: `${path.basename(nb, ".ipynb")}.html`, title: notebookTitle(nb) }));
  const entries = pages.map((p, i) => {
    const body = fs.readFileSync(path.join(bodies, p.page), "utf8");
    if (new RegExp(INLINE_PLOTLY.source).test(body)) fail(`${p.page}: an output still inlines plotly.js`);
    const charts = countCharts(body);
    const math = renderMath(page({ title: `${p.title} · rnn-workbook`, body, charts, nav: navigation(pages, i) }), p.page);
    fs.writeFileSync(path.join(staging, p.page), math.html);
    return {
      notebook: path.relative(root, p.source).split(path.sep).join("/"),
      sha256: sha256(p.source),
      page: p.page,
      title: p.title,
      charts,
      equations: math.equations,
    };
  });
  const reportHtml = fs.readFileSync(reportSource, "utf8");
  const reportPage = reportHtml
    .replace(INLINE_PLOTLY, `<script src="${PLOTLY_FILE}"></script>`)
    .replace(/<body>/, '<body>\n<p class="site-nav"><a href="index.html">&larr; rnn-workbook</a></p>');
  if (reportPage === reportHtml) fail(`${path.relative(root, reportSource)} does not inline plotly as rw.plot writes it: rebuild it with \`npm start\``);
  fs.writeFileSync(path.join(staging, "report.html"), reportPage);
  const report = { source: path.relative(root, reportSource).split(path.sep).join("/"), page: "report.html", charts: countCharts(reportPage) };

  // 4. Every chart of every page must draw in a real browser, from the file system.
  const htmlFiles = [...entries.map((e) => e.page), "report.html"].map((p) => path.join(staging, p));
  run(process.execPath, [path.join(__dirname, "check-notebook-html.js"), ...htmlFiles], "the browser check of the site's pages");

  const folderBytes = () => fs.readdirSync(staging).reduce((sum, f) => sum + fs.statSync(path.join(staging, f)).size, 0);
  fs.writeFileSync(path.join(staging, "index.html"), indexPage(entries, report, scale, folderBytes()));
  const sizes = Object.fromEntries(fs.readdirSync(staging).sort().map((f) => [f, fs.statSync(path.join(staging, f)).size]));
  const manifest = { generator: "scripts/build-site.js (npm run site)", scale, plotly: PLOTLY_FILE, notebooks: entries, report, bytes: sizes };
  fs.writeFileSync(path.join(staging, "manifest.json"), `${JSON.stringify(manifest, null, 1)}\n`);

  // Copied next to site/ first, then swapped in: an interrupted build leaves the old site/ whole.
  const next = `${out}.new`;
  fs.rmSync(next, { recursive: true, force: true });
  fs.cpSync(staging, next, { recursive: true });
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(next, out);
  fs.rmSync(work, { recursive: true, force: true });
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  for (const [file, bytes] of Object.entries(sizes)) console.log(`site: ${file.padEnd(40)} ${(bytes / 1e3).toFixed(0).padStart(7)} kB`);
  console.log(`site: ${entries.length} notebook pages + report in ${path.relative(process.cwd(), out) || "."}/ (${(total / 1e6).toFixed(1)} MB); open ${path.relative(process.cwd(), path.join(out, "index.html"))}`);
}

main();
