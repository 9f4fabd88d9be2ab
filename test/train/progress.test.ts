import { test } from "node:test";
import assert from "node:assert/strict";
import { createProgressBar } from "../../lib/train/progress";

/** A stand-in for a terminal's stderr that records what is written. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const stream = { isTTY, columns: 80, text: "", write(chunk: string) { stream.text += chunk; return true; } };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

test("the progress bar draws on a terminal with percent and ETA, and clears its line at the end", async () => {
  const stream = fakeStream(true);
  const bar = createProgressBar("births lstm", 10, { stream, delaySeconds: 0 });
  await new Promise((resolve) => setTimeout(resolve, 5));
  bar.update(5, "loss 0.1");
  assert.match(stream.text, /^\rbirths lstm \[#{12}\.{12}\]  50% \d+s elapsed, ETA \d+s loss 0\.1/);
  bar.finish();
  assert.ok(stream.text.endsWith("\r"));
});

test("the progress bar stays silent when stderr is not a terminal, and on short runs", () => {
  const pipe = fakeStream(false);
  const quiet = createProgressBar("x", 10, { stream: pipe, delaySeconds: 0 });
  quiet.update(5);
  quiet.finish();
  assert.equal(pipe.text, "");
  const tty = fakeStream(true);
  const short = createProgressBar("x", 10, { stream: tty }); // default: only after 2 s
  short.update(5);
  short.finish();
  assert.equal(tty.text, "");
});
