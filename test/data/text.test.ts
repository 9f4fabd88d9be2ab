import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { lengthStats, OOV_ID, PAD_ID, Tokenizer } from "../../lib/data/tokenizer";
import { padSequences, paddedRow } from "../../lib/data/padding";
import { shuffledIndices, stratifiedSplit } from "../../lib/data/split-text";

const FC = { numRuns: 200, seed: 20261126 };

test("tokenize: lower case, HTML removed, inner apostrophes kept, punctuation stripped or separated", () => {
  const t = new Tokenizer();
  assert.deepEqual(t.tokenize("Great film!<br /><br />I DON’T regret it &amp; <i>never</i> will."), [
    "great", "film", "i", "don't", "regret", "it", "never", "will",
  ]);
  assert.deepEqual(new Tokenizer({ punctuation: "separate" }).tokenize("Bad... really?"), ["bad", ".", ".", ".", "really", "?"]);
  assert.deepEqual(new Tokenizer({ lowercase: false, stripHtml: false }).tokenize("Big <b>"), ["Big", "b"]);
  assert.deepEqual(t.tokenize("Café crème, 10/10"), ["café", "crème", "10", "10"]);
});

test("fit builds the vocabulary from training text by count, with PAD 0, OOV 1, maxSize and minCount", () => {
  const t = new Tokenizer({ maxSize: 5 }).fit(["b a a c", "a b d", "c"]); // a:3, b:2, c:2, d:1
  assert.deepEqual(t.vocabulary, ["a", "b", "c"]); // ties b/c in code-unit order; maxSize 5 = PAD + OOV + 3 words
  assert.equal(t.vocabularySize, 5);
  assert.deepEqual(Array.from(t.encode("a d c zebra")), [2, OOV_ID, 4, OOV_ID]);
  assert.equal(t.decode([PAD_ID, PAD_ID, 2, 1, 3]), "a <oov> b");
  assert.equal(t.decode([0, 2], { keepPad: true }), "<pad> a");
  assert.deepEqual(new Tokenizer({ minCount: 2 }).fit(["b a a c", "a b d", "c"]).vocabulary, ["a", "b", "c"]);
  assert.deepEqual(new Tokenizer({ minCount: 3 }).fit(["b a a c", "a b d", "c"]).vocabulary, ["a"]);
  // Words only in the test text are OOV: the vocabulary sees training text only.
  const trained = new Tokenizer().fit(["good movie"]);
  assert.deepEqual(Array.from(trained.encode("good plot")), [2, OOV_ID]);
  const restored = Tokenizer.fromJSON(JSON.parse(JSON.stringify(t.toJSON())));
  assert.deepEqual(Array.from(restored.encode("a d c zebra")), [2, OOV_ID, 4, OOV_ID]);
  assert.throws(() => new Tokenizer().encode("x"), /call fit\(trainTexts\) first/);
  assert.throws(() => new Tokenizer({ maxSize: 2 }), /maxSize 2 must be an integer of at least 3/);
  assert.throws(() => new Tokenizer().fit([]), /no texts given/);
  assert.throws(() => t.decode([7]), /id 7 is outside the vocabulary \(0\.\.4\)/);
});

const word = fc.stringMatching(/^[a-z]{1,8}$/);

test("property: decode(encode(s)) keeps every known word, and unknown ones become <oov>", () => {
  fc.assert(
    fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), fc.array(word, { maxLength: 10 }), (train, extra) => {
      const t = new Tokenizer().fit([train.join(" ")]);
      const text = [...train, ...extra].join(" ");
      const known = new Set(train);
      const expected = [...train, ...extra].map((w) => (known.has(w) ? w : "<oov>")).join(" ");
      assert.equal(t.decode(t.encode(text)), expected);
    }),
    FC,
  );
});

test("padSequences follows the Keras documentation examples", () => {
  const seqs = [[1], [2, 3], [4, 5, 6]];
  const rows = (p: ReturnType<typeof padSequences>) => Array.from({ length: p.shape[0] }, (_, r) => Array.from(paddedRow(p, r)));
  assert.deepEqual(rows(padSequences(seqs)), [[0, 0, 1], [0, 2, 3], [4, 5, 6]]);
  assert.deepEqual(rows(padSequences(seqs, { value: -1 })), [[-1, -1, 1], [-1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(rows(padSequences(seqs, { padding: "post" })), [[1, 0, 0], [2, 3, 0], [4, 5, 6]]);
  assert.deepEqual(rows(padSequences(seqs, { maxLen: 2 })), [[0, 1], [2, 3], [5, 6]]);
  assert.deepEqual(rows(padSequences(seqs, { maxLen: 2, truncating: "post" })), [[0, 1], [2, 3], [4, 5]]);
  assert.deepEqual(padSequences([[], [7]], { maxLen: 2 }).data, Int32Array.from([0, 0, 0, 7]));
  assert.throws(() => padSequences(seqs, { maxLen: 0 }), /maxLen 0 must be a positive integer/);
  assert.throws(() => padSequences(seqs, { padding: "middle" as never }), /padding 'middle' must be 'pre' or 'post'/);
});

test("property: padding and truncation give exactly maxLen and keep the right part of each sequence", () => {
  const seq = fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 40 });
  fc.assert(
    fc.property(fc.array(seq, { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 30 }), fc.constantFrom("pre", "post"), fc.constantFrom("pre", "post"), (seqs, maxLen, padding, truncating) => {
      const p = padSequences(seqs, { maxLen, padding: padding as "pre" | "post", truncating: truncating as "pre" | "post" });
      assert.deepEqual(p.shape, [seqs.length, maxLen]);
      assert.equal(p.data.length, seqs.length * maxLen);
      seqs.forEach((s, r) => {
        const row = Array.from(paddedRow(p, r));
        const kept = s.length <= maxLen ? s : truncating === "pre" ? s.slice(s.length - maxLen) : s.slice(0, maxLen);
        const pad = new Array(maxLen - kept.length).fill(0);
        assert.deepEqual(row, padding === "pre" ? [...pad, ...kept] : [...kept, ...pad]);
      });
    }),
    FC,
  );
});

test("lengthStats gives nearest-rank percentiles for choosing maxLen", () => {
  const s = lengthStats([[1, 2, 3], [1], [1, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]);
  assert.deepEqual([s.count, s.min, s.max, s.mean, s.median], [4, 1, 10, 4, 2]);
  assert.equal(s.percentile(75), 3);
  assert.equal(s.percentile(76), 10);
  assert.equal(lengthStats(Array.from({ length: 100 }, (_, i) => i + 1)).p90, 90);
  assert.throws(() => lengthStats([]), /no sequences given/);
});

test("property: stratified split is a seeded partition that keeps class proportions", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 2, maxLength: 300 }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer(), (labels, testFraction, seed) => {
      const a = stratifiedSplit(labels, { testFraction, seed });
      assert.deepEqual(stratifiedSplit(labels, { testFraction, seed }), a);
      assert.deepEqual([...a.train, ...a.test].sort((x, y) => x - y), labels.map((_, i) => i));
      for (const c of [0, 1]) {
        const n = labels.filter((l) => l === c).length;
        assert.equal(Array.from(a.test).filter((i) => labels[i] === c).length, Math.round(n * testFraction));
      }
    }),
    FC,
  );
  assert.throws(() => stratifiedSplit([0, 1], { testFraction: 1, seed: 1 }), /testFraction 1 must be between 0 and 1/);
  const p = shuffledIndices(10, 3);
  assert.deepEqual([...p].sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(shuffledIndices(10, 3), p);
});
