/**
 * A worker thread running the fused recurrence on its share of the batch (see ./parallel.ts). Sequences of a
 * batch are independent through the whole recurrence, forward and backward, so a worker needs no exchange
 * with the main thread between time steps: one message in, one message out per pass.
 *
 * Protocol: the main thread posts {op, id, ...} on `port` and sets flag[REQUEST] = 1; the worker answers on the
 * same port, then sets flag[ANSWER] = 1 and notifies it (the main thread blocks in Atomics.wait and reads the
 * answer with receiveMessageOnPort, because the tfjs op calling it is synchronous). "release" gets no answer.
 *
 * After answering, the worker watches flag[REQUEST] for up to SPIN_MS before it returns to its event loop, and
 * takes a request that comes in that time off the port itself. Why: the next pass of a training step (the
 * backward after the forward, the next batch's forward) comes within a few milliseconds, and a worker asleep
 * (in its event loop, or in Atomics.wait) starts late, while the calling thread, which runs its own share at once,
 * then waits that long for it at the end of the pass. Timestamps in both threads, bench c1 LSTM training, on the
 * AMD EPYC VM of the README (2026-12-08): with a 1 ms watch, a third to a half of the passes came after it had
 * run out (2.1-3.3 ms after the last answer, on average) and the worker started them 0.27-1.3 ms late on average
 * (waking a sleeping thread on this VM; parking in Atomics.wait instead of the event loop was no faster), the
 * rest 0.03-0.10 ms late. A 4 ms watch covers those gaps: a 4 (or 5) ms watch against 1 ms, alternating in one
 * process, 14 runs of 10-12 rounds over the bench's six c1 and c2 rows: training steps 1.00-1.13x as fast (median
 * of the runs' medians 1.03), inference 0.91-1.08x (1.01: its passes follow each other within a millisecond
 * either way); single rounds swing 0.7-1.7x on this VM. At most SPIN_MS of a core that the pass leaves idle anyway,
 * as the calling thread spins for the answer (./parallel.ts).
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from "worker_threads";
import { createJsKernels } from "./js-kernels";
import type { Kernels } from "./kernels";
import { releaseBlock, type SavedBlock } from "./arena";
import { backwardSequence, forwardSequence, type SequenceShape, type Weights } from "./sequence";
import { runUnitShare, type UnitExchange } from "./split-units";
import { loadWasmKernels } from "./wasm-kernels";
import { ANSWER, REQUEST } from "./worker-flags";

export type WorkerRequest =
  | { op: "forward"; id: number; shape: SequenceShape; x: Float32Array; w: Weights; h0?: Float32Array; c0?: Float32Array; keep: boolean }
  | { op: "backward"; id: number; shape: SequenceShape; w: Weights; dPacked: Float32Array }
  | { op: "release"; id: number }
  | { op: "units"; id: number; shape: SequenceShape; x: Float32Array; w: Weights; h0?: Float32Array; c0?: Float32Array; exchange: UnitExchange };

export interface WorkerData {
  port: MessagePort;
  flag: Int32Array;
  kernels: "wasm" | "js";
}

/** Milliseconds the worker watches for the next request after answering (see the header). */
const SPIN_MS = 4;

function start(data: WorkerData): void {
  const kernels: Kernels = data.kernels === "wasm" ? loadWasmKernels().kernels ?? createJsKernels() : createJsKernels();
  const saved = new Map<number, SavedBlock>();
  const handle = (msg: WorkerRequest): void => {
    if (msg.op === "release") {
      const block = saved.get(msg.id);
      saved.delete(msg.id);
      if (block) releaseBlock(block);
      return;
    }
    let reply: unknown;
    let transfer: ArrayBuffer[] = [];
    try {
      if (msg.op === "units") {
        // Share 1 of a batch-1 LSTM split by units (./split-units.ts): runs in step with the main thread.
        const r = runUnitShare(kernels, msg.shape, msg.x, msg.w, msg.h0, msg.c0, 1, msg.exchange, false);
        reply = { c: r.c };
        transfer = [r.c.buffer as ArrayBuffer];
      } else if (msg.op === "forward") {
        const r = forwardSequence(kernels, msg.shape, msg.x, msg.w, msg.h0, msg.c0, msg.keep);
        if (r.saved) saved.set(msg.id, r.saved);
        reply = { packed: r.packed };
        transfer = [r.packed.buffer as ArrayBuffer];
      } else {
        const block = saved.get(msg.id);
        saved.delete(msg.id);
        if (!block) throw new Error("no saved activations for this backward pass");
        const g = backwardSequence(kernels, msg.shape, block, msg.w, msg.dPacked);
        reply = g;
        transfer = [g.dx, g.dKernel, g.dRecurrentKernel, g.dBias, g.dh0, ...(g.dc0 ? [g.dc0] : [])].map((a) => a.buffer as ArrayBuffer);
      }
    } catch (err) {
      reply = { error: (err as Error).message };
      transfer = [];
    }
    data.port.postMessage(reply, transfer);
    Atomics.store(data.flag, ANSWER, 1);
    Atomics.notify(data.flag, ANSWER);
  };
  data.port.on("message", (first: WorkerRequest) => {
    Atomics.store(data.flag, REQUEST, 0);
    handle(first);
    let until = performance.now() + SPIN_MS;
    // After each request, look at the port once without waiting for the flag: a request posted before the flag
    // was last cleared (a "release" and then a pass, say) is there with the flag already down. Then watch the
    // flag, clearing it before taking from the port: the caller posts before it raises the flag, so a request
    // whose flag was seen is on the port, and one posted after the clear raises the flag again.
    let look = true;
    while (look || performance.now() < until) {
      if (!look && Atomics.load(data.flag, REQUEST) === 0) continue;
      look = false;
      Atomics.store(data.flag, REQUEST, 0);
      const next = receiveMessageOnPort(data.port);
      if (!next) continue;
      handle(next.message as WorkerRequest);
      until = performance.now() + SPIN_MS;
      look = true;
    }
  });
}

if (parentPort) start(workerData as WorkerData);
