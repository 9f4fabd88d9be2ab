/**
 * rnn-workbook: the public API, what `import * as rw from "rnn-workbook"` gives a notebook or a user.
 *
 * Top level: the backend (initBackend, currentBackend, tf) and the cells (createCell, recurrentLayer, ...).
 * Namespaces, one per room, in the order data flows:
 *   rw.data         loading, splitting, scaling, windows, tokens, the one-call prepare* pipelines
 *   rw.models       forecaster and classifier builders, the sizing rule, baselines, sampling and decoding text models
 *   rw.train        the training loop and the metrics
 *   rw.experiments  the built-in tasks (forecast, sentiment, language model, seq2seq) and their job runner, the suite,
 *                   the memory sweep, the results on disk, recommendations
 *   rw.analysis     the science: memory tasks, gradient probes, the pitfalls, the interpretable unit
 *   rw.plot         charts, tables and live curves for notebooks and reports
 * About 100 runtime names (test/public-api.test.ts counts them): what the chapters, the README and a user's notebook
 * call. Everything else is internal; reach it, if you must, by its file through the internals' subpath:
 * `rnn-workbook/lib/<room>/<file>` (no stability promise).
 * The layers go one way: backend -> cells -> data, models -> train -> experiments, analysis -> cli (plot beside).
 */
import { packageVersion } from "./package";
export { initBackend, currentBackend, tf, type BackendName } from "./backend";
export * from "./cells";
export * as data from "./data";
export * as models from "./models";
export * as train from "./train";
export * as experiments from "./experiments";
export * as plot from "./plot";
export * as analysis from "./analysis";

/** The installed package's version, read from its package.json. */
export const version: string = packageVersion();
