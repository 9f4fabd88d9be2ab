/**
 * A one-line terminal progress bar with an ETA, for long training runs. It draws only when stderr is a
 * terminal (never into logs, pipes or notebooks) and only once a run has lasted `delaySeconds`, so short
 * runs print nothing. ETA = elapsed / done * (total - done).
 */

export interface ProgressBar {
  /** Report `done` of `total` units of work, with a short status such as "loss 0.031". */
  update(done: number, status?: string): void;
  /** Clear the line (call once at the end). */
  finish(): void;
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
  const enabled = options.enabled ?? Boolean(stream.isTTY);
  const delayMs = (options.delaySeconds ?? 2) * 1000;
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done: number, status = ""): void {
      const now = Date.now();
      if (!enabled || now - started < delayMs || now - lastDraw < 200) return;
      lastDraw = now;
      const fraction = Math.min(1, done / Math.max(1, total));
      const width = 24;
      const filled = Math.round(fraction * width);
      const elapsed = (now - started) / 1000;
      const eta = done > 0 ? (elapsed / done) * (total - done) : Number.NaN;
      const line = `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
        `${formatSeconds(elapsed)} elapsed, ETA ${formatSeconds(eta)} ${status}`;
      const columns = stream.columns ?? 100;
      stream.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
      drawn = true;
    },
    finish(): void {
      if (drawn) stream.write(`\r${" ".repeat((stream.columns ?? 100) - 1)}\r`);
      drawn = false;
    },
  };
}
