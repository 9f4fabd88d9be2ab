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
 * backward after the forward, the next batch's forward) often comes within a millisecond, and a worker asleep
 * in its event loop started its share 0.04-0.12 ms after the post (c1 forward on the AMD EPYC of the README,
 * timestamps in both threads), while the calling thread, which runs its own share at once, then waits that long
 * for it at the end of every pass. Watching (2 ms, in a throwaway copy): the worker started 0.03-0.07 ms after the
 * call began instead of 0.06-0.16, and the bench's c1 and c2 steps ran 1.00-1.13x as fast (alternating in one
 * process). At most SPIN_MS of a core that the pass leaves idle anyway, as the calling thread spins for the
 * answer (./parallel.ts). A longer watch was tried (2026-12-08, same VM type): with 1 ms, a third to a half of a
 * c1 LSTM training step's passes came after it had run out (2.1-3.3 ms after the last answer) and the worker
 * started them 0.27-1.3 ms late on average (parked in Atomics.wait instead of its event loop, no sooner); a 4 or
 * 5 ms watch, alternating with 1 ms in one process over the bench's c1 and c2 rows, ran training 1.00-1.13x as fast
 * (median 1.03) and inference 1.01x, within this VM's noise, while a worker that spins through every gap of a
 * training loop keeps its core busy; not kept.
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
const SPIN_MS = 1;

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
