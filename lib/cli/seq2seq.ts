/**
 * `rnn-workbook seq2seq --csv FILE --source COL --target COL [--cells C,...] [--units N] [--epochs N] ...`: an
 * encoder-decoder per cell, without and with dot-product attention, on the user's (source, target) pairs, scored by
 * greedy decoding on a held-out 10%: symbol error rate (per) and whole-sequence error rate (wer). A column whose
 * values contain spaces is split into words, otherwise into characters. The CSV is read before anything is written.
 */
import { userSeq2SeqTask } from "../experiments/text-task-specs";
import { formatHelp, parseFlags } from "./common";
import { COMMON_FLAGS, compareOnUserData, requireCsv } from "./user-data";

const { missing: _notUsed, ...SHARED_FLAGS } = COMMON_FLAGS;

/** Model size and training budget per --scale (--units and --epochs override them). */
const SIZES = { tiny: { units: 8, epochs: 1 }, quick: { units: 64, epochs: 10 }, full: { units: 128, epochs: 20 } } as const;

const FLAGS = {
  csv: { kind: "string", help: "CSV file with a header row (required)" },
  source: { kind: "string", help: "input sequence column (required)" },
  target: { kind: "string", help: "output sequence column (required)" },
  units: { kind: "int", help: "units of the LSTM; the other cells get matched parameters (default by --scale: 8 / 64 / 128)" },
  epochs: { kind: "int", help: "training epochs (default by --scale: 1 / 10 / 20)" },
  ...SHARED_FLAGS,
  seeds: { kind: "list", help: "seeds to run, positive integers", default: ["1"] },
  out: { kind: "string", help: "output folder", default: "results/seq2seq" },
} as const;

export async function seq2seqCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags("seq2seq", argv, FLAGS);
  if (!parsed) {
    console.log(formatHelp("seq2seq", "Compare RNN, LSTM and GRU encoder-decoders, without and with attention, on your own source -> target pairs.", FLAGS));
    return 0;
  }
  const { flags } = parsed;
  const csv = requireCsv("seq2seq", { csv: flags.csv, source: flags.source, target: flags.target });
  const size = SIZES[flags.scale];
  const task = userSeq2SeqTask(csv, flags.source!, flags.target!, { units: flags.units ?? size.units, epochs: flags.epochs ?? size.epochs });
  return compareOnUserData("seq2seq", task, flags);
}
