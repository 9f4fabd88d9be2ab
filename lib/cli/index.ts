#!/usr/bin/env node
/**
 * `rnn-workbook <command>`: the dispatcher. Each command is one file of this room (lib/cli/<command>.ts), loaded
 * only when asked for; common.ts holds the typed flags, the one-line errors and the exit codes.
 * Errors print one line (`rnn-workbook: <what is wrong>: <the fix>`) and exit non-zero.
 */
import { UsageError, runMain } from "./common";

const COMMANDS: Record<string, { summary: string; load: () => Promise<(argv: string[]) => Promise<number>> }> = {
  "check-reference": {
    summary: "compare the cells against a PyTorch reference file (forward and gradients)",
    load: async () => (await import("./check-reference")).checkReferenceCommand,
  },
  reproduce: {
    summary: "run every built-in experiment and write summary.md and report.html",
    load: async () => (await import("./reproduce")).reproduceCommand,
  },
  forecast: {
    summary: "compare RNN, LSTM and GRU (and baselines) on your own time-series CSV",
    load: async () => (await import("./forecast")).forecastCommand,
  },
  sentiment: {
    summary: "compare RNN, LSTM and GRU (and baselines) on your own labelled-text CSV",
    load: async () => (await import("./sentiment")).sentimentCommand,
  },
  tune: { summary: "choose each model's practices for a built-in task on validation data only", load: async () => (await import("./tune")).tuneCommand },
  generate: {
    summary: "character language models (RNN, LSTM, GRU vs unigram / bigram) on your own text file, then sampled text",
    load: async () => (await import("./generate")).generateCommand,
  },
  seq2seq: {
    summary: "encoder-decoders with and without attention on your own source -> target CSV columns",
    load: async () => (await import("./seq2seq")).seq2seqCommand,
  },
  memory: {
    summary: "long-range memory sweep (adding / copy tasks) over sequence lengths and cells",
    load: async () => (await import("./memory")).memoryCommand,
  },
  demo: {
    summary: "train the three cells for a few steps and print their losses",
    load: async () => (await import("./demo")).demoCommand,
  },
  kernel: { summary: "kernel install: register a Jupyter kernel running this project's tslab", load: async () => (await import("./kernel")).kernelCommand },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(18)} ${c.summary}`);
  return `usage: rnn-workbook <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nrnn-workbook <command> --help for a command's options\n\nexit codes: 0 done, 1 bad data (a file or folder that cannot be used), 2 usage (bad flags or arguments), 130 interrupted (Ctrl-C; rerun the same command to resume)`;
}

runMain(async () => {
  const [command, ...rest] = process.argv.slice(2);
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    console.log(usage());
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v") return console.log((await import("../package")).packageVersion()), 0;
  const entry = COMMANDS[command];
  if (!entry) throw new UsageError(`unknown command '${command}': run \`rnn-workbook --help\` for the list`);
  const run = await entry.load();
  return run(rest);
});
