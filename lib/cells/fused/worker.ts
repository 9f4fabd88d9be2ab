/**
 * A worker thread running the fused recurrence on its share of the batch (see ./parallel.ts). Sequences of a
 * batch are independent through the whole recurrence, forward and backward, so a worker needs no exchange
 * with the main thread between time steps: one message in, one message out per pass.
 *
 * Protocol: the main thread posts {op, id, ...} on `port`; the worker answers on the same port, then sets
 * flag[0] = 1 and notifies it (the main thread blocks in Atomics.wait and reads the answer with
 * receiveMessageOnPort, because the tfjs op calling it is synchronous). "release" gets no answer.
 */
import { parentPort, workerData, type MessagePort } from "worker_threads";
import { createJsKernels } from "./js-kernels";
import type { Kernels } from "./kernels";
import { releaseBlock, type SavedBlock } from "./arena";
import { backwardSequence, forwardSequence, type SequenceShape, type Weights } from "./sequence";
import { runUnitShare, type UnitExchange } from "./split-units";
import { loadWasmKernels } from "./wasm-kernels";

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

function start(data: WorkerData): void {
  const kernels: Kernels = data.kernels === "wasm" ? loadWasmKernels().kernels ?? createJsKernels() : createJsKernels();
  const saved = new Map<number, SavedBlock>();
  data.port.on("message", (msg: WorkerRequest) => {
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
    Atomics.store(data.flag, 0, 1);
    Atomics.notify(data.flag, 0);
  });
}

if (parentPort) start(workerData as WorkerData);
