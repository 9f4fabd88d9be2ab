/**
 * Data-path speed (issue #3): tokenizing and encoding all IMDB reviews, and windowing a 1,000,000-point series
 * without materialising every window. Not a test: figures depend on the machine and its load.
 *
 * Run alone: `node dist/bench/data.js` (after the build); `npm run bench` runs it after the recurrent benchmarks.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/backend";
import { createRng } from "../lib/random";
import { loadText } from "../lib/data/registry";
import { StandardScaler } from "../lib/data/scalers";
import { Tokenizer } from "../lib/data/tokenizer";
import { padSequences } from "../lib/data/padding";
import { makeWindows } from "../lib/data/windows";
import { tensorBatches, windowBatches } from "../lib/data/batches";

/** One measured figure. */
export interface DataBenchRow {
  bench: "data";
  name: string;
  value: number;
  unit: string;
  detail: string;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function round(x: number, digits = 3): number {
  return Number(x.toPrecision(digits));
}

/** A seeded 1,000,000-point series: daily and weekly cycles at 48 steps a day plus noise (electricity-like). */
function syntheticSeries(n: number): Float64Array {
  const rng = createRng(3);
  return Float64Array.from({ length: n }, (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 48) + 5 * Math.sin((2 * Math.PI * i) / 336) + rng.normal());
}

/** Run the data benchmarks and return their rows (also printed by the caller). */
export async function benchData(): Promise<DataBenchRow[]> {
  const rows: DataBenchRow[] = [];
  const add = (name: string, value: number, unit: string, detail: string) => rows.push({ bench: "data", name, value: round(value), unit, detail });

  // --- IMDB: load, fit on the training part, tokenize + encode all reviews, pad.
  let t = process.hrtime.bigint();
  const imdb = loadText("imdb");
  add("imdb load (parse 66 MB JSON, clean, de-duplicate, split)", seconds(t), "s", `${imdb.length} reviews`);
  const trainTexts = Array.from(imdb.split!.train, (i) => imdb.texts[i]);
  t = process.hrtime.bigint();
  const tokenizer = new Tokenizer({ maxSize: 10000 }).fit(trainTexts);
  add("tokenizer fit on the training part", seconds(t), "s", `${trainTexts.length} reviews, vocabulary ${tokenizer.vocabularySize}`);
  t = process.hrtime.bigint();
  const encoded = tokenizer.encodeAll(imdb.texts);
  const encodeSeconds = seconds(t);
  const tokens = encoded.reduce((s, e) => s + e.length, 0);
  add("tokenize + encode all reviews", encodeSeconds, "s", `${imdb.length} reviews, ${tokens} tokens`);
  add("tokenize + encode throughput", imdb.length / encodeSeconds, "reviews/s", `${round(tokens / encodeSeconds / 1e6)} M tokens/s`);
  t = process.hrtime.bigint();
  padSequences(encoded, { maxLen: 200 });
  add("padSequences all reviews to 200", seconds(t), "s", "pre-truncate, pre-pad (Keras defaults)");

  // --- A 1,000,000-point series: scale, cut windows lazily, iterate every batch.
  const n = 1_000_000;
  const values = syntheticSeries(n);
  t = process.hrtime.bigint();
  const scaled = new StandardScaler().fit({ y: values }, { start: 0, end: 700_000 }).transform({ y: values });
  add("standard scaler fit (700k rows) + transform (1M)", seconds(t), "s", "one column");
  const heapBefore = process.memoryUsage().arrayBuffers;
  t = process.hrtime.bigint();
  const windows = makeWindows({ columns: scaled }, { lookback: 48, horizon: 1, target: "y" });
  add("makeWindows setup (pack float32), 1M points", seconds(t), "s", `${windows.count} windows, lookback 48, horizon 1`);
  t = process.hrtime.bigint();
  let peakBuffers = 0;
  let seen = 0;
  for (const block of windowBatches(windows, { batchSize: 256 })) {
    seen += block.count;
    if ((seen & 0xffff) < 256) peakBuffers = Math.max(peakBuffers, process.memoryUsage().arrayBuffers - heapBefore);
  }
  const iterateSeconds = seconds(t);
  const fullMB = (windows.count * 48 * 4) / 1e6;
  add("window batches over 1M points (batch 256, in order)", windows.count / iterateSeconds, "windows/s", `${round(iterateSeconds)} s for ${seen} windows`);
  add("memory held while iterating (ArrayBuffers above start)", peakBuffers / 1e6, "MB", `all windows at once would be ${round(fullMB)} MB of float32`);

  t = process.hrtime.bigint();
  let shuffled = 0;
  for (const block of windowBatches(windows, { batchSize: 256, shuffle: true, seed: 1 })) shuffled += block.count;
  add("window batches, seeded shuffle", shuffled / seconds(t), "windows/s", "random access to the packed series");

  const calendarTime = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2000, 0, 1) + i * 1800000));
  t = process.hrtime.bigint();
  const multi = makeWindows(
    { columns: { y: scaled.y, x: values }, time: calendarTime },
    { lookback: 96, horizon: 24, stride: 4, target: "y", features: ["x"], calendar: ["hour", "dayOfWeek"] },
  );
  let multiSeen = 0;
  for (const block of windowBatches(multi, { batchSize: 256 })) multiSeen += block.count;
  add("multivariate multi-step windows, 1M points", multiSeen / seconds(t), "windows/s", "lookback 96, horizon 24, stride 4, 2 columns + hour/day-of-week sin/cos, setup included");

  const backend = await initBackend({ quiet: true });
  const before = tf.memory().numTensors;
  t = process.hrtime.bigint();
  let tensorSeen = 0;
  for (const batch of tensorBatches(windows, { batchSize: 256 })) {
    tensorSeen += batch.xs.shape[0];
    tf.dispose([batch.xs, batch.ys]);
  }
  add(`tensor batches over 1M points (${backend})`, tensorSeen / seconds(t), "windows/s", `tensors left over: ${tf.memory().numTensors - before}`);
  return rows;
}

if (require.main === module) {
  benchData().then(
    (rows) => {
      for (const r of rows) console.log(`${r.name.padEnd(58)} ${String(r.value).padStart(10)} ${r.unit.padEnd(10)} ${r.detail}`);
    },
    (err) => {
      console.error(`rnn-workbook bench data: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
