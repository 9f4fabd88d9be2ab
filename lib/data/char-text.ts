/**
 * Characters as model input: a vocabulary of symbols, encoding, and the two training layouts of the
 * language-model and sequence-to-sequence chapters.
 *
 * Ids: 0 = PAD (input filler, never a target), 1 = BOUNDARY (the start and end of a sequence, shown "."),
 * 2 = UNKNOWN (a symbol outside the vocabulary, shown "?"), then the kept symbols in sorted order.
 *
 * Next-symbol training pairs, for a sequence s_1..s_n (a name, a word's phonemes):
 *   input  x = BOUNDARY s_1 ... s_n            target y = s_1 ... s_n BOUNDARY
 * padded after the end with PAD inputs and IGNORE (-1) targets, which the loss skips.
 * Long text: non-overlapping windows of T symbols, x = c_{k..k+T-1}, y = c_{k+1..k+T}: truncated
 * backpropagation through time, every window starting from a zero state (gradients and memory span T steps).
 */

export const CHAR_PAD_ID = 0;
export const BOUNDARY_ID = 1;
export const UNKNOWN_ID = 2;
/** Target id the sparse cross-entropy skips (padding after the end of a sequence). */
export const IGNORE_TARGET = -1;

/** A character vocabulary: ids for padding, boundary and unknown, then one id per character seen in training. */
export class CharVocabulary {
  /** symbols[id]; ids 0-2 are PAD, BOUNDARY, UNKNOWN. */
  readonly symbols: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(symbols: readonly string[]) {
    const kept = [...new Set(symbols)].filter((s) => s !== "<pad>" && s !== "." && s !== "?" );
    this.symbols = ["<pad>", ".", "?", ...kept];
    this.ids = new Map(this.symbols.map((s, i) => [s, i]));
  }

  /** Vocabulary size V (ids 0..V-1), the width of the softmax. */
  get size(): number {
    return this.symbols.length;
  }

  idOf(symbol: string): number {
    return this.ids.get(symbol) ?? UNKNOWN_ID;
  }

  /** Ids of the symbols of `text` (a string: its characters; an array: its items). */
  encode(text: string | readonly string[]): Int32Array {
    const items = typeof text === "string" ? [...text] : text;
    return Int32Array.from(items, (s) => this.idOf(s));
  }

  /** Symbols of `ids` joined by `separator` ("" for characters); PAD is dropped. */
  decode(ids: ArrayLike<number>, separator = ""): string {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) if (ids[i] !== CHAR_PAD_ID) out.push(this.symbols[ids[i]] ?? "?");
    return out.join(separator);
  }

  toJSON(): { symbols: string[] } {
    return { symbols: this.symbols.slice(3) };
  }
}

/**
 * The vocabulary of `texts`: every symbol occurring at least `minCount` times (default 1), sorted. Strings
 * contribute characters, arrays their items (phonemes).
 */
export function buildCharVocabulary(texts: Iterable<string | readonly string[]>, options: { minCount?: number } = {}): CharVocabulary {
  const minCount = options.minCount ?? 1;
  const counts = new Map<string, number>();
  for (const text of texts) for (const s of typeof text === "string" ? text : text) counts.set(s, (counts.get(s) ?? 0) + 1);
  const kept = [...counts].filter(([, n]) => n >= minCount).map(([s]) => s);
  return new CharVocabulary(kept.sort());
}

/** Row-major id matrices [count, length]: model inputs and per-step targets. */
export interface SequenceBatch {
  x: Int32Array;
  y: Int32Array;
  count: number;
  length: number;
}

/**
 * Next-symbol pairs for whole sequences (names, phoneme strings): x = BOUNDARY s_1..s_n, y = s_1..s_n BOUNDARY,
 * padded to `length` (default: longest + 1) with PAD inputs and IGNORE targets. Longer sequences are cut.
 */
export function boundedSequences(sequences: readonly (string | readonly string[])[], vocab: CharVocabulary, length?: number): SequenceBatch {
  const encoded = sequences.map((s) => vocab.encode(s));
  const steps = length ?? Math.max(1, ...encoded.map((e) => e.length + 1));
  const x = new Int32Array(encoded.length * steps).fill(CHAR_PAD_ID);
  const y = new Int32Array(encoded.length * steps).fill(IGNORE_TARGET);
  encoded.forEach((ids, i) => {
    const row = i * steps;
    x[row] = BOUNDARY_ID;
    const n = Math.min(ids.length, steps - 1);
    for (let t = 0; t < n; t++) {
      x[row + t + 1] = ids[t];
      y[row + t] = ids[t];
    }
    y[row + n] = n === ids.length ? BOUNDARY_ID : ids[n];
  });
  return { x, y, count: encoded.length, length: steps };
}

/**
 * Truncated-BPTT windows over one long id sequence: window k reads ids[kT .. kT+T-1] and predicts
 * ids[kT+1 .. kT+T]. `maxWindows` keeps that many, evenly spaced over the text.
 */
export function nextCharWindows(ids: ArrayLike<number>, length: number, options: { maxWindows?: number } = {}): SequenceBatch {
  if (!Number.isInteger(length) || length < 1) throw new Error(`nextCharWindows: length must be a positive integer, got ${length}`);
  const available = Math.floor((ids.length - 1) / length);
  if (available < 1) throw new Error(`nextCharWindows: the text has ${ids.length} symbols, fewer than one window of ${length} + 1: pass more text`);
  const count = Math.min(available, options.maxWindows ?? available);
  const x = new Int32Array(count * length);
  const y = new Int32Array(count * length);
  for (let w = 0; w < count; w++) {
    const start = Math.floor((w * available) / count) * length;
    for (let t = 0; t < length; t++) {
      x[w * length + t] = ids[start + t];
      y[w * length + t] = ids[start + t + 1];
    }
  }
  return { x, y, count, length };
}

/** The text of a long corpus as one string: documents joined by "\n" (the document boundary the model sees). */
export function joinDocuments(documents: readonly string[]): string {
  return documents.join("\n");
}

/** Teacher-forcing pairs for an encoder-decoder, one row per pair: x = [source (S ids) | decoder input (T ids)]. */
export interface EncoderDecoderBatch {
  /** Row-major [count, S + T]: the source pre-padded with PAD to S, then BOUNDARY y_1 ... y_n PAD ... */
  x: Int32Array;
  /** Row-major [count, T]: y_1 ... y_n BOUNDARY, then IGNORE. */
  y: Int32Array;
  count: number;
  sourceLength: number;
  targetLength: number;
}

/**
 * Source sequences pre-padded (the encoder's last step is a real symbol; longer ones keep their last S symbols)
 * next to the decoder's teacher-forcing input and targets from `boundedSequences`.
 */
export function encoderDecoderBatch(
  sources: readonly (string | readonly string[])[],
  targets: readonly (string | readonly string[])[],
  vocabs: { source: CharVocabulary; target: CharVocabulary },
  lengths: { source: number; target: number },
): EncoderDecoderBatch {
  if (sources.length !== targets.length) {
    throw new Error(`encoderDecoderBatch: ${sources.length} sources but ${targets.length} targets: pass one target per source`);
  }
  const S = lengths.source;
  const T = lengths.target;
  const decoder = boundedSequences(targets, vocabs.target, T);
  const x = new Int32Array(sources.length * (S + T)).fill(CHAR_PAD_ID);
  sources.forEach((source, i) => {
    const ids = vocabs.source.encode(source).slice(-S);
    x.set(ids, i * (S + T) + S - ids.length);
    x.set(decoder.x.subarray(i * T, (i + 1) * T), i * (S + T) + S);
  });
  return { x, y: decoder.y, count: sources.length, sourceLength: S, targetLength: T };
}
