/**
 * Batches of windows, made one batch at a time: a generator of plain float32 blocks, a generator of tensors, and
 * a `tf.data.Dataset` for `model.fitDataset`. Memory is one batch, not the whole set of windows: a 1,000,000-point
 * series with lookback 48 would need 190 MB of float32 windows if materialised at once.
 *
 * Shuffling (training only, and opt-in) permutes the order of *windows* within one part of the split, never rows
 * across time: each window keeps its own past and future intact.
 */
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../random";
import type { WindowBlock, Windows } from "./windows";

/** Batch size and window order. */
export interface BatchOptions {
  /** Windows per batch (the last batch may be smaller). */
  batchSize: number;
  /** Visit windows in a seeded random order (default false: in time order). */
  shuffle?: boolean;
  /** Seed of the window order when shuffling (default 0); `windowDataset` adds the epoch number. */
  seed?: number;
}

function checkBatchSize(batchSize: unknown): number {
  if (typeof batchSize !== "number" || !Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`batches: batchSize must be a positive integer (got ${String(batchSize)}), e.g. 64`);
  }
  return batchSize;
}

function order(windows: Windows, shuffle: boolean, seed: number): Int32Array | undefined {
  if (!shuffle) return undefined;
  const indices = Int32Array.from({ length: windows.count }, (_, i) => i);
  return createRng(seed).shuffle(indices);
}

/** Yield the windows in batches as plain float32 blocks (fresh arrays per batch). */
export function* windowBatches(windows: Windows, options: BatchOptions): Generator<WindowBlock> {
  const batchSize = checkBatchSize(options.batchSize);
  const indices = order(windows, options.shuffle ?? false, options.seed ?? 0);
  for (let from = 0; from < windows.count; from += batchSize) {
    yield windows.block(from, Math.min(from + batchSize, windows.count), indices);
  }
}

/** One batch as tensors: xs [batch, lookback, inputs], ys [batch, horizon * targets]. */
// A type alias, not an interface: tf.data needs it to be assignable to TensorContainer.
export type TensorBatch = {
  xs: tf.Tensor3D;
  ys: tf.Tensor2D;
};

/** Turn a block into tensors (the caller owns and disposes them). */
export function blockToTensors(block: WindowBlock): TensorBatch {
  return { xs: tf.tensor3d(block.x, block.xShape), ys: tf.tensor2d(block.y, block.yShape) };
}

/**
 * Yield batches as tensors; the caller disposes each batch (`tf.dispose([b.xs, b.ys])`) when done with it.
 * Call `initBackend()` first.
 */
export function* tensorBatches(windows: Windows, options: BatchOptions): Generator<TensorBatch> {
  for (const block of windowBatches(windows, options)) yield blockToTensors(block);
}

/**
 * A `tf.data.Dataset` of {xs, ys} batches for `model.fitDataset` (which disposes each batch). Each pass over the
 * dataset (each epoch) reshuffles with seed + epoch number when `shuffle` is on, so runs repeat exactly.
 */
export function windowDataset(windows: Windows, options: BatchOptions): tf.data.Dataset<TensorBatch> {
  checkBatchSize(options.batchSize);
  let epoch = 0;
  const seed = options.seed ?? 0;
  return tf.data.generator(() => tensorBatches(windows, { ...options, seed: seed + epoch++ }));
}

/** All windows at once as tensors (for small series and evaluation); the caller disposes them. */
export function windowTensors(windows: Windows): TensorBatch {
  return blockToTensors(windows.block());
}
