/**
 * `rnn-workbook forecast --csv FILE --target COL [--time COL] [--features A,B] [--lookback N] [--horizon N] ...`:
 * RNN, LSTM and GRU against naive, seasonal-naive and linear-AR baselines on the user's own series. Every flag is
 * checked and the data loaded before anything is written.
 */
import { userForecastTask } from "../experiments/specs";
import type { DataSource } from "../experiments/types";
import { UsageError, formatHelp, parseFlags } from "./common";
import { COMMON_FLAGS, compareOnUserData, delimiterFlag, requireCsv } from "./user-data";

const FLAGS = {
  csv: { kind: "string", help: "CSV file with a header row (required)" },
  target: { kind: "string", help: "numeric column to forecast (required)" },
  time: { kind: "string", help: "time column (default: a column named date, time, timestamp, datetime or ds)" },
  features: { kind: "list", help: "other numeric columns used as inputs" },
  lookback: { kind: "int", help: "input window in steps", default: 24 },
  horizon: { kind: "int", help: "steps forecast at once", default: 1 },
  season: { kind: "int", help: "seasonal period in steps (seasonal-naive baseline, MASE scale); 1 = none", default: 1 },
  difference: { kind: "boolean", help: "model changes instead of levels (for trending series such as prices)" },
  ...COMMON_FLAGS,
  out: { kind: "string", help: "output folder", default: "results/forecast" },
} as const;

export async function forecastCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags("forecast", argv, FLAGS);
  if (!parsed) {
    console.log(formatHelp("forecast", "Compare RNN, LSTM and GRU with naive, seasonal-naive and linear-AR baselines on your own series.", FLAGS));
    return 0;
  }
  const { flags } = parsed;
  const csv = requireCsv("forecast", { csv: flags.csv, target: flags.target });
  const data: DataSource = { csv, target: flags.target, time: flags.time, features: flags.features, missing: flags.missing };
  const delimiter = delimiterFlag("forecast", flags.delimiter);
  if (delimiter !== ",") data.delimiter = delimiter;
  const shape = {
    lookback: flags.lookback,
    horizon: flags.horizon,
    season: flags.season,
    differencing: flags.difference === true ? true : undefined,
  };
  if (shape.lookback < shape.season) {
    throw new UsageError(`forecast: --lookback ${shape.lookback} is shorter than --season ${shape.season}: the seasonal-naive baseline needs lookback >= season`);
  }
  return compareOnUserData("forecast", userForecastTask(data, shape, flags.scale), flags);
}
