/**
 * Does a fused training step keep both threads busy? For one cell and config, runs the bench's training step
 * (bench/recurrent.ts: recurrent layer -> Dense(1), MSE, Adam) and reports, per step, the wall time, the CPU time
 * of each thread of the process (Linux /proc/self/task/<tid>/stat, so the main thread and the kernel worker are
 * told apart), and how long the calling thread spent in its own share of the fused passes; the rest of the
 * fused time is waiting for the worker. On an idle machine, threads busy for about the wall time each mean the
 * split works; one thread near the wall time and the other far below it points at a serial part.
 *   node dist/bench/threads.js [cell, default lstm] [config, default c3] [steps, default 6]
 */
import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/backend";
import { recurrentLayer } from "../lib/cells/layer";
import { fusedTimings } from "../lib/cells/fused";
import * as sequence from "../lib/cells/fused/sequence";
import type { CellName } from "../lib/cells/types";
import { CONFIGS } from "./recurrent";

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** CPU milliseconds used so far by each thread of this process, by thread id. */
function threadCpuMs(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of fs.readdirSync("/proc/self/task")) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(tid, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // the thread ended
    }
  }
  return out;
}

async function main(): Promise<void> {
  const cell = (process.argv[2] ?? "lstm") as CellName;
  const config = CONFIGS[process.argv[3] ?? "c3"];
  const steps = Number(process.argv[4] ?? 6);
  if (!config) throw new Error(`unknown config: use ${Object.keys(CONFIGS).join(", ")}`);
  if (!fs.existsSync("/proc/self/task")) throw new Error("needs Linux /proc to tell threads apart");
  // The calling thread's own share of each fused pass (the worker's runs at the same time).
  const own = { ms: 0 };
  const seq = sequence as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ["forwardSequence", "backwardSequence"]) {
    const original = seq[name];
    seq[name] = (...args: unknown[]) => {
      const started = performance.now();
      try {
        return original(...args);
      } finally {
        own.ms += performance.now() - started;
      }
    };
  }
  await initBackend({ quiet: true });
  if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend could not be set");
  const { batch: B, steps: T, features: F, units: H } = config;
  const model = tf.sequential({ layers: [recurrentLayer(cell, { units: H, inputShape: [T, F], fused: "auto" }), tf.layers.dense({ units: 1 })] });
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomNormal([B, T, F], 0, 1, "float32", 1);
  const y = tf.randomNormal([B, 1], 0, 1, "float32", 2);
  const step = () => {
    const cost = optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true);
    cost!.dataSync();
    cost!.dispose();
  };
  for (let i = 0; i < 3; i++) step(); // warm-up: worker start, JIT and wasm tier-up, heap growth
  fusedTimings(true);
  own.ms = 0;
  const before = threadCpuMs();
  const started = performance.now();
  for (let i = 0; i < steps; i++) step();
  const wall = (performance.now() - started) / steps;
  const after = threadCpuMs();
  const busy = [...after].map(([tid, ms]) => (ms - (before.get(tid) ?? 0)) / steps).filter((ms) => ms > 0).sort((a, b) => b - a);
  const fused = fusedTimings();
  console.log(`${cell} ${config.name} training step: ${wall.toFixed(1)} ms wall; CPU per thread ${busy.map((ms) => ms.toFixed(0)).join(" / ")} ms ` +
    `(sum ${busy.reduce((a, b) => a + b, 0).toFixed(0)}); fused passes ${((fused.forwardMs + fused.backwardMs) / steps).toFixed(1)} ms, ` +
    `of which the calling thread's own share ${(own.ms / steps).toFixed(1)} ms`);
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
}

main().catch((err: Error) => {
  process.stderr.write(`bench threads: ${err.message}\n`);
  process.exit(1);
});
