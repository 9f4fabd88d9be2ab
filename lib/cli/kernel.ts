/**
 * `rnn-workbook kernel install [--prefix DIR | --user | --jupyter-path DIR] [--name NAME]`: a Jupyter kernelspec that
 * runs the tslab of the user's own project, so `jupyter notebook` / JupyterLab list a TypeScript kernel in which
 * `import * as rw from "rnn-workbook"` resolves to the project's copy.
 *
 * Where the kernelspec goes (Jupyter looks for `<data dir>/kernels/<name>/kernel.json`):
 *   --prefix DIR        DIR/share/jupyter/kernels/NAME (as `jupyter kernelspec install --prefix`; found when DIR is
 *                       the prefix of the Python environment that runs Jupyter, or DIR/share/jupyter is in JUPYTER_PATH)
 *   --user (default)    the user's Jupyter data dir ($JUPYTER_DATA_DIR, else ~/.local/share/jupyter on Linux,
 *                       ~/Library/Jupyter on macOS, %APPDATA%\jupyter on Windows)
 *   --jupyter-path DIR  DIR/kernels/NAME (a folder listed in JUPYTER_PATH, e.g. a project's root)
 *
 * tslab is resolved from --project (default: the current folder), as `require` from that project would; it is an
 * optional peer of rnn-workbook, so a project without it gets one line saying what to install. The kernel's argv holds
 * absolute paths (the Node that ran this command, the project's tslab), except with --relative: then `node` from PATH and
 * tslab as `{resource_dir}/<path from the kernelspec folder>`, for a kernelspec kept inside the project and moved with
 * it (the repository's own kernels/tslab/kernel.json is written that way by scripts/build.js).
 * The file is written atomically; bad input writes nothing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatHelp, parseFlags, UsageError } from "./common";
import { writeJsonAtomic } from "../io";
import { missingOptionalMessage, packageVersion } from "../package";

export interface KernelSpecOptions {
  /** Folder of the project whose tslab the kernel runs. */
  project: string;
  /** The kernelspec folder (holds kernel.json); its last component is the kernel name. */
  specDir: string;
  displayName: string;
  /** tslab as `{resource_dir}/...` and `node` from PATH, instead of absolute paths. */
  relative?: boolean;
}

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: "typescript";
  metadata: Record<string, unknown>;
}

/** The tslab bin (`.../tslab/bin/tslab`) and version that `project` resolves, or the missing-package error. */
export function resolveTslab(project: string): { bin: string; version: string } {
  let manifest: string;
  try {
    manifest = require.resolve("tslab/package.json", { paths: [path.resolve(project)] });
  } catch {
    throw new Error(`${missingOptionalMessage("tslab", `a notebook kernel for ${path.resolve(project)}`)} (in that folder)`);
  }
  const version = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
  return { bin: path.join(path.dirname(manifest), "bin", "tslab"), version };
}

/** The kernelspec for `options` (nothing written). */
export function kernelSpec(options: KernelSpecOptions): KernelSpec {
  const tslab = resolveTslab(options.project);
  const fromSpec = path.relative(path.resolve(options.specDir), tslab.bin).split(path.sep).join("/");
  const argv = options.relative
    ? ["node", `{resource_dir}/${fromSpec}`, "kernel", "--config-path", "{connection_file}"]
    : [process.execPath, tslab.bin, "kernel", "--config-path", "{connection_file}"];
  return {
    argv,
    display_name: options.displayName,
    language: "typescript",
    metadata: {
      "rnn-workbook": options.relative
        ? `Written by \`rnn-workbook kernel install --relative\`: runs the tslab of the project around this folder (${fromSpec}), never a global one.`
        : `Written by \`rnn-workbook kernel install\` (rnn-workbook ${packageVersion()}): runs tslab ${tslab.version} of ${path.resolve(options.project)}.`,
    },
  };
}

/** Write `kernel.json` into `options.specDir` atomically and return the spec written. */
export function writeKernelSpec(options: KernelSpecOptions): KernelSpec {
  const spec = kernelSpec(options);
  fs.mkdirSync(options.specDir, { recursive: true });
  writeJsonAtomic(path.join(options.specDir, "kernel.json"), spec);
  return spec;
}

/** The user's Jupyter data dir, as jupyter_core computes it. */
export function userJupyterDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JUPYTER_DATA_DIR) return path.resolve(env.JUPYTER_DATA_DIR);
  if (process.platform === "win32") return path.join(env.APPDATA ?? path.join(os.homedir(), "AppData", "Roaming"), "jupyter");
  if (process.platform === "darwin") return path.join(os.homedir(), "Library", "Jupyter");
  return path.join(env.XDG_DATA_HOME ? path.resolve(env.XDG_DATA_HOME) : path.join(os.homedir(), ".local", "share"), "jupyter");
}

const FLAGS = {
  prefix: { kind: "string", help: "install into DIR/share/jupyter/kernels/NAME (a Python environment's prefix)" },
  user: { kind: "boolean", help: "install into the user's Jupyter data dir (the default)" },
  "jupyter-path": { kind: "string", help: "install into DIR/kernels/NAME (DIR listed in JUPYTER_PATH)" },
  name: { kind: "string", help: "kernel name (a notebook's kernelspec name)", default: "tslab" },
  "display-name": { kind: "string", help: "name shown in Jupyter's kernel list (default: rnn-workbook (tslab), plus NAME if not tslab)" },
  project: { kind: "string", help: "folder of the project whose tslab the kernel runs", default: "." },
  relative: { kind: "boolean", help: "portable argv: node from PATH, tslab relative to the kernelspec folder" },
} as const;

const SUMMARY =
  "Register a Jupyter kernel that runs this project's tslab (npm install tslab first).\n" +
  "Give at most one of --prefix DIR, --user, --jupyter-path DIR.";

export async function kernelCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags("kernel", argv, FLAGS, { positional: 1 });
  if (!parsed) {
    console.log(formatHelp("kernel install", SUMMARY, FLAGS));
    return 0;
  }
  const { flags, positional } = parsed;
  if (positional[0] !== "install") {
    throw new UsageError(`kernel: ${positional[0] === undefined ? "missing" : `unknown`} subcommand${positional[0] ? ` '${positional[0]}'` : ""}: use \`rnn-workbook kernel install\``);
  }
  const places = (["prefix", "user", "jupyter-path"] as const).filter((f) => flags[f] !== undefined && flags[f] !== false);
  if (places.length > 1) throw new UsageError(`kernel install: --${places.join(" and --")} exclude each other: give one`);
  const name = flags.name as string;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new UsageError(`kernel install: --name '${name}' may only hold letters, digits, '.', '_' and '-'`);
  const dataDir =
    flags.prefix !== undefined
      ? path.join(path.resolve(flags.prefix as string), "share", "jupyter")
      : flags["jupyter-path"] !== undefined
        ? path.resolve(flags["jupyter-path"] as string)
        : userJupyterDataDir();
  const specDir = path.join(dataDir, "kernels", name);
  const displayName = (flags["display-name"] as string | undefined) ?? (name === "tslab" ? "rnn-workbook (tslab)" : `rnn-workbook (tslab, ${name})`);
  const spec = writeKernelSpec({ project: flags.project as string, specDir, displayName, relative: flags.relative === true });
  console.log(`rnn-workbook: kernel '${name}' (${displayName}) written to ${path.join(specDir, "kernel.json")}; it runs ${spec.argv[1]}`);
  if (flags.prefix !== undefined || flags["jupyter-path"] !== undefined) {
    console.log(`Jupyter lists it when ${dataDir} is in JUPYTER_PATH${flags.prefix !== undefined ? " or the prefix is that of the Python environment running Jupyter" : ""}.`);
  }
  return 0;
}
