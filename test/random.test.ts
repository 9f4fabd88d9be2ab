import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../lib/random";

test("createRng reproduces mulberry32 (values from an independent Python implementation)", () => {
  const rng = createRng(42);
  assert.deepEqual([rng.next(), rng.next(), rng.next()], [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  const zero = createRng(0);
  assert.deepEqual([zero.next(), zero.next(), zero.next()], [0.26642920868471265, 0.0003297457005828619, 0.2232720274478197]);
});

test("the same seed gives the same stream; another seed a different one", () => {
  const a = createRng(7);
  const b = createRng(7);
  const c = createRng(8);
  const sa = Array.from({ length: 50 }, () => a.next());
  assert.deepEqual(sa, Array.from({ length: 50 }, () => b.next()));
  assert.notDeepEqual(sa, Array.from({ length: 50 }, () => c.next()));
});

test("int stays in [0, n) and hits every value; shuffle is a permutation", () => {
  const rng = createRng(1);
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const v = rng.int(10);
    assert.ok(Number.isInteger(v) && v >= 0 && v < 10);
    seen.add(v);
  }
  assert.equal(seen.size, 10);
  const array = Array.from({ length: 100 }, (_, i) => i);
  const shuffled = rng.shuffle(array.slice());
  assert.notDeepEqual(shuffled, array);
  assert.deepEqual([...shuffled].sort((x, y) => x - y), array);
  assert.throws(() => rng.int(0), /positive integer/);
  assert.throws(() => createRng(NaN), /not a finite number/);
});

test("normal() has mean 0 and variance 1 (20,000 draws, 5-sigma bounds)", () => {
  const rng = createRng(123);
  const n = 20000;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    sum += z;
    squares += z * z;
  }
  const mean = sum / n;
  const variance = squares / n - mean * mean;
  assert.ok(Math.abs(mean) < 5 / Math.sqrt(n), `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 5 * Math.sqrt(2 / n), `variance ${variance}`);
});
