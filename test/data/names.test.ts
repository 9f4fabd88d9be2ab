import { test } from "node:test";
import assert from "node:assert/strict";
import { loadFirstNames, splitItems } from "../../lib/data/names";

test("first names: the union of both @stdlib lists, lower-cased, distinct, sorted, letters and hyphens only", () => {
  const names = loadFirstNames();
  // 4,951 female + 3,898 male names in 0.2.3, of which 427 are in both lists.
  assert.equal(names.length, 8422);
  assert.equal(new Set(names).size, names.length);
  assert.deepEqual([...names].sort(), names);
  for (const name of names) assert.match(name, /^[a-z-]+$/);
  for (const name of ["mary", "john", "abbe"]) assert.ok(names.includes(name), name);
});

test("splitItems is a seeded partition of the items", () => {
  const items = Array.from({ length: 100 }, (_, i) => i);
  const split = splitItems(items, { validationFraction: 0.2, testFraction: 0.1, seed: 3 });
  assert.equal(split.test.length, 10);
  assert.equal(split.validation.length, 20);
  assert.deepEqual([...split.train, ...split.validation, ...split.test].sort((a, b) => a - b), items);
  assert.deepEqual(splitItems(items, { validationFraction: 0.2, testFraction: 0.1, seed: 3 }), split);
  assert.notDeepEqual(splitItems(items, { validationFraction: 0.2, testFraction: 0.1, seed: 4 }).test, split.test);
  assert.throws(() => splitItems(items, { testFraction: 0.6, validationFraction: 0.5 }), /sum to less than 1/);
});
