export * from "./types";
export { recurrentLayer } from "./layer";
