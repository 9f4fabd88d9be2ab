#!/usr/bin/env node
/**
 * `rnn-workbook <command>`: one entry point, each command implemented beside the code it drives.
 * Errors print one line (`rnn-workbook: <what is wrong>: <the fix>`) and exit non-zero.
 */
import { UsageError, runMain } from "./cli-util";

const COMMANDS: Record<string, { summary: string; load: () => Promise<(argv: string[]) => Promise<number>> }> = {
  demo: {
    summary: "train the three cells for a few steps and print their losses",
    load: async () => (await import("./demo")).demoCommand,
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(18)} ${c.summary}`);
  return `usage: rnn-workbook <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nrnn-workbook <command> --help for a command's options`;
}

runMain(async () => {
  const [command, ...rest] = process.argv.slice(2);
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    console.log(usage());
    return command === undefined ? 2 : 0;
  }
  const entry = COMMANDS[command];
  if (!entry) throw new UsageError(`unknown command '${command}': run \`rnn-workbook --help\` for the list`);
  const run = await entry.load();
  return run(rest);
});
