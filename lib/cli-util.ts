/**
 * The small kit every CLI command uses: a strict flag parser and one-line errors.
 * A command is `(argv) => Promise<exitCode>`; bad input throws `UsageError` (exit 2) or any
 * Error (exit 1), and `runMain` prints `rnn-workbook: <message>` on one line.
 */

/** Bad flags or arguments: exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export type FlagKind = "string" | "int" | "number" | "boolean" | "list";

export interface FlagSpec {
  kind: FlagKind;
  help: string;
  default?: string | number | boolean | string[];
  /** Accepted values for "string" / each item of "list". */
  choices?: readonly string[];
  /** For "int": the smallest accepted value (default 1: a positive integer). */
  min?: number;
}

export type FlagValues = Record<string, string | number | boolean | string[] | undefined>;

export function formatHelp(command: string, summary: string, specs: Record<string, FlagSpec>): string {
  const rows = Object.entries(specs).map(([name, s]) => {
    const dflt = s.default === undefined ? "" : ` (default ${Array.isArray(s.default) ? s.default.join(",") : s.default})`;
    const choices = s.choices ? ` [${s.choices.join("|")}]` : "";
    return `  --${name.padEnd(16)} ${s.help}${choices}${dflt}`;
  });
  return `usage: rnn-workbook ${command} [options]\n${summary}\n\noptions:\n${rows.join("\n")}`;
}

/**
 * Parse `--name value` / `--name=value` / `--flag` against `specs`. Unknown flags, missing values,
 * non-numeric numbers, values outside `choices` and stray positional arguments are UsageErrors.
 * Returns `null` when `--help` was asked (the caller prints help and exits 0).
 */
export function parseFlags(
  command: string,
  argv: string[],
  specs: Record<string, FlagSpec>,
  options: { positional?: number } = {},
): { flags: FlagValues; positional: string[] } | null {
  const flags: FlagValues = {};
  const positional: string[] = [];
  for (const [name, spec] of Object.entries(specs)) if (spec.default !== undefined) flags[name] = spec.default;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return null;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = specs[name];
    if (!spec) {
      throw new UsageError(`${command}: unknown flag --${name}: run \`rnn-workbook ${command} --help\` for the flags`);
    }
    if (spec.kind === "boolean") {
      flags[name] = eq >= 0 ? parseBoolean(command, name, arg.slice(eq + 1)) : true;
      continue;
    }
    let raw: string | undefined;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else {
      raw = argv[i + 1];
      if (raw === undefined || raw.startsWith("--")) {
        throw new UsageError(`${command}: --${name} needs a value: ${spec.help}`);
      }
      i++;
    }
    flags[name] = parseValue(command, name, spec, raw);
  }
  const allowed = options.positional ?? 0;
  if (positional.length > allowed) {
    throw new UsageError(
      `${command}: unexpected argument '${positional[allowed]}': run \`rnn-workbook ${command} --help\` for the usage`,
    );
  }
  return { flags, positional };
}

function parseBoolean(command: string, name: string, raw: string): boolean {
  if (raw === "true" || raw === "1" || raw === "yes") return true;
  if (raw === "false" || raw === "0" || raw === "no") return false;
  throw new UsageError(`${command}: --${name}=${raw} is not true or false`);
}

function parseValue(command: string, name: string, spec: FlagSpec, raw: string): string | number | string[] {
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
      if (raw.trim() === "" || !Number.isFinite(value)) {
        throw new UsageError(`${command}: --${name} must be a finite number, got '${raw}'`);
      }
      return value;
    }
    case "list": {
      const items = raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
      if (items.length === 0) throw new UsageError(`${command}: --${name} needs at least one value: ${spec.help}`);
      if (spec.choices) {
        for (const item of items) {
          if (!spec.choices.includes(item)) {
            throw new UsageError(`${command}: --${name} has unknown value '${item}': use ${spec.choices.join(", ")}`);
          }
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
    default:
      throw new Error(`flag kind ${(spec as FlagSpec).kind} not handled`);
  }
}

/** Parse a comma-separated list of positive integers (e.g. `--lengths 10,20,50`). */
export function intList(command: string, name: string, items: string[]): number[] {
  return items.map((item) => {
    const value = Number(item);
    if (!/^\d+$/.test(item) || value < 1) {
      throw new UsageError(`${command}: --${name} must be positive integers separated by commas, got '${item}'`);
    }
    return value;
  });
}

/** Run a command's main: print one-line errors, set the exit code. */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`rnn-workbook: ${message.split("\n")[0]}\n`);
      if (process.env.RNN_WORKBOOK_DEBUG === "1" && err instanceof Error) process.stderr.write(`${err.stack}\n`);
      process.exitCode = err instanceof UsageError ? 2 : 1;
    },
  );
}
