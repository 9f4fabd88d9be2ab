/**
 * `rnn-workbook sentiment --csv FILE --text COL --label COL [--max-len N] [--vocab N] ...`: RNN, LSTM and GRU against
 * majority-class and bag-of-words baselines on the user's own labelled texts. Every flag is checked and the data
 * loaded before anything is written.
 */
import { userSentimentTask } from "../experiments/specs";
import type { DataSource } from "../experiments/types";
import { formatHelp, parseFlags } from "./common";
import { COMMON_FLAGS, compareOnUserData, requireCsv } from "./user-data";

const FLAGS = {
  csv: { kind: "string", help: "CSV file with a header row (required)" },
  text: { kind: "string", help: "text column (required)" },
  label: { kind: "string", help: "two-class label column (required)" },
  "max-len": { kind: "int", help: "tokens kept per text (the end of longer texts)", default: 100, min: 3 },
  vocab: { kind: "int", help: "most frequent training words kept", default: 10000, min: 3 },
  ...COMMON_FLAGS,
  out: { kind: "string", help: "output folder", default: "results/sentiment" },
} as const;

export async function sentimentCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags("sentiment", argv, FLAGS);
  if (!parsed) {
    console.log(formatHelp("sentiment", "Compare RNN, LSTM and GRU with majority-class and bag-of-words baselines on your own labelled texts.", FLAGS));
    return 0;
  }
  const { flags } = parsed;
  const csv = requireCsv("sentiment", { csv: flags.csv, text: flags.text, label: flags.label });
  const data: DataSource = { csv, text: flags.text, label: flags.label, missing: flags.missing };
  const shape = { maxLen: flags["max-len"], vocabSize: flags.vocab };
  return compareOnUserData("sentiment", userSentimentTask(data, shape, flags.scale), flags);
}
