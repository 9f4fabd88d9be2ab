/**
 * Backend choice: tfjs-node (native TensorFlow) > wasm (SIMD WebAssembly) > cpu (plain JavaScript).
 *
 * `RNN_WORKBOOK_BACKEND=tensorflow|wasm|cpu` forces one; a forced backend that cannot load is an error.
 * The native backend is detected by the backend that *registers*, not by `require` succeeding:
 * danfojs-node's dependency on tfjs-node is aliased to plain `@tensorflow/tfjs` in package.json
 * overrides, so `node_modules/@tensorflow/tfjs-node` may exist without any native binding.
 *
 * The choice is reported once (one line on stderr), and TF.js's "install tfjs-node" banner is
 * silenced: the library already says which backend runs.
 */
import * as tf from "@tensorflow/tfjs";
import { ensureSegmentSumKernel } from "./segment-sum-kernel";
import { installCommand } from "../package";

/** The TF.js backends the workbook can run on, fastest first. */
export type BackendName = "tensorflow" | "wasm" | "cpu";
const ORDER: readonly BackendName[] = ["tensorflow", "wasm", "cpu"];

let chosen: Promise<BackendName> | undefined;
let reported = false;

function tryRegisterNative(): boolean {
  if (tf.findBackendFactory("tensorflow")) return true;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    require("@tensorflow/tfjs-node");
  } catch {
    return false;
  }
  return tf.findBackendFactory("tensorflow") != null;
}

function tryRegisterWasm(): boolean {
  if (tf.findBackendFactory("wasm")) return true;
  try {
    require("@tensorflow/tfjs-backend-wasm");
  } catch {
    return false;
  }
  return tf.findBackendFactory("wasm") != null;
}

async function activate(name: BackendName): Promise<boolean> {
  const registered = name === "tensorflow" ? tryRegisterNative() : name === "wasm" ? tryRegisterWasm() : true;
  if (!registered) return false;
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch {
    ok = false;
  }
  if (!ok) return false;
  await tf.ready();
  // TF.js 4.22's wasm backend lacks UnsortedSegmentSum, which an embedding's gradient needs.
  if (name === "wasm") ensureSegmentSumKernel();
  if (name === "cpu") {
    // The cpu backend prints a multi-line "install tfjs-node" banner on first use in Node.
    (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  }
  return true;
}

function parseForced(value: string | undefined): BackendName | undefined {
  if (value === undefined || value === "" || value === "auto") return undefined;
  const v = value === "node" || value === "tfjs-node" ? "tensorflow" : value;
  if ((ORDER as readonly string[]).includes(v)) return v as BackendName;
  throw new Error(
    `RNN_WORKBOOK_BACKEND=${value} is not a backend: use one of tensorflow, wasm, cpu (or unset it to choose automatically)`,
  );
}

async function choose(): Promise<BackendName> {
  const forced = parseForced(process.env.RNN_WORKBOOK_BACKEND);
  if (forced) {
    if (!(await activate(forced))) {
      const hint =
        forced === "tensorflow"
          ? `${installCommand("@tensorflow/tfjs-node")} (it needs its native binding), or unset RNN_WORKBOOK_BACKEND`
          : "reinstall with `npm ci`, or unset RNN_WORKBOOK_BACKEND";
      throw new Error(`backend '${forced}' (forced by RNN_WORKBOOK_BACKEND) could not be loaded: ${hint}`);
    }
    return forced;
  }
  for (const name of ORDER) {
    if (await activate(name)) return name;
  }
  throw new Error("no TensorFlow.js backend could be loaded: reinstall with `npm ci`");
}

/**
 * Select and initialise the backend (once per process) and return its name.
 * Every entry point of the library awaits this before creating tensors.
 */
export function initBackend(options: { quiet?: boolean } = {}): Promise<BackendName> {
  if (!chosen) chosen = choose();
  return chosen.then((name) => {
    if (!reported && !options.quiet && process.env.RNN_WORKBOOK_QUIET !== "1") {
      reported = true;
      const line = `rnn-workbook: TensorFlow.js ${tf.version.tfjs} on the '${name}' backend\n`;
      // On the command line the report goes to stderr (stdout carries results); in a tslab notebook stderr
      // renders as an error, so there it is an ordinary output line.
      (insideTslabKernel() ? process.stdout : process.stderr).write(line);
    }
    return name;
  });
}

/** True when this process is a tslab (Jupyter) kernel: `node .../tslab/bin/tslab kernel ...`. */
function insideTslabKernel(): boolean {
  return /tslab[\\/]bin[\\/]tslab$/.test(process.argv[1] ?? "") && process.argv[2] === "kernel";
}

/** The backend in use, or undefined before `initBackend()` has finished. */
export function currentBackend(): BackendName | undefined {
  const name = tf.getBackend();
  return (ORDER as readonly string[]).includes(name) ? (name as BackendName) : undefined;
}

export { tf };
