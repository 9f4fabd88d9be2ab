/**
 * The fused recurrence with the batch split across threads: the calling thread runs the first share, worker
 * threads (./worker.ts, one WebAssembly instance each) run the others, all at once. Batch rows never interact
 * in the recurrence, so the shares are independent until the end: outputs, dx and the state gradients are
 * concatenated by rows, and the weight gradients (sums over the batch) are added.
 *
 * Small calls stay on one thread (the hand-off costs ~0.1 ms). Worker threads are started on first use and
 * never keep the process alive. `RNN_WORKBOOK_FUSED_THREADS` (default: min(2, CPUs)) sets the thread count.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "worker_threads";
import { GATE_COUNT } from "../gates";
import type { SavedBlock } from "./arena";
import type { Kernels } from "./kernels";
import {
  backwardSequence, forwardSequence, resultSlots, type Gradients, type SequenceShape, type Weights,
} from "./sequence";
import { createExchange, runUnitShare } from "./split-units";
import type { WorkerData, WorkerRequest } from "./worker";
import { ANSWER, FLAG_SLOTS, REQUEST } from "./worker-flags";

/** Multiply-adds per pass below which a call stays on one thread. */
const MIN_PARALLEL_WORK = 2_000_000;
const WAIT_MS = 120_000;
/** Milliseconds the calling thread spins for a worker's answer before it sleeps (see `receive`). */
const SPIN_MS = 1;

class KernelWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4 * FLAG_SLOTS));

  constructor(kernels: "wasm" | "js") {
    const channel = new MessageChannel();
    this.port = channel.port1;
    const data: WorkerData = { port: channel.port2, flag: this.flag, kernels };
    this.worker = new Worker(WORKER_FILE, { workerData: data, transferList: [channel.port2] });
    this.worker.unref();
    this.port.unref();
  }

  post(msg: WorkerRequest, transfer: ArrayBuffer[] = []): void {
    if (msg.op !== "release") Atomics.store(this.flag, ANSWER, 0);
    this.port.postMessage(msg, transfer);
    // For a worker still watching after its last answer (./worker.ts); one in its event loop gets the message.
    Atomics.store(this.flag, REQUEST, 1);
  }

  terminate(): void {
    void this.worker.terminate();
  }

  /** Block until the answer to the last forward/backward request arrives. */
  receive<T>(): T {
    // The calling thread gets here having run its own share, as large as the worker's: the answer is usually
    // near. Atomics.wait alone put 0.1-0.2 ms between the worker's notify and this thread running again (waking a
    // thread asleep in a futex, on the 2-core VM of the README's tables); spinning first catches the answer at
    // once: c1/c2 inference 1.01-1.04x, alternating in one process. At most SPIN_MS of a core that would idle.
    const spinUntil = performance.now() + SPIN_MS;
    while (Atomics.load(this.flag, ANSWER) === 0 && performance.now() < spinUntil);
    const deadline = Date.now() + WAIT_MS;
    while (Atomics.load(this.flag, ANSWER) === 0) {
      if (Atomics.wait(this.flag, ANSWER, 0, 1000) === "timed-out" && Date.now() > deadline) {
        throw new Error("fused worker thread did not answer within 120 s: set RNN_WORKBOOK_FUSED_THREADS=1");
      }
    }
    const reply = receiveMessageOnPort(this.port)?.message as (T & { error?: string }) | undefined;
    if (!reply) throw new Error("fused worker thread answered without a message");
    if (reply.error) throw new Error(`fused worker thread: ${reply.error}`);
    return reply;
  }
}

let pool: { kernels: "wasm" | "js"; workers: KernelWorker[] } | undefined;
let nextId = 1;

function workers(kernels: Kernels, count: number): KernelWorker[] {
  if (!pool || pool.kernels !== kernels.name) {
    // Another implementation was selected: its workers will not be asked again.
    for (const worker of pool?.workers ?? []) worker.terminate();
    pool = { kernels: kernels.name, workers: [] };
  }
  while (pool.workers.length < count) pool.workers.push(new KernelWorker(kernels.name));
  return pool.workers.slice(0, count);
}

const WORKER_FILE = path.join(__dirname, "worker.js");

export function defaultThreads(): number {
  const env = process.env.RNN_WORKBOOK_FUSED_THREADS;
  if (env !== undefined && env !== "") {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1) throw new Error(`RNN_WORKBOOK_FUSED_THREADS=${env} is not a thread count: use 1, 2, ...`);
    return n;
  }
  // A worker that cannot start would only be noticed after the wait times out: without its file, one thread.
  if (!fs.existsSync(WORKER_FILE)) return 1;
  return Math.max(1, Math.min(2, os.cpus().length));
}

export interface ParallelSettings {
  threads: number;
  /** Multiply-adds per pass from which the batch is split (tests lower it to exercise the threads). */
  minWork?: number;
  /** Units from which a batch-1 LSTM inference splits its units across two threads (./split-units.ts). */
  minSplitUnits?: number;
  /** Split (true) or not (false) without timing both first (tests and bench/latency.ts). */
  forceSplit?: boolean;
}

/**
 * Batch-1 LSTM inference from this many units on may split its units across two threads. Below, one thread's
 * step is too short for the per-step exchange to pay (bench/latency.ts).
 */
const MIN_SPLIT_UNITS = 128;

function splitsUnits(shape: SequenceShape, keep: boolean, settings: ParallelSettings): boolean {
  return shape.cell === "lstm" && shape.batch === 1 && !keep && settings.threads >= 2
    && shape.units >= Math.max(16, settings.minSplitUnits ?? MIN_SPLIT_UNITS);
}

/**
 * Whether the unit split pays depends on the machine being otherwise idle: its threads meet every step, and
 * a thread descheduled by another process stalls both (3x slower than one thread on a loaded 2-core machine,
 * measured). So, per shape, the first calls alternate the two ways and the faster median wins; the trial is
 * repeated every RECHECK calls. Each trial starts with WARMUP untimed calls of each way: the first split calls
 * also compile the worker's code and, timed, made the split lose on an idle machine where it is faster
 * (bench/latency.js c3: 3.1 against 3.8 ms; the first trial had read 5.6 against 4.3 ms). The outputs are the
 * same bits either way (test/fused/equivalence.test.ts).
 */
const WARMUP = 2;
const TRIALS = 4;
const RECHECK = 400;
const splitTrials = new Map<string, { calls: number; split: number[]; single: number[]; useSplit: boolean }>();
const shapeKey = (shape: SequenceShape) => `${shape.steps},${shape.features},${shape.units}`;

/** Exported for its test, with the clock injectable; `run(split)` makes one call the chosen way. */
export function timedChoice<T>(key: string, run: (split: boolean) => T, now: () => number = () => performance.now()): T {
  let trial = splitTrials.get(key);
  if (!trial) splitTrials.set(key, (trial = { calls: 0, split: [], single: [], useSplit: false }));
  const phase = trial.calls++ % RECHECK;
  if (phase >= 2 * (WARMUP + TRIALS)) return run(trial.useSplit);
  const split = phase % 2 === 1;
  if (phase < 2 * WARMUP) return run(split);
  const started = now();
  const packed = run(split);
  (split ? trial.split : trial.single).push(now() - started);
  if (phase === 2 * (WARMUP + TRIALS) - 1) {
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
    trial.useSplit = median(trial.split) < median(trial.single);
    trial.split = [];
    trial.single = [];
  }
  return packed;
}

/** Batch-1 LSTM inference with the units split across the calling thread and one worker (./split-units.ts). */
function forwardUnitSplit(k: Kernels, shape: SequenceShape, x: Float32Array, w: Weights, h0: Float32Array | undefined,
  c0: Float32Array | undefined): Float32Array {
  const { steps: T, units: H } = shape;
  const [worker] = workers(k, 1);
  const exchange = createExchange(H);
  const copy = (a: Float32Array | undefined) => a && a.slice();
  const { weights, buffers } = weightsCopy(w);
  const msg: WorkerRequest = { op: "units", id: nextId++, shape, x: x.slice(), h0: copy(h0), c0: copy(c0), exchange, w: weights };
  worker.post(msg, [msg.x.buffer as ArrayBuffer, ...buffers]);
  let own: ReturnType<typeof runUnitShare> | undefined;
  let failure: unknown;
  try {
    own = runUnitShare(k, shape, x, w, h0, c0, 0, exchange, true);
  } catch (err) {
    failure = err;
  }
  let other: { c: Float32Array } | undefined;
  try {
    other = worker.receive<{ c: Float32Array }>();
  } catch (err) {
    failure ??= err;
  }
  if (failure || !own || !other) throw failure;
  const outSteps = shape.returnSequences ? T : 1;
  const packed = new Float32Array(resultSlots(shape) * H);
  const hAll = own.hAll!;
  packed.set(shape.returnSequences ? hAll : hAll.subarray((T - 1) * H), 0);
  packed.set(hAll.subarray((T - 1) * H), outSteps * H);
  packed.set(own.c, (outSteps + 1) * H);
  packed.set(other.c, (outSteps + 1) * H + own.c.length);
  return packed;
}

interface Share {
  start: number;
  batch: number;
  worker?: KernelWorker;
  id?: number;
  own?: SavedBlock;
}

/** What the backward pass needs: each share's saved activations (local block or a worker's id). */
export interface ParallelSaved {
  shares: Share[];
}

const releaseRemote = new FinalizationRegistry<{ worker: KernelWorker; id: number }>(({ worker, id }) => {
  worker.post({ op: "release", id });
});

function shares(shape: SequenceShape, settings: ParallelSettings): { start: number; batch: number }[] {
  const { batch: B, steps: T, features: F, units: H } = shape;
  const work = T * B * GATE_COUNT[shape.cell] * H * (F + H);
  const n = Math.min(settings.threads, B);
  if (n <= 1 || work < (settings.minWork ?? MIN_PARALLEL_WORK)) return [{ start: 0, batch: B }];
  const out: { start: number; batch: number }[] = [];
  for (let i = 0, start = 0; i < n; i++) {
    const batch = Math.floor(B / n) + (i < B % n ? 1 : 0);
    out.push({ start, batch });
    start += batch;
  }
  return out;
}

const rows = (a: Float32Array, perRow: number, start: number, count: number) => a.slice(start * perRow, (start + count) * perRow);

/**
 * A worker's own copy of the weights, and the buffers to hand over with it: the copy is transferred, not cloned
 * a second time by postMessage (for c2's LSTM, 280 KB per call; posting took up to a third of a millisecond).
 */
function weightsCopy(w: Weights): { weights: Weights; buffers: ArrayBuffer[] } {
  const weights = { kernel: w.kernel.slice(), recurrentKernel: w.recurrentKernel.slice(), bias: w.bias.slice() };
  return { weights, buffers: [weights.kernel.buffer, weights.recurrentKernel.buffer, weights.bias.buffer] as ArrayBuffer[] };
}

export function forwardParallel(k: Kernels, shape: SequenceShape, x: Float32Array, w: Weights, h0: Float32Array | undefined,
  c0: Float32Array | undefined, keep: boolean, settings: ParallelSettings): { packed: Float32Array; saved?: ParallelSaved } {
  if (splitsUnits(shape, keep, settings)) {
    const packed = settings.forceSplit !== undefined
      ? (settings.forceSplit ? forwardUnitSplit(k, shape, x, w, h0, c0) : forwardSequence(k, shape, x, w, h0, c0, false).packed)
      : timedChoice(shapeKey(shape), (split) => (split ? forwardUnitSplit(k, shape, x, w, h0, c0) : forwardSequence(k, shape, x, w, h0, c0, false).packed));
    return { packed };
  }
  const parts = shares(shape, settings);
  if (parts.length === 1) {
    const r = forwardSequence(k, shape, x, w, h0, c0, keep);
    return { packed: r.packed, saved: r.saved ? { shares: [{ ...parts[0], own: r.saved }] } : undefined };
  }
  const { steps: T, features: F, units: H } = shape;
  const S = resultSlots(shape);
  const pool = workers(k, parts.length - 1);
  const done: Share[] = parts.map((p, i) => ({ ...p, worker: i > 0 ? pool[i - 1] : undefined }));
  for (const share of done.slice(1)) {
    share.id = nextId++;
    const sub = { ...shape, batch: share.batch };
    const { weights, buffers } = weightsCopy(w);
    const msg: WorkerRequest = {
      op: "forward", id: share.id, shape: sub, x: rows(x, T * F, share.start, share.batch), w: weights, keep,
      h0: h0 && rows(h0, H, share.start, share.batch), c0: c0 && rows(c0, H, share.start, share.batch),
    };
    share.worker!.post(msg, [msg.x.buffer as ArrayBuffer, ...buffers]);
  }
  const packed = new Float32Array(shape.batch * S * H);
  let failure: unknown;
  try {
    const first = done[0];
    const sub = { ...shape, batch: first.batch };
    const r = forwardSequence(k, sub, x.subarray(0, first.batch * T * F), w, h0?.subarray(0, first.batch * H),
      c0?.subarray(0, first.batch * H), keep);
    packed.set(r.packed, 0);
    first.own = r.saved;
  } catch (err) {
    failure = err;
  }
  for (const share of done.slice(1)) {
    try {
      const reply = share.worker!.receive<{ packed: Float32Array }>();
      packed.set(reply.packed, share.start * S * H);
      if (keep) releaseRemote.register(share, { worker: share.worker!, id: share.id! }, share);
    } catch (err) {
      failure ??= err;
    }
  }
  if (failure) throw failure;
  return { packed, saved: keep ? { shares: done } : undefined };
}

export function backwardParallel(k: Kernels, shape: SequenceShape, saved: ParallelSaved, w: Weights,
  dPacked: Float32Array): Gradients {
  const parts = saved.shares;
  if (parts.length === 1) return backwardSequence(k, shape, parts[0].own!, w, dPacked);
  const { steps: T, features: F, units: H } = shape;
  const S = resultSlots(shape);
  for (const share of parts.slice(1)) {
    releaseRemote.unregister(share);
    const { weights, buffers } = weightsCopy(w);
    const msg: WorkerRequest = {
      op: "backward", id: share.id!, shape: { ...shape, batch: share.batch }, w: weights,
      dPacked: rows(dPacked, S * H, share.start, share.batch),
    };
    share.worker!.post(msg, [msg.dPacked.buffer as ArrayBuffer, ...buffers]);
  }
  let total: Gradients | undefined;
  let failure: unknown;
  const B = shape.batch;
  try {
    const first = parts[0];
    const g = backwardSequence(k, { ...shape, batch: first.batch }, first.own!, w, dPacked.subarray(0, first.batch * S * H));
    total = {
      dx: new Float32Array(B * T * F),
      dKernel: g.dKernel,
      dRecurrentKernel: g.dRecurrentKernel,
      dBias: g.dBias,
      dh0: new Float32Array(B * H),
      dc0: g.dc0 ? new Float32Array(B * H) : undefined,
    };
    total.dx.set(g.dx, 0);
    total.dh0.set(g.dh0, 0);
    if (g.dc0) total.dc0!.set(g.dc0, 0);
  } catch (err) {
    failure = err;
  }
  for (const share of parts.slice(1)) {
    try {
      const g = share.worker!.receive<Gradients>();
      if (!total) continue;
      total.dx.set(g.dx, share.start * T * F);
      total.dh0.set(g.dh0, share.start * H);
      if (g.dc0) total.dc0!.set(g.dc0, share.start * H);
      for (const [sum, part] of [[total.dKernel, g.dKernel], [total.dRecurrentKernel, g.dRecurrentKernel], [total.dBias, g.dBias]]) {
        for (let i = 0; i < sum.length; i++) sum[i] += part[i];
      }
    } catch (err) {
      failure ??= err;
    }
  }
  if (failure || !total) throw failure;
  return total;
}
