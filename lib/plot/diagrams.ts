/**
 * Diagrams of the three cells as plain SVG strings (no plotly, no network): the vanilla RNN folded and unrolled,
 * the LSTM cell with its four gates and the cell-state highway, and the GRU cell (reset-after form, the library's
 * default). Labels use the symbols of the equations in lib/cells/rnn.ts, lstm.ts and gru.ts:
 *
 *   RNN   h_t = tanh(x_t W + h_{t-1} U + b)
 *   LSTM  i_t, f_t, o_t = sigma(...), g_t = tanh(...), c_t = f_t * c_{t-1} + i_t * g_t, h_t = o_t * tanh(c_t)
 *   GRU   z_t, r_t = sigma(...), n_t = tanh(x_t W_n + b_in + r_t * (h_{t-1} U_n + b_hn)),
 *         h_t = z_t * h_{t-1} + (1 - z_t) * n_t
 *
 * In a notebook: `rw.plot.showHtml(rw.plot.lstmCellDiagram())`. Every label is a `<text>` element carrying its
 * symbol in `data-symbol` (TeX-like: "h_{t-1}"), so a test can check that a diagram names what the code names.
 */

const INK = "#222";
const STATE = "#1f77b4"; // the paths a state travels along
const GATE = "#ff7f0e"; // sigmoid gates
const TANH = "#2ca02c"; // tanh layers
const FONT = "font-family=\"Helvetica, Arial, sans-serif\"";

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * A label; `symbol` is TeX-like: "h_{t-1}", "x_t", "1 - z_t". A subscript becomes a lowered, smaller tspan
 * ("-" inside a subscript is drawn as a minus sign).
 */
function label(x: number, y: number, symbol: string, options: { anchor?: "start" | "middle" | "end"; size?: number; color?: string; italic?: boolean } = {}): string {
  const size = options.size ?? 16;
  const parts: string[] = [];
  const shift = (size * 0.3).toFixed(1);
  let lowered = false;
  // Text after a subscript goes in a tspan that raises the baseline back (an empty tspan would not move it).
  const plain = (text: string) => {
    if (text === "") return;
    parts.push(lowered ? `<tspan dy="-${shift}">${esc(text)}</tspan>` : esc(text));
    lowered = false;
  };
  const pattern = /_(\{[^}]*\}|.)/g;
  let last = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(symbol)) !== null) {
    plain(symbol.slice(last, match.index));
    const sub = match[1].startsWith("{") ? match[1].slice(1, -1) : match[1];
    const dy = lowered ? "0" : shift;
    parts.push(`<tspan dy="${dy}" font-size="${(size * 0.72).toFixed(1)}">${esc(sub.replace(/-/g, "\u2212"))}</tspan>`);
    lowered = true;
    last = match.index + match[0].length;
  }
  plain(symbol.slice(last));
  const style = options.italic === false ? "" : ' font-style="italic"';
  return (
    `<text x="${x}" y="${y}" text-anchor="${options.anchor ?? "middle"}" font-size="${size}"${style} fill="${options.color ?? INK}" ` +
    `data-symbol="${esc(symbol)}">${parts.join("")}</text>`
  );
}

/** Plain (non-symbol) text, e.g. a caption. */
function note(x: number, y: number, text: string, anchor: "start" | "middle" | "end" = "middle", size = 13): string {
  return `<text x="${x}" y="${y}" text-anchor="${anchor}" font-size="${size}" fill="#555">${esc(text)}</text>`;
}

/** A polyline through `points`, with an arrowhead at the end unless `arrow` is false. */
function wire(points: Array<[number, number]>, options: { color?: string; width?: number; arrow?: boolean } = {}): string {
  const color = options.color ?? INK;
  const marker = options.arrow === false ? "" : ` marker-end="url(#rw-arrow-${color === STATE ? "state" : "ink"})"`;
  const d = points.map(([x, y], i) => `${i === 0 ? "M" : "L"}${x},${y}`).join(" ");
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="${options.width ?? 1.6}"${marker}/>`;
}

/** A layer box (sigma or tanh) centred at (x, y). */
function layerBox(x: number, y: number, text: string, color: string, width = 46): string {
  return (
    `<rect x="${x - width / 2}" y="${y - 15}" width="${width}" height="30" rx="5" fill="${color}" fill-opacity="0.18" stroke="${color}" stroke-width="1.6"/>` +
    label(x, y + 5, text, { italic: false, size: 15 })
  );
}

/** An elementwise operation node (product or sum) centred at (x, y). */
function opNode(x: number, y: number, op: "times" | "plus" | "tanh"): string {
  if (op === "tanh") {
    return `<ellipse cx="${x}" cy="${y}" rx="24" ry="13" fill="#fff" stroke="${TANH}" stroke-width="1.6"/>` + label(x, y + 5, "tanh", { italic: false, size: 13 });
  }
  const glyph = op === "times" ? `M${x - 5},${y - 5} L${x + 5},${y + 5} M${x + 5},${y - 5} L${x - 5},${y + 5}` : `M${x - 7},${y} L${x + 7},${y} M${x},${y - 7} L${x},${y + 7}`;
  return `<circle cx="${x}" cy="${y}" r="10" fill="#fff" stroke="${INK}" stroke-width="1.6"/><path d="${glyph}" stroke="${INK}" stroke-width="1.8"/>`;
}

function dot(x: number, y: number): string {
  return `<circle cx="${x}" cy="${y}" r="3.2" fill="${INK}"/>`;
}

function svg(width: number, height: number, title: string, body: string[]): string {
  const arrow = (id: string, color: string) =>
    `<marker id="rw-arrow-${id}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="${color}"/></marker>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="rw-diagram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `role="img" aria-label="${esc(title)}" ${FONT} style="max-width:100%;height:auto;background:#fff">` +
    `<title>${esc(title)}</title><defs>${arrow("ink", INK)}${arrow("state", STATE)}</defs>` +
    body.join("") +
    `</svg>`
  );
}

/**
 * The vanilla RNN: the cell with its loop (left), and the same cell unrolled over `steps` time steps (right),
 * the same W, U, b at every step.
 */
export function rnnUnrolledDiagram(options: { steps?: number } = {}): string {
  const steps = options.steps ?? 4;
  if (!Number.isInteger(steps) || steps < 2 || steps > 8) throw new Error(`rnnUnrolledDiagram: steps must be an integer from 2 to 8, got ${steps}`);
  const body: string[] = [];
  const boxY = 130;
  // Folded cell with its recurrent loop (around the left, so it crosses nothing).
  body.push(layerBox(120, boxY, "tanh", TANH, 60));
  body.push(wire([[120, 230], [120, boxY + 15]]), label(120, 250, "x_t"), label(134, 200, "W", { size: 14, anchor: "start" }));
  body.push(wire([[120, boxY - 15], [120, 40]], { color: STATE }), label(120, 30, "h_t"), dot(120, 75));
  body.push(wire([[120, 75], [30, 75], [30, boxY], [90, boxY]], { color: STATE }));
  body.push(label(34, 152, "h_{t-1}", { anchor: "start", size: 14 }), label(60, boxY - 7, "U", { size: 14 }));
  body.push(note(120, 280, "one cell, fed back"));
  body.push(label(220, boxY + 6, "=", { italic: false, size: 26 }));
  // Unrolled chain.
  const x0 = 340;
  const gap = 130;
  const names = Array.from({ length: steps }, (_, k) => (k === steps - 1 ? "T" : String(k + 1)));
  body.push(label(272, boxY + 5, "h_0", { anchor: "middle" }), wire([[284, boxY], [x0 - 30, boxY]], { color: STATE }));
  names.forEach((t, k) => {
    const x = x0 + k * gap;
    body.push(layerBox(x, boxY, "tanh", TANH, 60));
    body.push(wire([[x, 230], [x, boxY + 15]]), label(x, 250, `x_${t}`), label(x + 14, 200, "W", { size: 14 }));
    body.push(wire([[x, boxY - 15], [x, 40]], { color: STATE }), label(x, 30, `h_${t}`));
    if (k < steps - 1) {
      const gapText = k === steps - 2 && steps > 2 ? " \u2026 " : "";
      body.push(wire([[x, 75], [x + gap / 2, 75], [x + gap / 2, boxY], [x + gap - 30, boxY]], { color: STATE }), dot(x, 75));
      body.push(label(x + gap / 2 + 8, boxY - 8, "U", { size: 14, anchor: "start" }));
      if (gapText) body.push(note(x + gap / 2, boxY + 40, "\u2026", "middle", 22));
    }
  });
  const right = x0 + (steps - 1) * gap + 60;
  body.push(note((x0 + right - 60) / 2, 280, "unrolled: the same W, U, b at every step, h\u2080 = 0"));
  body.push(label(20, 320, "h_t = tanh(x_t W + h_{t-1} U + b)", { anchor: "start", size: 17 }));
  return svg(right + 20, 340, "The vanilla RNN cell and the same cell unrolled over time", body);
}

/**
 * The LSTM cell: the cell state c runs along the top (the highway: one product with f_t, one sum with i_t * g_t),
 * the four gate layers read [x_t, h_{t-1}] from the bus at the bottom.
 */
export function lstmCellDiagram(): string {
  const body: string[] = [];
  const top = 80; // cell-state highway
  const bus = 300; // [x_t, h_{t-1}] bus
  const gateY = 235;
  body.push(`<rect x="60" y="40" width="520" height="295" rx="14" fill="#fafafa" stroke="#999" stroke-dasharray="5,4"/>`);
  // Highway: c_{t-1} -> (x f_t) -> (+ i_t g_t) -> c_t
  body.push(wire([[10, top], [160, top]], { color: STATE, width: 3.2, arrow: false }), opNode(170, top, "times"));
  body.push(wire([[180, top], [310, top]], { color: STATE, width: 3.2, arrow: false }), opNode(320, top, "plus"));
  body.push(wire([[330, top], [640, top]], { color: STATE, width: 3.2 }));
  body.push(label(22, top - 10, "c_{t-1}", { anchor: "start" }), label(630, top - 10, "c_t", { anchor: "end" }));
  body.push(note(245, top - 12, "cell-state highway"));
  // Bus: h_{t-1} from the left, x_t from below.
  body.push(wire([[10, bus], [410, bus]], { arrow: false }), label(22, bus - 10, "h_{t-1}", { anchor: "start" }));
  body.push(wire([[110, 375], [110, bus]], { arrow: false }), dot(110, bus), label(110, 392, "x_t"));
  const gates: Array<{ x: number; kind: "sigma" | "tanh"; symbol: string }> = [
    { x: 170, kind: "sigma", symbol: "f_t" },
    { x: 250, kind: "sigma", symbol: "i_t" },
    { x: 320, kind: "tanh", symbol: "g_t" },
    { x: 410, kind: "sigma", symbol: "o_t" },
  ];
  for (const g of gates) {
    body.push(wire([[g.x, bus], [g.x, gateY + 15]]), dot(g.x, bus));
    body.push(layerBox(g.x, gateY, g.kind === "sigma" ? "\u03c3" : "tanh", g.kind === "sigma" ? GATE : TANH));
  }
  // f_t into the forget product; i_t and g_t into their product, then onto the highway.
  body.push(wire([[170, gateY - 15], [170, top + 10]]), label(180, 160, "f_t", { anchor: "start" }));
  body.push(wire([[250, gateY - 15], [250, 150], [310, 150]]), label(240, 190, "i_t", { anchor: "end" }));
  body.push(wire([[320, gateY - 15], [320, 160]]), label(330, 195, "g_t", { anchor: "start" }), opNode(320, 150, "times"));
  body.push(wire([[320, 140], [320, top + 10]]), label(330, 118, "i_t \u2299 g_t", { anchor: "start", size: 14 }));
  // Output: tanh(c_t) gated by o_t gives h_t.
  body.push(wire([[490, top], [490, 137]]), opNode(490, 150, "tanh"), wire([[490, 163], [490, gateY - 10]]));
  body.push(wire([[410 + 23, gateY], [480, gateY]]), label(450, gateY - 8, "o_t"), opNode(490, gateY, "times"));
  body.push(wire([[490, gateY + 10], [490, bus], [640, bus]], { color: STATE }), label(630, bus - 10, "h_t", { anchor: "end" }));
  body.push(label(500, 195, "tanh(c_t)", { anchor: "start", size: 13 }));
  // Legend.
  body.push(note(330, 420, "\u03c3, tanh: a layer on [x\u209c, h\u209c\u208b\u2081] with its own W, U, b  \u00b7  \u2297, \u2295: elementwise product, sum", "middle", 12));
  body.push(label(330, 450, "c_t = f_t \u2299 c_{t-1} + i_t \u2299 g_t,    h_t = o_t \u2299 tanh(c_t)", { size: 16 }));
  return svg(660, 470, "The LSTM cell: input, forget and output gates, cell candidate, cell-state highway", body);
}

/**
 * The GRU cell, reset-after form (PyTorch nn.GRU, the library's default): the state h runs along the top and is
 * mixed with the candidate n_t by the update gate z_t; the reset gate r_t scales the recurrent product.
 */
export function gruCellDiagram(): string {
  const body: string[] = [];
  const top = 70; // state path
  const hBus = 300; // h_{t-1}
  const xBus = 335; // x_t
  const gateY = 235;
  body.push(`<rect x="50" y="35" width="560" height="325" rx="14" fill="#fafafa" stroke="#999" stroke-dasharray="5,4"/>`);
  // State path: h_{t-1} -> (x z_t) -> (+ (1 - z_t) n_t) -> h_t
  body.push(wire([[10, top], [390, top]], { color: STATE, width: 3.2, arrow: false }), opNode(400, top, "times"));
  body.push(wire([[410, top], [510, top]], { color: STATE, width: 3.2, arrow: false }), opNode(520, top, "plus"));
  body.push(wire([[530, top], [670, top]], { color: STATE, width: 3.2 }));
  body.push(label(20, top - 12, "h_{t-1}", { anchor: "start" }), label(660, top - 12, "h_t", { anchor: "end" }));
  body.push(label(408, top - 14, "z_t \u2299 h_{t-1}", { anchor: "start", size: 13 }));
  // h_{t-1} down to its bus, x_t up from below to its bus.
  body.push(wire([[70, top], [70, hBus], [320, hBus]], { arrow: false }), dot(70, top));
  body.push(wire([[110, 395], [110, xBus], [420, xBus]], { arrow: false }), label(110, 412, "x_t"));
  // Update and reset gates read both buses.
  for (const x of [170, 250]) {
    body.push(wire([[x, xBus], [x, gateY + 15]]), dot(x, hBus), dot(x, xBus));
    body.push(layerBox(x, gateY, "\u03c3", GATE));
  }
  // z_t: onto the state path (keep) and through 1 - z_t onto the candidate (write).
  body.push(wire([[170, gateY - 15], [170, 115], [390, 115]], { arrow: false }), label(160, 180, "z_t", { anchor: "end" }));
  body.push(wire([[400, 115], [400, top + 10]]), dot(400, 115), wire([[390, 115], [440, 115]]));
  body.push(`<rect x="442" y="101" width="36" height="28" rx="5" fill="#fff" stroke="${INK}" stroke-width="1.4"/>`, label(460, 120, "1\u2212", { italic: false, size: 14 }));
  body.push(wire([[478, 115], [510, 115]]), opNode(520, 115, "times"), wire([[520, 105], [520, top + 10]]));
  body.push(label(482, 145, "1 \u2212 z_t", { anchor: "start", size: 13 }));
  // Reset gate scales the recurrent product h_{t-1} U_n + b_hn.
  body.push(wire([[250, gateY - 15], [250, 160], [310, 160]]), label(240, 195, "r_t", { anchor: "end" }));
  body.push(wire([[320, hBus], [320, gateY + 15]]), layerBox(320, gateY, "U_n", INK, 44));
  body.push(label(330, 280, "h_{t-1} U_n + b_{hn}", { anchor: "start", size: 12 }));
  body.push(wire([[320, gateY - 15], [320, 170]]), opNode(320, 160, "times"));
  // Candidate n_t = tanh(x_t W_n + b_in + r_t * (...)).
  body.push(wire([[330, 160], [420, 160], [420, gateY - 15]]));
  body.push(wire([[420, xBus], [420, gateY + 15]]), layerBox(420, gateY, "tanh", TANH, 50));
  body.push(label(430, 300, "x_t W_n + b_{in}", { anchor: "start", size: 12 }));
  body.push(wire([[445, gateY], [560, gateY], [560, 115], [530, 115]]), label(568, 190, "n_t", { anchor: "start" }));
  body.push(note(340, 440, "\u03c3: a layer on [x\u209c, h\u209c\u208b\u2081] with its own W, U, b  \u00b7  \u2297, \u2295: elementwise product, sum", "middle", 12));
  body.push(label(340, 470, "h_t = z_t \u2299 h_{t-1} + (1 \u2212 z_t) \u2299 n_t", { size: 16 }));
  return svg(690, 490, "The GRU cell (reset after): update gate, reset gate, candidate", body);
}

/** The cells a diagram is drawn for. */
export type DiagramCell = "rnn" | "lstm" | "gru";

/** The SVG diagram of a cell, labelled with the symbols of its equations: the unrolled RNN, the LSTM cell (gates
 * and the cell-state highway) or the GRU cell (reset after). Show it with `rw.plot.showHtml(...)`. */
export function cellDiagram(cell: DiagramCell): string {
  if (cell === "rnn") return rnnUnrolledDiagram();
  if (cell === "lstm") return lstmCellDiagram();
  if (cell === "gru") return gruCellDiagram();
  throw new Error(`cellDiagram: unknown cell '${cell as string}': use rnn, lstm or gru`);
}
