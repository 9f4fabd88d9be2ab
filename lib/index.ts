/**
 * rnn-workbook: the public API, what `import * as rw from "rnn-workbook"` gives a notebook.
 * Data flows one way: data -> models -> train -> experiments -> plot; analysis sits beside.
 */
import { packageVersion } from "./package";
export * from "./backend";
export * from "./cells";
export * as data from "./data";
export * as models from "./models";
export * as train from "./train";
export * as experiments from "./experiments";
export * as plot from "./plot";
export * as analysis from "./analysis";
/** The installed package's version, read from its package.json. */
export const version: string = packageVersion();
