#!/usr/bin/env node
// Compile the fused recurrent kernels (assembly/recurrent.ts, AssemblyScript) to WebAssembly SIMD:
// dist/lib/cells/fused/recurrent.wasm, next to the compiled loader (lib/cells/fused/wasm-kernels.ts finds it
// relative to its own __dirname, and "files": ["dist/lib"] ships it). Skipped when the .wasm is newer than the
// source. Without AssemblyScript (a production install) nothing is built and the library uses its
// plain-TypeScript kernels.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const source = path.join(root, "assembly", "recurrent.ts");
const target = path.join(root, "dist", "lib", "cells", "fused", "recurrent.wasm");
const asc = path.join(root, "node_modules", "assemblyscript", "bin", "asc.js");

function upToDate() {
  if (!fs.existsSync(target)) return false;
  const built = fs.statSync(target).mtimeMs;
  return built > fs.statSync(source).mtimeMs && built > fs.statSync(__filename).mtimeMs;
}

function main() {
  if (!fs.existsSync(asc)) {
    console.error("rnn-workbook: AssemblyScript is not installed, fused kernels will run in plain TypeScript");
    return;
  }
  if (upToDate()) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  execFileSync(process.execPath, [asc, source, "--enable", "simd", "-O3", "--noAssert", "--runtime", "stub",
    "--initialMemory", "16", "-o", tmp], { cwd: root, stdio: "inherit" });
  fs.renameSync(tmp, target);
}

main();
