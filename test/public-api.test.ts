/**
 * The public face, read by the TypeScript compiler from lib/index.ts: every name `import * as rw from "rnn-workbook"`
 * gives (top level and the members of each namespace, values and types) carries a doc comment at its declaration,
 * and the runtime names stay about 100 (what a notebook or a user needs; internals are reached by file).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import ts from "typescript";

const root = path.resolve(__dirname, "..", "..");
// Issue 10's "about 100": what the twelve chapters, the README and the package's consumer script call. The text
// chapters (11, 12) run their tasks through the suite's job runner like chapters 6-8, not through helpers of their own.
const MAX_RUNTIME_NAMES = 100;

interface PublicName {
  name: string;
  runtime: boolean;
  documented: boolean;
}

function publicNames(): PublicName[] {
  const entry = path.join(root, "lib", "index.ts");
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, "tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  const program = ts.createProgram([entry], { ...config!.options, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const resolve = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  // `export { type X }` / `export type { X }` gives no runtime name, even for a class.
  const typeOnly = (s: ts.Symbol) =>
    (s.declarations ?? []).some((d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly));
  const describe = (prefix: string, symbol: ts.Symbol): PublicName[] => {
    const target = resolve(symbol);
    const runtime = (target.flags & ts.SymbolFlags.Value) !== 0 && !typeOnly(symbol);
    const name = `${prefix}${symbol.getName()}`;
    const ours = (target.declarations ?? []).some((d) => d.getSourceFile().fileName.startsWith(path.join(root, "lib") + path.sep));
    if (ours && target.flags & ts.SymbolFlags.ValueModule && !(target.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class))) {
      // `export * as data from "./data"`: the namespace's members are the public names.
      return checker.getExportsOfModule(target).flatMap((member) => describe(`${name}.`, member));
    }
    // A re-exported library (rw.tf) is documented by its own authors; the export line says what it is.
    if (!ours) return [{ name, runtime, documented: true }];
    const documented =
      target.getDocumentationComment(checker).length > 0 ||
      (target.declarations ?? []).some((d) => ts.getJSDocCommentsAndTags(d).length > 0);
    return [{ name, runtime, documented }];
  };
  return checker.getExportsOfModule(moduleSymbol).flatMap((s) => describe("", s));
}

const names = publicNames();

test("every public name (value or type) has a doc comment at its declaration", () => {
  const undocumented = names.filter((n) => !n.documented).map((n) => n.name);
  assert.deepEqual(undocumented, []);
});

test(`the public face holds at most ${MAX_RUNTIME_NAMES} runtime names`, () => {
  const runtime = names.filter((n) => n.runtime).map((n) => n.name);
  assert.ok(runtime.length >= 60, `only ${runtime.length} runtime names found: the reader above is broken`);
  assert.ok(runtime.length <= MAX_RUNTIME_NAMES, `${runtime.length} runtime names: ${runtime.join(", ")}`);
});

test("the notebooks' names are public: rw.experiments.runMemorySweep, rw.analysis.gradientDecay, rw.recurrentLayer", () => {
  for (const name of ["experiments.runMemorySweep", "experiments.createJobRunner", "analysis.gradientDecay", "analysis.findInterpretableUnits", "recurrentLayer", "data.prepareTextData", "plot.showTable"]) {
    assert.ok(names.some((n) => n.name === name), name);
  }
  for (const internal of ["experiments.writeRun", "experiments.runFile", "experiments.claimOutputFolder"]) {
    assert.ok(!names.some((n) => n.name === internal), `${internal} is internal`);
  }
});
