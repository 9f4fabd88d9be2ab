/**
 * `rnn-workbook forecast --csv FILE --target COL [--time COL] [--features A,B] [--lookback N] [--horizon N] ...`:
 * RNN, LSTM and GRU against naive, seasonal-naive, linear-AR and MLP baselines on the user's own series. Every flag is
 * checked and the data loaded before anything is written. The season comes from the time column's step (inferSeason:
 * 30 min -> 48, hourly -> 24, daily -> 7, monthly -> 12) unless --season says otherwise, so a dated series always gets
 * its seasonal-naive baseline. --reference and --linear-skip anchor every network (the cells and the MLP) to its
 * window, as the tuned built-in tasks are (docs/tuning-log.md).
 */
import { loadCsv } from "../data/load";
import { inferSeason } from "../data/time";
import { userForecastTask } from "../experiments/specs";
import type { DataSource, ForecastModelOptions } from "../experiments/types";
import { UsageError, formatHelp, parseFlags } from "./common";
import { COMMON_FLAGS, checkOutPath, compareOnUserData, delimiterFlag, requireCsv, seedList } from "./user-data";

const FLAGS = {
  csv: { kind: "string", help: "CSV file with a header row (required)" },
  target: { kind: "string", help: "numeric column to forecast (required)" },
  time: { kind: "string", help: "time column (default: a column named date, time, timestamp, datetime or ds)" },
  features: { kind: "list", help: "other numeric columns used as inputs" },
  lookback: { kind: "int", help: "input window in steps (default: 24, or the season when longer)" },
  horizon: { kind: "int", help: "steps forecast at once", default: 1 },
  season: { kind: "int", help: "seasonal period in steps (seasonal-naive baseline, MASE scale; default: from the time column's step); 1 = none" },
  reference: {
    kind: "string",
    help: "anchor each window: subtract its last value / mean (revin: and divide by its std), add it back to the forecast",
    choices: ["none", "last", "mean", "revin"],
    default: "none",
  },
  "linear-skip": {
    kind: "int",
    help: "add a linear AR over this many lags, started from least squares and kept fixed (the network learns the correction); 0 = off",
    default: 0,
    min: 0,
  },
  difference: { kind: "boolean", help: "model changes instead of levels (for trending series such as prices)" },
  ...COMMON_FLAGS,
  out: { kind: "string", help: "output folder", default: "results/forecast" },
} as const;

/**
 * The season from the CSV's time column (or `given`). The file is loaded here (and again by the job) only for its
 * time column, in a function of its own so that this copy is garbage once the season is known (a large file).
 */
function seasonOf(csv: string, options: Parameters<typeof loadCsv>[1], given: number | undefined): ReturnType<typeof inferSeason> {
  const series = loadCsv(csv, options);
  try {
    return inferSeason(series.time, given);
  } catch (error) {
    throw new UsageError(`forecast: ${(error as Error).message}`);
  }
}

export async function forecastCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags("forecast", argv, FLAGS);
  if (!parsed) {
    console.log(formatHelp("forecast", "Compare RNN, LSTM and GRU with naive, seasonal-naive, linear-AR and MLP baselines on your own series.", FLAGS));
    return 0;
  }
  const { flags } = parsed;
  const csv = requireCsv("forecast", { csv: flags.csv, target: flags.target });
  const data: DataSource = { csv, target: flags.target, time: flags.time, features: flags.features, missing: flags.missing };
  const delimiter = delimiterFlag("forecast", flags.delimiter);
  if (delimiter !== ",") data.delimiter = delimiter;
  if (flags.lookback !== undefined && flags.season !== undefined && flags.lookback < flags.season) {
    throw new UsageError(`forecast: --lookback ${flags.lookback} is shorter than --season ${flags.season}: the seasonal-naive baseline needs lookback >= season`);
  }
  seedList("forecast", flags.seeds, () => {}); // every flag is checked before the file is read (repeats are noted later)
  checkOutPath("forecast", flags.out);
  const inferred = seasonOf(csv, { target: flags.target, time: flags.time, features: flags.features, missing: flags.missing, delimiter }, flags.season);
  const season = inferred.season;
  const lookback = flags.lookback ?? Math.max(24, season);
  const shape = { lookback, horizon: flags.horizon, season, differencing: flags.difference === true ? true : undefined };
  if (shape.lookback < season) {
    const why = flags.season === undefined ? `the season ${season} inferred from the time column (${inferred.reason})` : `--season ${season}`;
    throw new UsageError(`forecast: --lookback ${shape.lookback} is shorter than ${why}: the seasonal-naive baseline needs lookback >= season: raise --lookback or give --season`);
  }
  if (flags["linear-skip"] > shape.lookback) {
    throw new UsageError(`forecast: --linear-skip ${flags["linear-skip"]} is longer than --lookback ${shape.lookback}: give at most the lookback`);
  }
  const anchor: ForecastModelOptions = {
    reference: flags.reference,
    linearSkip: flags["linear-skip"],
    ...(flags["linear-skip"] > 0 ? { skipInit: "least-squares" as const, skipTrainable: false } : {}),
  };
  process.stderr.write(`forecast: season ${season} (${inferred.reason})\n`);
  return compareOnUserData("forecast", userForecastTask(data, shape, flags.scale, anchor), flags);
}
