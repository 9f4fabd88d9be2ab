import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BOUNDARY_ID,
  CHAR_PAD_ID,
  IGNORE_TARGET,
  UNKNOWN_ID,
  boundedSequences,
  buildCharVocabulary,
  encoderDecoderBatch,
  nextCharWindows,
} from "../../lib/data/char-text";

test("the vocabulary reserves PAD, BOUNDARY and UNKNOWN, then numbers symbols in sorted order", () => {
  const vocab = buildCharVocabulary(["cab", "bad"]);
  assert.deepEqual(vocab.symbols, ["<pad>", ".", "?", "a", "b", "c", "d"]);
  assert.deepEqual(Array.from(vocab.encode("dax")), [6, 3, UNKNOWN_ID]);
  assert.equal(vocab.decode([CHAR_PAD_ID, 5, 3, 4]), "cab");
  const phonemes = buildCharVocabulary([["K", "AE", "T"], ["AE", "T"]], { minCount: 2 });
  assert.deepEqual(phonemes.symbols.slice(3), ["AE", "T"]);
  assert.equal(phonemes.decode(phonemes.encode(["AE", "T"]), " "), "AE T");
});

test("bounded sequences shift by one step behind BOUNDARY, pad inputs with PAD and targets with IGNORE", () => {
  const vocab = buildCharVocabulary(["ab"]);
  const a = vocab.idOf("a");
  const b = vocab.idOf("b");
  const batch = boundedSequences(["ab", "b"], vocab, 4);
  assert.equal(batch.length, 4);
  assert.deepEqual(Array.from(batch.x), [BOUNDARY_ID, a, b, CHAR_PAD_ID, BOUNDARY_ID, b, CHAR_PAD_ID, CHAR_PAD_ID]);
  assert.deepEqual(Array.from(batch.y), [a, b, BOUNDARY_ID, IGNORE_TARGET, b, BOUNDARY_ID, IGNORE_TARGET, IGNORE_TARGET]);
  // Too long for the length: cut, and the last target is the next symbol, not the end.
  const cut = boundedSequences(["abab"], vocab, 3);
  assert.deepEqual(Array.from(cut.x), [BOUNDARY_ID, a, b]);
  assert.deepEqual(Array.from(cut.y), [a, b, a]);
  assert.equal(boundedSequences(["abab", "a"], vocab).length, 5);
});

test("next-character windows predict the following symbol and do not overlap", () => {
  const ids = Int32Array.from({ length: 11 }, (_, i) => i);
  const w = nextCharWindows(ids, 3);
  assert.equal(w.count, 3);
  assert.deepEqual(Array.from(w.x), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(Array.from(w.y), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const capped = nextCharWindows(ids, 3, { maxWindows: 2 });
  assert.deepEqual(Array.from(capped.x), [0, 1, 2, 3, 4, 5]);
  assert.throws(() => nextCharWindows([1, 2, 3], 3), /fewer than one window/);
});

test("encoder-decoder rows hold the pre-padded source, then the teacher-forcing decoder input", () => {
  const source = buildCharVocabulary(["cat"]);
  const target = buildCharVocabulary([["K", "AE", "T"]]);
  const batch = encoderDecoderBatch(["at"], [["AE", "T"]], { source, target }, { source: 4, target: 4 });
  const [a, t] = [source.idOf("a"), source.idOf("t")];
  const [ae, tt] = [target.idOf("AE"), target.idOf("T")];
  assert.deepEqual(Array.from(batch.x), [CHAR_PAD_ID, CHAR_PAD_ID, a, t, BOUNDARY_ID, ae, tt, CHAR_PAD_ID]);
  assert.deepEqual(Array.from(batch.y), [ae, tt, BOUNDARY_ID, IGNORE_TARGET]);
  assert.throws(() => encoderDecoderBatch(["a"], [], { source, target }, { source: 2, target: 2 }), /one target per source/);
});
