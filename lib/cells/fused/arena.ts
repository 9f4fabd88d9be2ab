/**
 * Ranges of the kernels' float heap, handed out first-fit. A forward pass that will be differentiated keeps its
 * activations in the heap until its backward pass (no copy out and back, no garbage for the GC); everything
 * else a call needs is freed when the call returns. Activations whose backward pass never comes (the loss did
 * not depend on them, or the tape was dropped) are freed when their handle is garbage-collected.
 */
import type { Kernels } from "./kernels";

/** A block of the heap holding one forward pass's activations until its backward pass. */
export interface SavedBlock {
  readonly kernels: Kernels;
  readonly at: number;
  readonly size: number;
  released: boolean;
}

export class HeapArena {
  /** Live blocks [at, at + size), sorted by `at`. */
  private blocks: { at: number; size: number }[] = [];

  constructor(private readonly kernels: Kernels) {}

  /** A free range of `floats` floats (16-byte aligned); the heap grows when no gap is large enough. */
  alloc(floats: number): number {
    const size = Math.max(4, Math.ceil(floats / 4) * 4);
    let at = 0;
    let index = 0;
    for (; index < this.blocks.length; index++) {
      const b = this.blocks[index];
      if (b.at - at >= size) break;
      at = b.at + b.size;
    }
    this.blocks.splice(index, 0, { at, size });
    this.kernels.reserve(at + size);
    return at;
  }

  free(at: number): void {
    const index = this.blocks.findIndex((b) => b.at === at);
    if (index < 0) throw new Error(`fused arena: no block at ${at} (freed twice?)`);
    this.blocks.splice(index, 1);
  }

  /** Floats in live blocks (tests check that calls give back what they take). */
  liveFloats(): number {
    return this.blocks.reduce((sum, b) => sum + b.size, 0);
  }
}

const arenas = new WeakMap<Kernels, HeapArena>();

export function arenaOf(kernels: Kernels): HeapArena {
  let arena = arenas.get(kernels);
  if (!arena) {
    arena = new HeapArena(kernels);
    arenas.set(kernels, arena);
  }
  return arena;
}

const unreleased = new FinalizationRegistry<{ kernels: Kernels; at: number }>(({ kernels, at }) => {
  arenaOf(kernels).free(at);
});

/** Keep `floats` floats of activations for a later backward pass. */
export function keepBlock(kernels: Kernels, at: number, size: number): SavedBlock {
  const block: SavedBlock = { kernels, at, size, released: false };
  unreleased.register(block, { kernels, at }, block);
  return block;
}

/** Give a saved block back (after its backward pass). */
export function releaseBlock(block: SavedBlock): void {
  if (block.released) return;
  block.released = true;
  unreleased.unregister(block);
  arenaOf(block.kernels).free(block.at);
}
