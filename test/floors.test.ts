/**
 * The house rule "layers, one way", checked on the source: every relative import (static, `export ... from`,
 * dynamic `import()`, `require`) of every lib/**\/*.ts file must point to its own room or a lower floor:
 *
 *   0  random.ts, io.ts, package.ts (the one generator, atomic files, the package's version and optional peers)
 *   1  backend/
 *   2  cells/                  (fused/ inside)
 *   3  data/, models/
 *   4  train/
 *   5  analysis/, experiments/ (experiments may use analysis' tasks and probes; analysis never imports experiments)
 *   6  cli/
 *   7  index.ts                (the public face)
 *   plot/ stands beside: it imports only floor 0, and any floor may draw with it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");
const lib = path.join(root, "lib");

const FLOORS: Record<string, number> = {
  random: 0,
  io: 0,
  package: 0,
  backend: 1,
  cells: 2,
  data: 3,
  models: 3,
  train: 4,
  analysis: 5,
  experiments: 5,
  cli: 6,
  index: 7,
};

/** The room of a file under lib/: its first folder, or its own name for a top-level file. */
function roomOf(file: string): string {
  const [first, ...rest] = path.relative(lib, file).split(path.sep);
  return rest.length === 0 ? first.replace(/\.ts$/, "") : first;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Relative module specifiers of a file's imports, exports-from, dynamic imports and requires. */
function relativeImports(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']*)["']/gm;
  return [...source.matchAll(pattern)].map((m) => m[1]);
}

/** Why `from` may not import `to` (undefined when it may). */
function violation(from: string, to: string): string | undefined {
  if (from === to) return undefined;
  if (to === "plot") return undefined;
  if (from === "plot") return FLOORS[to] === 0 ? undefined : "plot/ stands beside the floors and imports only random.ts and io.ts";
  const a = FLOORS[from];
  const b = FLOORS[to];
  if (a === undefined) return `room '${from}' has no floor: add it to FLOORS in test/floors.test.ts and to the developers' guide`;
  if (b === undefined) return `room '${to}' has no floor: add it to FLOORS in test/floors.test.ts and to the developers' guide`;
  if (from === "analysis" && to === "experiments") return "analysis/ holds the science and never imports experiments/";
  return b > a ? `floor ${a} imports floor ${b}` : undefined;
}

test("the classifier of rooms knows every file of lib/", () => {
  const rooms = new Set(sourceFiles(lib).map(roomOf));
  for (const room of rooms) assert.ok(room in FLOORS || room === "plot", `lib/${room} has no floor in test/floors.test.ts`);
});

test("no file in lib/ imports from a floor above its own", () => {
  const found: string[] = [];
  for (const file of sourceFiles(lib)) {
    const from = roomOf(file);
    for (const spec of relativeImports(fs.readFileSync(file, "utf8"))) {
      const target = path.resolve(path.dirname(file), spec);
      if (!target.startsWith(lib + path.sep)) {
        found.push(`${path.relative(root, file)} imports ${spec}, outside lib/`);
        continue;
      }
      const why = violation(from, roomOf(target));
      if (why) found.push(`${path.relative(root, file)} imports ${spec}: ${why}`);
    }
  }
  assert.deepEqual(found, []);
});

test("the import scanner sees every form of import (so the check above cannot pass by missing them)", () => {
  const sample = [
    'import * as tf from "@tensorflow/tfjs";',
    'import { a } from "../cells/layer";',
    'import type { B } from "./types";',
    'export { c } from "../train/fit";',
    'const d = await import("../experiments/suite");',
    'const e = require("../backend");',
    'import "../io";',
  ].join("\n");
  assert.deepEqual(relativeImports(sample), ["../cells/layer", "./types", "../train/fit", "../experiments/suite", "../backend", "../io"]);
  assert.equal(violation("cells", "train"), "floor 2 imports floor 4");
  assert.match(violation("analysis", "experiments") ?? "", /never imports experiments/);
  assert.equal(violation("experiments", "analysis"), undefined);
  assert.equal(violation("cli", "experiments"), undefined);
});
