/**
 * The cell diagrams are well-formed SVG (checked by a small XML tokenizer written here, independent of the code
 * that writes them), draw the labels they declare, and name the symbols that the cells' header comments use.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { gruCellDiagram, lstmCellDiagram, rnnUnrolledDiagram } from "../../lib/plot/diagrams";

const root = path.resolve(__dirname, "..", "..", "..");

/** Throws unless `xml` is one well-formed element: balanced tags, quoted unique attributes, escaped text. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let match: RegExpExecArray | null;
  let roots = 0;
  while ((match = token.exec(xml)) !== null) {
    const [, closing, name, attributes, selfClosing, text, strayLt] = match;
    assert.equal(strayLt, undefined, `unparsable markup at offset ${match.index}: ${xml.slice(match.index, match.index + 60)}`);
    if (text !== undefined) {
      assert.ok(stack.length > 0 || text.trim() === "", `text outside the root element: ${text.slice(0, 40)}`);
      assert.doesNotMatch(text, /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i, `unescaped & in text: ${text.slice(0, 40)}`);
      continue;
    }
    const names = [...(attributes ?? "").matchAll(/([\w:.-]+)="/g)].map((m) => m[1]);
    assert.equal(new Set(names).size, names.length, `<${name}> repeats an attribute: ${names.join(", ")}`);
    if (closing) {
      assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    } else {
      if (stack.length === 0) roots += 1;
      if (!selfClosing) stack.push(name);
    }
  }
  assert.deepEqual(stack, [], `unclosed elements: ${stack.join(", ")}`);
  assert.equal(roots, 1, "exactly one root element");
}

/** The labels of a diagram: each `<text data-symbol="...">` with the text it draws (tags removed). */
function labels(svg: string): Array<{ symbol: string; drawn: string }> {
  const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  return [...svg.matchAll(/<text [^>]*data-symbol="([^"]*)"[^>]*>([\s\S]*?)<\/text>/g)].map((m) => ({
    symbol: unescape(m[1]),
    drawn: unescape(m[2].replace(/<[^>]+>/g, "")),
  }));
}

/** What a TeX-like symbol looks like once drawn: subscripts inline, minus signs inside subscripts. */
function drawnForm(symbol: string): string {
  return symbol.replace(/_\{([^}]*)\}|_(.)/g, (_all, braced: string | undefined, single: string | undefined) => (braced ?? single ?? "").replace(/-/g, "\u2212"));
}

/** The header comment of a cell file, where the equations are written. */
function header(file: string): string {
  const source = fs.readFileSync(path.join(root, "lib", "cells", file), "utf8");
  return source.slice(0, source.indexOf("*/"));
}

const CASES = [
  { name: "RNN", svg: rnnUnrolledDiagram(), cell: "rnn.ts", symbols: ["x_t", "h_{t-1}", "h_t", "W", "U", "h_0", "x_1", "h_T"] },
  { name: "LSTM", svg: lstmCellDiagram(), cell: "lstm.ts", symbols: ["x_t", "h_{t-1}", "h_t", "c_{t-1}", "c_t", "i_t", "f_t", "g_t", "o_t", "tanh(c_t)"] },
  { name: "GRU", svg: gruCellDiagram(), cell: "gru.ts", symbols: ["x_t", "h_{t-1}", "h_t", "z_t", "r_t", "n_t", "1 \u2212 z_t", "U_n", "h_{t-1} U_n + b_{hn}", "x_t W_n + b_{in}"] },
];

for (const c of CASES) {
  test(`the ${c.name} diagram is one well-formed SVG element`, () => {
    assert.match(c.svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
    assert.ok(c.svg.endsWith("</svg>"));
    assertWellFormed(c.svg);
    assert.match(c.svg, /<title>[^<]+<\/title>/, "a title for screen readers");
  });

  test(`the ${c.name} diagram draws every label it declares and names the cell's symbols`, () => {
    const found = labels(c.svg);
    for (const l of found) assert.equal(l.drawn, drawnForm(l.symbol), `label ${l.symbol} draws as ${l.drawn}`);
    const symbols = new Set(found.map((l) => l.symbol));
    for (const s of c.symbols) assert.ok(symbols.has(s), `${c.name} diagram lacks the label ${s}; it has ${[...symbols].join(", ")}`);
    // The diagram speaks the code's language: every single symbol it names appears in the cell's header comment.
    const equations = header(c.cell);
    for (const s of c.symbols.filter((x) => /^[a-zA-Z]_(\{[^}]*\}|\w)$/.test(x) && !/_[0-9T]$/.test(x))) {
      assert.ok(equations.includes(s), `${c.name}: ${s} is not a symbol of lib/cells/${c.cell}`);
    }
  });
}

test("the LSTM diagram's state equation is the one in lib/cells/lstm.ts", () => {
  const equation = labels(lstmCellDiagram()).find((l) => l.symbol.startsWith("c_t ="));
  assert.ok(equation, "the diagram states c_t");
  // lstm.ts writes "c_t = f_t * c_{t-1} + i_t * g_t"; the diagram writes the product as a circled dot.
  const parts = equation.symbol.split(",").map((part) => part.replace(/\u2299/g, "*").trim());
  assert.equal(parts.length, 2, equation.symbol);
  for (const part of parts) assert.ok(header("lstm.ts").includes(part), `${part} is not in lib/cells/lstm.ts`);
});

test("the GRU diagram's state equation is the one in lib/cells/gru.ts", () => {
  const equation = labels(gruCellDiagram()).find((l) => l.symbol.startsWith("h_t ="));
  assert.ok(equation, "the diagram states h_t");
  assert.ok(header("gru.ts").includes(equation.symbol.replace(/\u2299/g, "*").replace(/\u2212/g, "-")), equation.symbol);
});

test("rnnUnrolledDiagram draws the steps it is asked for and rejects a bad count", () => {
  const six = labels(rnnUnrolledDiagram({ steps: 6 })).map((l) => l.symbol);
  for (const s of ["x_1", "x_5", "x_T", "h_5", "h_T"]) assert.ok(six.includes(s), s);
  assert.ok(!six.includes("x_6"), "the last step is T");
  assert.throws(() => rnnUnrolledDiagram({ steps: 1 }), /steps must be an integer from 2 to 8, got 1/);
});
