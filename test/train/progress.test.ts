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

test("piped, the progress is a plain line every few seconds once a program asks for it (the CLI does)", async () => {
  const pipe = fakeStream(false);
  const asked = createProgressBar("births lstm", 10, { stream: pipe, enabled: true, delaySeconds: 0 });
  asked.update(1, "epoch 1/2"); // the first line waits one interval (default 10 s), as a terminal waits delaySeconds
  assert.equal(pipe.text, "");
  const previous = process.env.RNN_WORKBOOK_PROGRESS_SECONDS;
  process.env.RNN_WORKBOOK_PROGRESS_SECONDS = "0";
  try {
    const bar = createProgressBar("births lstm", 10, { stream: pipe });
    bar.update(5, "epoch 1/2");
    bar.update(10, "scoring test 10/10");
    bar.finish();
    const lines = pipe.text.split("\n").filter((l) => l !== "");
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^births lstm: 50% epoch 1\/2, \d+s elapsed, ETA \d+s$/);
    assert.match(lines[1], /^births lstm: 100% scoring test 10\/10, /);
    assert.ok(!pipe.text.includes("\r"), "no carriage returns in a log");
    const off = fakeStream(false);
    const quiet = createProgressBar("x", 10, { stream: off, enabled: false });
    quiet.update(5);
    assert.equal(off.text, "", "progress: false stays silent");
  } finally {
    if (previous === undefined) delete process.env.RNN_WORKBOOK_PROGRESS_SECONDS;
    else process.env.RNN_WORKBOOK_PROGRESS_SECONDS = previous;
  }
});

test("a pseudo-terminal reporting 0 columns (script, some CI runners) gets a 100-column line, not a crash", async () => {
  const stream = fakeStream(true);
  (stream as { columns: number }).columns = 0;
  const bar = createProgressBar("x", 10, { stream, delaySeconds: 0 });
  await new Promise((resolve) => setTimeout(resolve, 5));
  bar.update(5, "epoch 1/2");
  bar.finish();
  assert.match(stream.text, /^\rx \[#{12}\.{12}\]  50% /);
  assert.ok(stream.text.endsWith(`\r${" ".repeat(99)}\r`));
});
