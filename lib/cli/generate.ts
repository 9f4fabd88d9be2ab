/**
 * `rnn-workbook generate --text FILE [--cells C,...] [--units N] [--epochs N] [--window T] [--temperature X] ...`:
 * character-level language models of the user's text (the last 10% of the characters for test, the 10% before for
 * validation) against unigram and bigram baselines, scored in test bits per character, then text sampled from each
 * trained model at --temperature. The text is read and split before anything is written.
 */
import * as fs from "node:fs";
import type { RunRecord } from "../experiments/types";
import { userTextLanguageModelTask } from "../experiments/text-task-specs";
import { UsageError, formatHelp, parseFlags } from "./common";
import { COMMON_FLAGS, compareOnUserData } from "./user-data";

const { missing: _csvOnly, ...SHARED_FLAGS } = COMMON_FLAGS;

/** Model size and training budget per --scale (--units and --epochs override them). */
const SIZES = { tiny: { units: 8, epochs: 1 }, quick: { units: 64, epochs: 5 }, full: { units: 128, epochs: 10 } } as const;

const FLAGS = {
  text: { kind: "string", help: "plain-text file to model (required)" },
  units: { kind: "int", help: "units of the LSTM; the other cells get matched parameters (default by --scale: 8 / 64 / 128)" },
  epochs: { kind: "int", help: "training epochs (default by --scale: 1 / 5 / 10)" },
  window: { kind: "int", help: "truncated-BPTT window: characters per training sequence", default: 64, min: 2 },
  temperature: { kind: "number", help: "sampling temperature of the generated text (low: safe and repetitive, high: varied)", default: 0.8 },
  ...SHARED_FLAGS,
  seeds: { kind: "list", help: "seeds to run, positive integers", default: ["1"] },
  out: { kind: "string", help: "output folder", default: "results/generate" },
} as const;

export async function generateCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags("generate", argv, FLAGS);
  if (!parsed) {
    console.log(formatHelp("generate", "Train character-level RNN, LSTM and GRU language models on your own text, score them in bits per character against unigram / bigram baselines, and sample text.", FLAGS));
    return 0;
  }
  const { flags } = parsed;
  if (flags.text === undefined) throw new UsageError("generate: --text is required: run `rnn-workbook generate --help`");
  if (!fs.existsSync(flags.text) || !fs.statSync(flags.text).isFile()) {
    // A path that is not a readable file is bad data (exit 1), as for --csv in the other commands.
    throw new Error(`generate: --text ${flags.text} is not a file: give the path of a plain-text file`);
  }
  if (!(flags.temperature > 0)) throw new UsageError(`generate: --temperature must be above 0, got ${flags.temperature}: try 0.5 to 1.2`);
  const size = SIZES[flags.scale];
  const task = userTextLanguageModelTask(flags.text, {
    units: flags.units ?? size.units,
    epochs: flags.epochs ?? size.epochs,
    window: flags.window,
    temperature: flags.temperature,
  });
  const samples: { model: string; seed: number; text: string }[] = [];
  const status = await compareOnUserData("generate", task, flags, undefined, (records: RunRecord[]) => {
    for (const r of records) for (const text of r.samples ?? []) samples.push({ model: r.model, seed: r.seed, text });
  });
  for (const s of samples) process.stdout.write(`\n--- ${s.model}, seed ${s.seed}, temperature ${flags.temperature} ---\n${s.text}\n`);
  return status;
}
