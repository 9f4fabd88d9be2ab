/**
 * The slots of the shared Int32Array each kernel worker and the calling thread signal through (./parallel.ts,
 * ./worker.ts). A file of its own because parallel.ts must not import ./worker.ts, which starts a worker
 * when loaded inside any worker thread.
 */
/** Set by the worker when its answer is on the port; cleared by the caller when it posts a request. */
export const ANSWER = 0;
/** Set by the caller after it posts a request; cleared by the worker when it takes one. */
export const REQUEST = 1;
export const FLAG_SLOTS = 2;
