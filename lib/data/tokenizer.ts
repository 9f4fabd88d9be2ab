/**
 * A word tokenizer with a vocabulary fitted on training text only, in the spirit of Keras' `Tokenizer`:
 *
 *   clean:    HTML tags -> space, common entities decoded (&amp; &lt; &gt; &quot; &#39; &nbsp;), lower case;
 *   split:    words are runs of letters / digits joined by inner apostrophes ("don't" stays one word); other
 *             punctuation is dropped (`punctuation: "strip"`, default) or kept as one-character tokens ("separate");
 *   vocab:    ids 0 = PAD (padding, never a word) and 1 = OOV (any word not in the vocabulary), then words by
 *             descending training count, ties by code-unit order (so the vocabulary is the same on every machine),
 *             keeping words seen at least `minCount` times, at most `maxSize` ids in all (PAD and OOV included:
 *             every id is < maxSize, the `inputDim` of an embedding layer).
 */

/** Tokenizer settings. */
export interface TokenizerOptions {
  /** Total ids including PAD and OOV (so at most maxSize - 2 words); default: no limit. */
  maxSize?: number;
  /** A word enters the vocabulary only if it occurs at least this often in the training text (default 1). */
  minCount?: number;
  /** Lower-case the text (default true). */
  lowercase?: boolean;
  /** Remove HTML tags and decode common entities (default true). */
  stripHtml?: boolean;
  /** Drop punctuation ("strip", default) or keep each mark as a token ("separate"). */
  punctuation?: "strip" | "separate";
}

/** The saved form of a fitted tokenizer (JSON-safe). */
export interface TokenizerJSON {
  options: Required<Omit<TokenizerOptions, "maxSize">> & { maxSize: number | null };
  /** Words by id from 2 on (ids 0 and 1 are PAD and OOV). */
  words: string[];
}

/** The id of padding (never a word): padSequences fills with it and a mask skips it. */
export const PAD_ID = 0;
/** The id of every word outside the fitted vocabulary. */
export const OOV_ID = 1;
export const PAD_TOKEN = "<pad>";
export const OOV_TOKEN = "<oov>";

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&apos;": "'", "&nbsp;": " " };
const WORDS = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
const WORDS_AND_MARKS = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;

/** Word tokenizer with a fitted vocabulary; `fit` it on training text only. */
export class Tokenizer {
  readonly maxSize: number | null;
  readonly minCount: number;
  readonly lowercase: boolean;
  readonly stripHtml: boolean;
  readonly punctuation: "strip" | "separate";
  private words: string[] = [PAD_TOKEN, OOV_TOKEN];
  private index = new Map<string, number>();
  private fitted = false;

  constructor(options: TokenizerOptions = {}) {
    const { maxSize, minCount = 1, lowercase = true, stripHtml = true, punctuation = "strip" } = options;
    if (maxSize !== undefined && (!Number.isInteger(maxSize) || maxSize < 3)) {
      throw new Error(`Tokenizer: maxSize ${maxSize} must be an integer of at least 3 (PAD, OOV and one word), e.g. 10000`);
    }
    if (!Number.isInteger(minCount) || minCount < 1) throw new Error(`Tokenizer: minCount ${minCount} must be a positive integer, e.g. 2`);
    if (punctuation !== "strip" && punctuation !== "separate") {
      throw new Error(`Tokenizer: punctuation '${String(punctuation)}' is unknown: use 'strip' or 'separate'`);
    }
    this.maxSize = maxSize ?? null;
    this.minCount = minCount;
    this.lowercase = lowercase;
    this.stripHtml = stripHtml;
    this.punctuation = punctuation;
  }

  /** Clean and split one text into tokens (no vocabulary needed). */
  tokenize(text: string): string[] {
    let s = text;
    if (this.stripHtml) s = s.replace(/<[^>]*>/g, " ").replace(/&(?:amp|lt|gt|quot|#39|apos|nbsp);/g, (e) => ENTITIES[e]);
    if (this.lowercase) s = s.toLowerCase();
    s = s.replace(/[\u2018\u2019]/g, "'");
    return s.match(this.punctuation === "strip" ? WORDS : WORDS_AND_MARKS) ?? [];
  }

  /**
   * Build the vocabulary from training texts (replacing any earlier one). Pass the training part only: words that
   * occur only in validation or test text must map to OOV, as they would for new text.
   */
  fit(texts: readonly string[]): this {
    if (texts.length === 0) throw new Error("Tokenizer.fit: no texts given: pass the training texts");
    const counts = new Map<string, number>();
    for (const text of texts) {
      for (const token of this.tokenize(text)) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    const ranked = [...counts].filter(([, c]) => c >= this.minCount);
    ranked.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const keep = this.maxSize === null ? ranked.length : Math.min(ranked.length, this.maxSize - 2);
    if (keep === 0) throw new Error(`Tokenizer.fit: no word occurs ${this.minCount} times in the training text: lower minCount or check the text column`);
    this.setWords(ranked.slice(0, keep).map(([w]) => w));
    return this;
  }

  private setWords(words: string[]): void {
    this.words = [PAD_TOKEN, OOV_TOKEN, ...words];
    this.index = new Map(words.map((w, i) => [w, i + 2]));
    this.fitted = true;
  }

  private requireFitted(who: string): void {
    if (!this.fitted) throw new Error(`Tokenizer.${who}: call fit(trainTexts) first`);
  }

  /** Number of ids in use (PAD, OOV and the words): the embedding's `inputDim`. */
  get vocabularySize(): number {
    return this.words.length;
  }

  /** Id of a word (after cleaning), OOV_ID if unknown. */
  idOf(word: string): number {
    return this.index.get(word) ?? OOV_ID;
  }

  /** Word of an id (PAD_TOKEN, OOV_TOKEN or a vocabulary word); an error for ids outside the vocabulary. */
  wordOf(id: number): string {
    const word = this.words[id];
    if (word === undefined) throw new Error(`Tokenizer: id ${id} is outside the vocabulary (0..${this.words.length - 1})`);
    return word;
  }

  /** The vocabulary words in id order, from id 2 (without PAD and OOV). */
  get vocabulary(): string[] {
    return this.words.slice(2);
  }

  /** Token ids of one text; unknown words become OOV_ID (1). */
  encode(text: string): Int32Array {
    this.requireFitted("encode");
    const tokens = this.tokenize(text);
    const ids = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) ids[i] = this.index.get(tokens[i]) ?? OOV_ID;
    return ids;
  }

  /** `encode` for many texts. */
  encodeAll(texts: readonly string[]): Int32Array[] {
    this.requireFitted("encodeAll");
    return texts.map((t) => this.encode(t));
  }

  /** Words of a sequence of ids, joined by spaces; PAD ids are skipped unless `keepPad`. */
  decode(ids: ArrayLike<number>, options: { keepPad?: boolean } = {}): string {
    this.requireFitted("decode");
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] === PAD_ID && !options.keepPad) continue;
      out.push(this.wordOf(ids[i]));
    }
    return out.join(" ");
  }

  /** JSON-safe state, to save with a trained model. */
  toJSON(): TokenizerJSON {
    this.requireFitted("toJSON");
    return {
      options: { maxSize: this.maxSize, minCount: this.minCount, lowercase: this.lowercase, stripHtml: this.stripHtml, punctuation: this.punctuation },
      words: this.vocabulary,
    };
  }

  /** Rebuild a tokenizer saved with `toJSON`. */
  static fromJSON(json: TokenizerJSON): Tokenizer {
    if (!json || !Array.isArray(json.words) || !json.options) throw new Error("Tokenizer.fromJSON: not a saved tokenizer (expected { options, words })");
    const t = new Tokenizer({ ...json.options, maxSize: json.options.maxSize ?? undefined });
    t.setWords(json.words);
    return t;
  }
}

/** Length statistics of token sequences, to choose maxLen from data. */
export interface LengthStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  p90: number;
  p95: number;
  p99: number;
  /** Nearest-rank percentile: the smallest length L such that at least p% of the sequences have length <= L. */
  percentile(p: number): number;
}

/**
 * Length statistics of sequences (or of a list of lengths). `percentile(p)` is the nearest-rank percentile, so
 * `maxLen = stats.percentile(90)` keeps 90% of the sequences whole.
 */
export function lengthStats(sequences: readonly ArrayLike<number>[] | ArrayLike<number>): LengthStats {
  const lengths = Float64Array.from(
    Array.from(sequences as ArrayLike<unknown>, (s) => (typeof s === "number" ? s : (s as ArrayLike<number>).length)),
  ).sort();
  const count = lengths.length;
  if (count === 0) throw new Error("lengthStats: no sequences given: encode some texts first");
  const percentile = (p: number): number => {
    if (!(p > 0 && p <= 100)) throw new Error(`lengthStats.percentile(${p}): p must be in (0, 100], e.g. 90`);
    return lengths[Math.max(0, Math.ceil((p / 100) * count) - 1)];
  };
  let sum = 0;
  for (const l of lengths) sum += l;
  return { count, min: lengths[0], max: lengths[count - 1], mean: sum / count, median: percentile(50), p90: percentile(90), p95: percentile(95), p99: percentile(99), percentile };
}
