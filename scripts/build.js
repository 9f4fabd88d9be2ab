#!/usr/bin/env node
// Build the workbook: compile the wasm kernels (if any), compile TypeScript to dist/, and make the
// package importable as "rnn-workbook" from anywhere inside the repository (notebooks included),
// by linking node_modules/rnn-workbook to the repository root.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const root = path.resolve(__dirname, "..");

function linkSelf() {
  const link = path.join(root, "node_modules", "rnn-workbook");
  fs.mkdirSync(path.dirname(link), { recursive: true });
  try {
    const st = fs.lstatSync(link);
    if (st.isSymbolicLink() && fs.readlinkSync(link) === "..") return;
    fs.rmSync(link, { recursive: true, force: true });
  } catch { /* not there yet */ }
  fs.symlinkSync("..", link, "dir");
}

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: "inherit" });
}

function main() {
  linkSelf();
  // A clean output tree: a file moved or deleted in lib/ or test/ must not live on in dist/ (it would be tested
  // and packed). The wasm kernels live in build/, not here.
  for (const dir of ["lib", "test", "bench"]) fs.rmSync(path.join(root, "dist", dir), { recursive: true, force: true });
  const kernels = path.join(root, "scripts", "build-kernels.js");
  if (fs.existsSync(kernels)) run(process.execPath, [kernels]);
  // TypeScript is pinned to 5.x and called by path: tslab also declares a `tsc` bin.
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  run(process.execPath, [tsc, "-p", path.join(root, "tsconfig.json")]);
  writeRepositoryKernelSpec();
}

// kernels/tslab/kernel.json, found by the notebook runner through JUPYTER_PATH=<root>: written by the same code as
// `rnn-workbook kernel install`, with tslab relative to the kernelspec folder so the file is the same in every clone.
function writeRepositoryKernelSpec() {
  const { writeKernelSpec } = require(path.join(root, "dist", "lib", "cli", "kernel.js"));
  try {
    require.resolve("tslab/package.json", { paths: [root] });
  } catch {
    return; // a production install without dev dependencies: no notebooks to run
  }
  writeKernelSpec({ project: root, specDir: path.join(root, "kernels", "tslab"), displayName: "rnn-workbook (tslab)", relative: true });
}

try {
  main();
} catch (err) {
  console.error(`rnn-workbook build failed: ${err.message.split("\n")[0]}`);
  process.exit(1);
}
