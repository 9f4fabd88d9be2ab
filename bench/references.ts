/**
 * The PyTorch references of `npm run bench`: bench/torch_bench.py run by two Pythons, each on 2 torch threads.
 *   - "venv": PyTorch 2.13 CPU in .venv-bench (scripts/setup-bench-python.sh makes it from the wheel on disk);
 *   - "debian": Debian's python3-torch 1.13 under /usr/bin/python3 with the pthread OpenBLAS on one BLAS thread,
 *     OPENBLAS_CORETYPE=SkylakeX when the CPU has avx512f, else Haswell (SkylakeX dies with "Illegal
 *     instruction" on an AVX2-only CPU).
 * Rows arrive one per line as they are measured and are handed on at once, so a reference that fails later
 * loses nothing measured before; a failure is reported with the tail of its stderr, never thrown.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { BenchConfig, BenchRow } from "./recurrent";
import type { CellName } from "../lib/cells/types";

export interface Reference {
  /** "venv" or "debian". */
  name: string;
  python: string;
  env: Record<string, string>;
}

const root = path.resolve(__dirname, "..", "..");
export const VENV_PYTHON = path.join(root, ".venv-bench", "bin", "python");
export const DEBIAN_PYTHON = "/usr/bin/python3";

/** The OpenBLAS core type matching this CPU: SkylakeX needs AVX-512. */
export function openblasCoreType(cpuinfo = readCpuinfo()): "SkylakeX" | "Haswell" {
  return /\bavx512f\b/.test(cpuinfo) ? "SkylakeX" : "Haswell";
}

function readCpuinfo(): string {
  try {
    return fs.readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    return "";
  }
}

export function references(): Reference[] {
  return [
    { name: "venv", python: VENV_PYTHON, env: {} },
    { name: "debian", python: DEBIAN_PYTHON, env: { OPENBLAS_NUM_THREADS: "1", OPENBLAS_CORETYPE: openblasCoreType() } },
  ];
}

/** Why this reference cannot run (undefined: it can), checked with a quick `import torch`. */
export function unavailable(ref: Reference): string | undefined {
  if (!fs.existsSync(ref.python)) return `${ref.python} does not exist (run scripts/setup-bench-python.sh)`;
  const r = spawnSync(ref.python, ["-c", "import torch; print(torch.__version__)"], {
    encoding: "utf8",
    env: { ...process.env, ...ref.env },
  });
  if (r.status !== 0) return `${ref.python} cannot import torch: ${tail(r.stderr) || `exit ${r.status ?? r.signal}`}`;
  return undefined;
}

export function tail(text: string, lines = 3): string {
  return text.trim().split("\n").slice(-lines).join(" | ");
}

/**
 * Measure every (config, cell) with one reference; `onRow` gets each row as it arrives. Resolves with the
 * failure reason, or undefined when every row came.
 */
export function runReference(ref: Reference, configs: BenchConfig[], cells: CellName[], repeats: number, minSeconds: number,
  onRow: (row: BenchRow) => void): Promise<string | undefined> {
  const spec = { configs, cells, repeats, min_seconds: minSeconds, threads: 2 };
  return new Promise((resolve) => {
    const child = spawn(ref.python, [path.join(root, "bench", "torch_bench.py"), JSON.stringify(spec)], {
      env: { ...process.env, ...ref.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let pending = "";
    let stderr = "";
    let rows = 0;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (!line) continue;
        try {
          const row = JSON.parse(line) as BenchRow;
          row.reference = ref.name;
          rows++;
          onRow(row);
        } catch {
          stderr += `unexpected output: ${line}\n`;
        }
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-20_000);
    });
    child.on("error", (err) => resolve(`${ref.python} did not start: ${err.message}`));
    child.on("close", (code, signal) => {
      if (code === 0) resolve(undefined);
      else resolve(`${ref.name} (${ref.python}) stopped after ${rows} row(s) with ${signal ?? `exit ${code}`}: ${tail(stderr) || "(no stderr)"}`);
    });
  });
}
