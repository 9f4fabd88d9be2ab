/**
 * A/B of batch-1 LSTM inference latency inside one process: the fused forward pass on one thread against the
 * unit split across two threads (lib/cells/fused/split-units.ts; the library times both and keeps the faster), alternating single calls of each so that load
 * from other processes falls on both alike, on the kernels the library loads (wasm, FMA build where accepted).
 *   node dist/bench/latency.js [configs, default c1,c2,c3] [seconds per config, default 4]
 * Prints the median milliseconds per sequence of each and whether the outputs agree to the bit.
 */
import { fusedKernels } from "../lib/cells/fused";
import { forwardParallel, type ParallelSettings } from "../lib/cells/fused/parallel";
import type { SequenceShape } from "../lib/cells/fused/sequence";
import { CONFIGS } from "./recurrent";
import { median } from "./timing";

function randomArray(n: number, seed: number, scale: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}

function main(): void {
  const k = fusedKernels();
  if (!k) throw new Error("the fused kernels are off (RNN_WORKBOOK_FUSED=off)");
  const configs = (process.argv[2] ?? "c1,c2,c3").split(",");
  const seconds = Number(process.argv[3] ?? 4);
  console.log(`kernels: ${k.variant}`);
  for (const name of configs) {
    const c = CONFIGS[name];
    if (!c) throw new Error(`unknown config ${name}: use ${Object.keys(CONFIGS).join(", ")}`);
    const H = c.units;
    const shape: SequenceShape = {
      cell: "lstm", batch: 1, steps: c.steps, features: c.features, units: H, resetAfter: true, goBackwards: false, returnSequences: false,
    };
    const w = { kernel: randomArray(c.features * 4 * H, 1, 0.3), recurrentKernel: randomArray(H * 4 * H, 2, 0.1), bias: randomArray(4 * H, 3, 0.1) };
    const x = randomArray(c.steps * c.features, 4, 1);
    const variants: Record<string, ParallelSettings> = {
      "one thread": { threads: 2, minSplitUnits: 0, forceSplit: false },
      "units split x2": { threads: 2, minSplitUnits: 0, forceSplit: true },
    };
    const times: Record<string, number[]> = {};
    const outputs: Record<string, Float32Array> = {};
    const until = performance.now() + seconds * 1000;
    for (let i = 0; i < 20 || performance.now() < until; i++) {
      for (const [label, settings] of Object.entries(variants)) {
        const start = performance.now();
        const r = forwardParallel(k, shape, x, w, undefined, undefined, false, settings);
        const ms = performance.now() - start;
        if (i >= 10) (times[label] ??= []).push(ms);
        outputs[label] = r.packed;
      }
    }
    const [a, b] = Object.values(outputs);
    const same = a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
    const line = Object.entries(times).map(([label, t]) => `${label} ${median(t).toFixed(3)} ms`).join("   ");
    console.log(`${name} lstm batch 1 (H ${H}, ${c.steps} steps): ${line}   outputs ${same ? "identical" : "DIFFER"}`);
  }
}

main();
