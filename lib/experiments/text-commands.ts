/**
 * What `rnn-workbook generate --text FILE` and `rnn-workbook seq2seq --csv FILE --source COL --target COL` run, as
 * functions a command file calls: prepare the user's data, run the baselines and the chosen model, return records
 * (the command prints them and writes them where it writes runs). Bad input throws one clear line (missing file or
 * column, a text too short for one window, an unknown cell) before any training starts.
 */
import { CELL_NAMES, type CellName } from "../cells/types";
import { prepareLanguageModel, runLanguageModelJob, type LanguageModelRecord } from "./language-model-task";
import { parseSeq2SeqModel, prepareSeq2Seq, runSeq2SeqJob, type Seq2SeqRecord } from "./seq2seq-task";
import { userSeq2SeqTask, userTextLanguageModelTask } from "./text-task-specs";

function checkCell(cell: string): CellName {
  if (!(CELL_NAMES as readonly string[]).includes(cell)) throw new Error(`unknown cell '${cell}': use one of ${CELL_NAMES.join(", ")}`);
  return cell as CellName;
}

export interface GenerateOptions {
  cell?: string;
  units?: number;
  epochs?: number;
  window?: number;
  seed?: number;
}

/** Train a character language model on a text file; records of the model and the unigram / bigram baselines. */
export async function languageModelOnTextFile(file: string, options: GenerateOptions = {}): Promise<LanguageModelRecord[]> {
  const cell = checkCell(options.cell ?? "lstm");
  const task = userTextLanguageModelTask(file, options);
  const prepared = prepareLanguageModel(task);
  const seed = options.seed ?? 1;
  const records: LanguageModelRecord[] = [];
  for (const model of ["unigram", "bigram", cell]) records.push((await runLanguageModelJob(prepared, { model, seed })).record);
  return records;
}

export interface Seq2SeqCommandOptions {
  cell?: string;
  /** Also train the model with attention (default true). */
  attention?: boolean;
  units?: number;
  epochs?: number;
  seed?: number;
}

/** Train an encoder-decoder (and its attention variant) on a CSV file's source -> target column pairs. */
export async function seq2seqOnCsvFile(file: string, source: string, target: string, options: Seq2SeqCommandOptions = {}): Promise<Seq2SeqRecord[]> {
  const cell = checkCell(options.cell ?? "gru");
  const models = options.attention === false ? [cell] : [cell, `${cell}+attention`];
  models.forEach(parseSeq2SeqModel);
  const prepared = prepareSeq2Seq(userSeq2SeqTask(file, source, target, options));
  const seed = options.seed ?? 1;
  const records: Seq2SeqRecord[] = [];
  for (const model of models) records.push((await runSeq2SeqJob(prepared, { model, seed })).record);
  return records;
}
