/**
 * `padSequences` as Keras defines it (keras.utils.pad_sequences): every sequence becomes exactly `maxLen` long.
 *
 *   truncating "pre"  (default) drops values from the start, keeping the last maxLen;  "post" keeps the first maxLen.
 *   padding    "pre"  (default) puts `value` (default 0 = PAD) before the sequence;     "post" after it.
 *
 * Pre-padding suits recurrent classifiers that read the last hidden state: the real tokens end at the last step.
 */

/** Padding settings (Keras names and defaults). */
export interface PadOptions {
  /** Output length; default: the longest sequence. */
  maxLen?: number;
  padding?: "pre" | "post";
  truncating?: "pre" | "post";
  /** Fill value (default 0, the PAD id). */
  value?: number;
}

/** Padded sequences as one row-major int32 matrix [count, maxLen], ready for `tf.tensor2d(data, shape, "int32")`. */
export interface PaddedSequences {
  data: Int32Array;
  shape: [number, number];
}

/** Pad and truncate sequences to one length (see the module comment for the Keras semantics). */
export function padSequences(sequences: readonly ArrayLike<number>[], options: PadOptions = {}): PaddedSequences {
  const { padding = "pre", truncating = "pre", value = 0 } = options;
  if (padding !== "pre" && padding !== "post") throw new Error(`padSequences: padding '${String(padding)}' must be 'pre' or 'post'`);
  if (truncating !== "pre" && truncating !== "post") throw new Error(`padSequences: truncating '${String(truncating)}' must be 'pre' or 'post'`);
  let maxLen = options.maxLen;
  if (maxLen === undefined) maxLen = sequences.reduce((m, s) => Math.max(m, s.length), 0);
  if (!Number.isInteger(maxLen) || maxLen < 1) throw new Error(`padSequences: maxLen ${maxLen} must be a positive integer, e.g. 200`);
  if (!Number.isInteger(value)) throw new Error(`padSequences: value ${value} must be an integer id (0 is PAD)`);
  const data = new Int32Array(sequences.length * maxLen).fill(value);
  for (let r = 0; r < sequences.length; r++) {
    const seq = sequences[r];
    const kept = Math.min(seq.length, maxLen);
    const from = truncating === "pre" ? seq.length - kept : 0; // first source index kept
    const to = r * maxLen + (padding === "pre" ? maxLen - kept : 0); // first destination index
    for (let k = 0; k < kept; k++) data[to + k] = seq[from + k];
  }
  return { data, shape: [sequences.length, maxLen] };
}

/** Row r of a padded matrix, as a view (no copy). */
export function paddedRow(padded: PaddedSequences, r: number): Int32Array {
  const [count, maxLen] = padded.shape;
  if (!Number.isInteger(r) || r < 0 || r >= count) throw new Error(`paddedRow: row ${r} is outside 0..${count - 1}`);
  return padded.data.subarray(r * maxLen, (r + 1) * maxLen);
}
