#!/usr/bin/env node
// Compile the fused recurrent kernels (assembly/recurrent.ts, AssemblyScript) to WebAssembly SIMD, twice:
//   dist/lib/cells/fused/recurrent.wasm      SIMD128 (separate multiply and add): loads on every Node >= 16
//   dist/lib/cells/fused/recurrent-fma.wasm  + relaxed SIMD fused multiply-add: used where the runtime
//                                            validates it (Node >= 22, or node --experimental-wasm-relaxed-simd)
// next to the compiled loader (lib/cells/fused/wasm-kernels.ts finds them relative to its own __dirname, and
// "files": ["dist/lib"] ships them). Skipped when up to date. Without AssemblyScript (a production install)
// nothing is built and the library uses its plain-TypeScript kernels.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const source = path.join(root, "assembly", "recurrent.ts");
const outDir = path.join(root, "dist", "lib", "cells", "fused");
const targets = [
  { file: path.join(outDir, "recurrent.wasm"), features: "simd" },
  { file: path.join(outDir, "recurrent-fma.wasm"), features: "simd,relaxed-simd" },
];
const asc = path.join(root, "node_modules", "assemblyscript", "bin", "asc.js");

function upToDate(target) {
  if (!fs.existsSync(target)) return false;
  const built = fs.statSync(target).mtimeMs;
  return built > fs.statSync(source).mtimeMs && built > fs.statSync(__filename).mtimeMs;
}

function main() {
  if (!fs.existsSync(asc)) {
    console.error("rnn-workbook: AssemblyScript is not installed, fused kernels will run in plain TypeScript");
    return;
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const { file, features } of targets) {
    if (upToDate(file)) continue;
    const tmp = `${file}.${process.pid}.tmp`;
    execFileSync(process.execPath, [asc, source, "--enable", features, "-O3", "--noAssert", "--runtime", "stub",
      "--initialMemory", "16", "-o", tmp], { cwd: root, stdio: "inherit" });
    fs.renameSync(tmp, file);
  }
}

main();
