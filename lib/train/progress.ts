/**
 * Progress of a long step (training, scoring a large test part), shown two ways:
 *
 *   on a terminal  one line redrawn in place with a bar and an ETA, once the step has lasted `delaySeconds`;
 *   piped          (stderr a file, a CI log, `| tee`) a plain line every 10 s, the interval counted across bars, but
 *                  only once a program has asked for it with `progressLinesWhenPiped()` (the CLI does); a library
 *                  caller, a notebook or a test gets nothing in its output (nor does a run with RNN_WORKBOOK_QUIET=1).
 *
 * ETA = elapsed / done * (total - done). RNN_WORKBOOK_PROGRESS_SECONDS overrides both intervals (the CLI tests set
 * it to 0 to see the lines of a short run).
 */

export interface ProgressBar {
  /** Report `done` of `total` units of work, with a short status such as "loss 0.031". */
  update(done: number, status?: string): void;
  /** Clear the line (call once at the end). */
  finish(): void;
}

/** Seconds between plain lines when piped (0: piped runs print nothing). */
let pipedLineSeconds = 0;
/**
 * When the last plain line was written, by any bar of this process: the interval runs across bars, so a run of
 * many short steps (train a model for 8 s, score it for 8 s, the next model ...) still shows a line every interval.
 */
let lastPipedLine = Date.now();

/**
 * Print plain progress lines when stderr is not a terminal, one every `seconds` (default 10, or
 * RNN_WORKBOOK_PROGRESS_SECONDS): for programs whose output a person follows in a log.
 */
export function progressLinesWhenPiped(seconds = 10): void {
  pipedLineSeconds = seconds;
}

/** RNN_WORKBOOK_PROGRESS_SECONDS as a number of seconds >= 0, or undefined when unset or not such a number. */
function intervalFromEnv(): number | undefined {
  const raw = process.env.RNN_WORKBOOK_PROGRESS_SECONDS;
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The terminal's width; a pseudo-terminal that reports 0 columns (`script`, some CI runners) counts as 100. */
function width(stream: NodeJS.WriteStream): number {
  return stream.columns > 1 ? stream.columns : 100;
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

export function createProgressBar(
  label: string,
  total: number,
  options: { stream?: NodeJS.WriteStream; enabled?: boolean; delaySeconds?: number } = {},
): ProgressBar {
  const stream = options.stream ?? process.stderr;
  const terminal = Boolean(stream.isTTY);
  const fromEnv = intervalFromEnv();
  // Piped: lines only when asked for (the CLI), and never when the caller turned progress off.
  const asked = (pipedLineSeconds > 0 && process.env.RNN_WORKBOOK_QUIET !== "1") || fromEnv !== undefined;
  const lines = !terminal && options.enabled !== false && (options.enabled === true || asked);
  const lineMs = 1000 * (fromEnv ?? (pipedLineSeconds || 10));
  const inPlace = terminal && (options.enabled ?? true);
  const delayMs = 1000 * (fromEnv ?? options.delaySeconds ?? 2);
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  const describe = (done: number, now: number) => {
    const fraction = Math.min(1, done / Math.max(1, total));
    const elapsed = (now - started) / 1000;
    const eta = done > 0 ? (elapsed / done) * (total - done) : Number.NaN;
    return { fraction, text: `${formatSeconds(elapsed)} elapsed, ETA ${formatSeconds(eta)}` };
  };
  return {
    update(done: number, status = ""): void {
      if (!inPlace && !lines) return;
      const now = Date.now();
      if (lines) {
        if (now - lastPipedLine < lineMs) return;
        lastPipedLine = now;
        const { fraction, text } = describe(done, now);
        stream.write(`${label}: ${(fraction * 100).toFixed(0)}% ${status}${status ? ", " : ""}${text}\n`);
        return;
      }
      if (now - started < delayMs || now - lastDraw < 200) return;
      lastDraw = now;
      const { fraction, text } = describe(done, now);
      const barWidth = 24;
      const filled = Math.round(fraction * barWidth);
      const line = `${label} [${"#".repeat(filled)}${".".repeat(barWidth - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${text} ${status}`;
      const columns = width(stream);
      stream.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
      drawn = true;
    },
    finish(): void {
      if (drawn) stream.write(`\r${" ".repeat(width(stream) - 1)}\r`);
      drawn = false;
    },
  };
}
