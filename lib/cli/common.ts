/**
 * What every `rnn-workbook` command shares: typed flags, one-line errors and the exit codes.
 *
 * A command is `(argv) => Promise<exitCode>`. Its flags are declared once as a spec object (`as const`), parsed by
 * Node's `util.parseArgs` (strict: unknown flags and missing values are errors), then checked and converted here,
 * so the command reads `flags.lookback` as a `number` and `flags.cells` as `CellName[]` with no casts.
 *
 * Exit codes: 0 done; 1 bad data (a file that cannot be used: unknown column, not numeric, too short ...);
 * 2 usage (bad flags or arguments). Bad input throws `UsageError` (2) or any Error (1), and `runMain` prints
 * `rnn-workbook: <what is wrong>: <the fix>` on one line, no stack trace (RNN_WORKBOOK_DEBUG=1 adds it).
 */
import { parseArgs } from "node:util";
import { progressLinesWhenPiped } from "../train/progress";

export const EXIT_OK = 0;
/** The data given cannot be used. */
export const EXIT_BAD_DATA = 1;
/** The flags or arguments are wrong. */
export const EXIT_USAGE = 2;

/** Bad flags or arguments: exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

interface FlagBase {
  help: string;
}
export interface StringFlag extends FlagBase {
  kind: "string";
  /** Accepted values. */
  choices?: readonly string[];
  default?: string;
}
export interface IntFlag extends FlagBase {
  kind: "int";
  default?: number;
  /** The smallest accepted value (default 1: a positive integer). */
  min?: number;
}
export interface NumberFlag extends FlagBase {
  kind: "number";
  default?: number;
}
export interface BooleanFlag extends FlagBase {
  kind: "boolean";
  default?: boolean;
}
export interface ListFlag extends FlagBase {
  kind: "list";
  /** Accepted values of each item. */
  choices?: readonly string[];
  default?: readonly string[];
}
export type FlagSpec = StringFlag | IntFlag | NumberFlag | BooleanFlag | ListFlag;
export type FlagKind = FlagSpec["kind"];

type Choice<S> = S extends { choices: readonly (infer C)[] } ? C : string;
/** The parsed value of one flag spec. */
export type FlagValue<S> = S extends { kind: "int" | "number" }
  ? number
  : S extends { kind: "boolean" }
    ? boolean
    : S extends { kind: "list" }
      ? Choice<S>[]
      : Choice<S>;
/** The parsed flags of a spec object: flags with a default are always present. */
export type FlagValues<Specs> = {
  [K in keyof Specs]: Specs[K] extends { default: unknown } ? FlagValue<Specs[K]> : FlagValue<Specs[K]> | undefined;
};

export function formatHelp(command: string, summary: string, specs: Record<string, FlagSpec>): string {
  const rows = Object.entries(specs).map(([name, s]) => {
    const dflt = s.default === undefined ? "" : ` (default ${Array.isArray(s.default) ? s.default.join(",") : s.default})`;
    const choices = "choices" in s && s.choices ? ` [${s.choices.join("|")}]` : "";
    return `  --${name.padEnd(16)} ${s.help}${choices}${dflt}`;
  });
  return `usage: rnn-workbook ${command} [options]\n${summary}\n\noptions:\n${rows.join("\n")}`;
}

function parseBoolean(command: string, name: string, raw: string): boolean {
  if (raw === "true" || raw === "1" || raw === "yes") return true;
  if (raw === "false" || raw === "0" || raw === "no") return false;
  throw new UsageError(`${command}: --${name}=${raw} is not true or false`);
}

function convert(command: string, name: string, spec: FlagSpec, raw: string): string | number | string[] {
  switch (spec.kind) {
    case "int": {
      const min = spec.min ?? 1;
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min) {
        throw new UsageError(`${command}: --${name} must be an integer >= ${min}, got '${raw}'`);
      }
      return value;
    }
    case "number": {
      const value = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(value)) throw new UsageError(`${command}: --${name} must be a finite number, got '${raw}'`);
      return value;
    }
    case "list": {
      const items = raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
      if (items.length === 0) throw new UsageError(`${command}: --${name} needs at least one value: ${spec.help}`);
      for (const item of items) {
        if (spec.choices && !spec.choices.includes(item)) {
          throw new UsageError(`${command}: --${name} has unknown value '${item}': use ${spec.choices.join(", ")}`);
        }
      }
      return items;
    }
    case "string": {
      if (raw === "") throw new UsageError(`${command}: --${name} needs a non-empty value: ${spec.help}`);
      if (spec.choices && !spec.choices.includes(raw)) {
        throw new UsageError(`${command}: --${name} must be one of ${spec.choices.join(", ")}, got '${raw}'`);
      }
      return raw;
    }
    case "boolean":
      return parseBoolean(command, name, raw) ? "true" : "false";
  }
}

/** parseArgs' own errors, as one line naming the flag and the fix. */
function usageErrorFrom(command: string, err: unknown, specs: Record<string, FlagSpec>): Error {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const flag = /'(-{1,2}[^' <]+)/.exec(message)?.[1] ?? "?";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    return new UsageError(`${command}: unknown flag ${flag}: run \`rnn-workbook ${command} --help\` for the flags`);
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const name = flag.replace(/^-+/, "");
    const dash = /ambiguous/.test(message) ? ` (write --${name}=VALUE for a value that starts with a dash)` : "";
    return new UsageError(`${command}: --${name} needs a value: ${specs[name]?.help ?? "see --help"}${dash}`);
  }
  return err instanceof Error ? err : new Error(message);
}

/**
 * Parse `--name value` / `--name=value` / `--flag` (and `--flag=false`) against `specs`. Unknown flags, missing
 * values, non-numeric numbers, values outside `choices` and stray positional arguments are UsageErrors.
 * Returns `null` when `--help` was asked (the caller prints help and exits 0).
 */
export function parseFlags<const S extends Record<string, FlagSpec>>(
  command: string,
  argv: string[],
  specs: S,
  options: { positional?: number } = {},
): { flags: FlagValues<S>; positional: string[] } | null {
  if (argv.some((arg) => arg === "--help" || arg === "-h")) return null;
  // parseArgs (Node 20) takes no value for a boolean: read `--flag=value` here.
  const explicit: Record<string, boolean> = {};
  const args = argv.filter((arg) => {
    const match = /^--([^=]+)=(.*)$/s.exec(arg);
    if (!match || specs[match[1]]?.kind !== "boolean") return true;
    explicit[match[1]] = parseBoolean(command, match[1], match[2]);
    return false;
  });
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, { type: s.kind === "boolean" ? "boolean" : "string" }] as const)),
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw usageErrorFrom(command, err, specs);
  }
  const flags: Record<string, string | number | boolean | string[] | undefined> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const raw = parsed.values[name];
    if (spec.kind === "boolean") flags[name] = explicit[name] ?? (raw === true ? true : spec.default);
    else if (typeof raw === "string") flags[name] = convert(command, name, spec, raw);
    else if (spec.kind === "list") flags[name] = spec.default === undefined ? undefined : [...spec.default];
    else flags[name] = spec.default;
  }
  const allowed = options.positional ?? 0;
  if (parsed.positionals.length > allowed) {
    throw new UsageError(`${command}: unexpected argument '${parsed.positionals[allowed]}': run \`rnn-workbook ${command} --help\` for the usage`);
  }
  // The loop above filled every name of S with a value of its spec's kind.
  return { flags: flags as FlagValues<S>, positional: parsed.positionals };
}

/** Parse a comma-separated list of positive integers (e.g. `--lengths 10,20,50`). */
export function intList(command: string, name: string, items: readonly string[]): number[] {
  return items.map((item) => {
    const value = Number(item);
    if (!/^\d+$/.test(item) || value < 1) {
      throw new UsageError(`${command}: --${name} must be positive integers separated by commas, got '${item}'`);
    }
    return value;
  });
}

/**
 * A library message in the flags a CLI user types: the data room speaks to both, naming loadCsv options such as
 * `missing: 'drop'` or `time: '<column>'`; on the command line these are `--missing drop` and `--time <column>`.
 */
export function inFlagTerms(message: string): string {
  return message
    .replace(/ \([^()]* in loadCsv\)/g, "")
    .replace(/\b(missing|time|positive|delimiter|target|features): '([^']*)'( \| '([^']*)')*/g, (match: string, flag: string) => {
      const values = [...match.matchAll(/'([^']*)'/g)].map((m) => m[1]);
      return `--${flag} ${values.join(" | ")}`;
    })
    .replace(/--(\w+) --\1 /g, "--$1 ")
    .replace(/use --missing (\S+) or '(\w+)'/g, "use --missing $1 or --missing $2");
}

/**
 * Run a command's main: print one-line errors, set the exit code (2 usage, 1 bad data). Progress shows the whole
 * time: in place on a terminal, and as a plain line every 10 s on stderr when it is piped (a CI log, `| tee`).
 */
export function runMain(main: () => Promise<number>): void {
  progressLinesWhenPiped(10);
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const message = inFlagTerms(err instanceof Error ? err.message : String(err));
      process.stderr.write(`rnn-workbook: ${message.split("\n")[0]}\n`);
      if (process.env.RNN_WORKBOOK_DEBUG === "1" && err instanceof Error) process.stderr.write(`${err.stack}\n`);
      process.exitCode = err instanceof UsageError ? EXIT_USAGE : EXIT_BAD_DATA;
    },
  );
}
