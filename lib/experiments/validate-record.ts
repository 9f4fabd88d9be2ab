/**
 * The check a stored run record passes before a merge or a report uses it: the fields a summary reads, with their
 * types, and a schema no newer than this package writes. Hand-written (a dozen fields) rather than a schema library.
 * A record written before provenance existed (no schemaVersion) is accepted; its package version counts as unknown.
 */
import { SCHEMA_VERSION } from "./provenance";
import type { RunRecord } from "./types";

type Check = [field: string, ok: (v: unknown) => boolean, expected: string];

const isString = (v: unknown) => typeof v === "string" && v.length > 0;
const isInt = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v);
const isNumberOrNull = (v: unknown) => v === null || typeof v === "number";
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const CHECKS: Check[] = [
  ["complete", (v) => v === true, "true"],
  ["task", isString, "a task name"],
  ["kind", isString, "a task kind"],
  ["model", isString, "a model name"],
  ["seed", isInt, "an integer seed"],
  ["metrics", (v) => isObject(v) && Object.values(v).every((x) => typeof x === "number" || x === null), "an object of numbers"],
  ["params", isNumberOrNull, "a number or null"],
  ["units", isNumberOrNull, "a number or null"],
  ["trainSeconds", (v) => typeof v === "number", "a number"],
  ["backend", isString, "a backend name"],
  ["finishedAt", isString, "a date"],
  ["schemaVersion", (v) => v === undefined || (isInt(v) && (v as number) >= 1 && (v as number) <= SCHEMA_VERSION), `absent or 1..${SCHEMA_VERSION}`],
  ["provenance", (v) => v === undefined || (isObject(v) && isString(v.packageVersion)), "absent or an object with packageVersion"],
  ["dataFingerprint", (v) => v === undefined || (isObject(v) && isString(v.source) && isString(v.settings)), "absent or a data fingerprint"],
];

/** What is wrong with `value` as a run record (one phrase), or undefined when it is a valid record. */
export function runRecordProblem(value: unknown): string | undefined {
  if (!isObject(value)) return "not a JSON object";
  for (const [field, ok, expected] of CHECKS) {
    if (!ok(value[field])) return `field '${field}' is ${JSON.stringify(value[field]) ?? "missing"}, expected ${expected}`;
  }
  return undefined;
}

/** `value` as a RunRecord, or an Error naming `file` and the problem. */
export function validateRunRecord(value: unknown, file: string): RunRecord {
  const problem = runRecordProblem(value);
  if (problem) throw new Error(`${file} is not a valid run record (${problem}): delete it and run its job again`);
  return value as RunRecord;
}

/** The package versions the records were made with ("unknown" for records without provenance). */
export function packageVersions(records: RunRecord[]): string[] {
  return [...new Set(records.map((r) => r.provenance?.packageVersion ?? "unknown"))].sort();
}
