import { test } from "node:test";
import assert from "node:assert/strict";
import { loadG2PPairs, stripStress } from "../../lib/data/cmudict";

test("stress digits are stripped from vowels only", () => {
  assert.equal(stripStress("AH0"), "AH");
  assert.equal(stripStress("EY2"), "EY");
  assert.equal(stripStress("K"), "K");
});

test("the CMUdict subset: 3-10 letters A-Z, first pronunciation, 39 phonemes without stress", () => {
  const pairs = loadG2PPairs();
  assert.ok(pairs.length > 100_000 && pairs.length < 110_000, String(pairs.length));
  const byWord = new Map(pairs.map((p) => [p.word, p.phonemes.join(" ")]));
  assert.equal(byWord.size, pairs.length, "one pronunciation per word");
  // Entries of the dictionary file (cmudict 0.7b): BELKNAP B EH1 L N AE0 P; BELLA B EH1 L AH0.
  assert.equal(byWord.get("belknap"), "B EH L N AE P");
  assert.equal(byWord.get("bella"), "B EH L AH");
  const phonemes = new Set(pairs.flatMap((p) => p.phonemes));
  assert.equal(phonemes.size, 39);
  for (const p of pairs) {
    assert.match(p.word, /^[a-z]{3,10}$/);
  }
  assert.ok(!byWord.has("a") && !byWord.has("abbreviations"), "outside 3-10 letters");
  const short = loadG2PPairs({ minLetters: 3, maxLetters: 3 });
  assert.ok(short.every((p) => p.word.length === 3));
  assert.throws(() => loadG2PPairs({ minLetters: 5, maxLetters: 4 }), /minLetters <= maxLetters/);
});
