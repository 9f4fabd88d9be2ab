/**
 * `rnn-workbook sentiment --csv FILE --text COL --label COL [--max-len N] [--vocab N] ...`: RNN, LSTM and GRU against
 * majority-class and bag-of-words baselines on the user's own labelled texts. Every flag is checked and the data
 * loaded before anything is written.
 */
import { userSentimentTask } from "../experiments/specs";
import type { DataSource } from "../experiments/types";
import { formatHelp, parseFlags } from "./common";
import { loadCsv } from "../data/load";
import { COMMON_FLAGS, compareOnUserData, delimiterFlag, requireCsv } from "./user-data";

const FLAGS = {
  csv: { kind: "string", help: "CSV file with a header row (required)" },
  text: { kind: "string", help: "text column (required)" },
  label: { kind: "string", help: "two-class label column (required)" },
  "max-len": { kind: "int", help: "tokens kept per text (the end of longer texts)", default: 100, min: 3 },
  vocab: { kind: "int", help: "most frequent training words kept", default: 10000, min: 3 },
  positive: { kind: "string", help: "the label that is class 1, the one precision, recall and F1 are about (default: the later of the two labels in sorted order)" },
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
  const delimiter = delimiterFlag("sentiment", flags.delimiter);
  if (delimiter !== ",") data.delimiter = delimiter;
  if (flags.positive !== undefined) data.positive = flags.positive;
  // Read once here: a bad file fails before anything is written, and the positive class can be named.
  const texts = loadCsv(csv, { text: String(flags.text), label: flags.label, missing: flags.missing, delimiter, positive: flags.positive, progress: false });
  const [negative, positive] = texts.meta.classNames;
  const why = flags.positive === undefined ? "the later of the two labels in sorted order; --positive LABEL to choose" : "chosen by --positive";
  const positiveLine = `Positive class (1): '${positive}' (${why}), negative (0): '${negative}'; precision, recall and F1 are about '${positive}'.`;
  const shape = { maxLen: flags["max-len"], vocabSize: flags.vocab };
  return compareOnUserData("sentiment", userSentimentTask(data, shape, flags.scale), flags, positiveLine);
}
