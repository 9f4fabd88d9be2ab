/**
 * `rnn-workbook check-reference FILE [--tolerance T]`: compare the cells with a PyTorch reference file (the library
 * half is lib/cells/check-reference.ts). Exit 0: every error within the tolerance; 1: some error above it;
 * 2: the file is missing or malformed.
 */
import { initBackend } from "../backend";
import { ReferenceFormatError, checkReference, formatReferenceLine, parseReference } from "../cells/check-reference";
import { UsageError, formatHelp, parseFlags } from "./common";

const FLAGS = {
  tolerance: { kind: "number", help: "largest absolute error allowed for every value and gradient", default: 1e-4 },
} as const;

/** A malformed file is a usage error (exit 2), like a bad flag. */
function asUsage<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw err instanceof ReferenceFormatError ? new UsageError(err.message) : err;
  }
}

export async function checkReferenceCommand(argv: string[]): Promise<number> {
  const summary =
    "Compare the RNN, LSTM and GRU cells with a PyTorch reference file (format: test/fixtures/README.md in the rnn-workbook repository):\n" +
    "forward values and the gradients of sum(output^2) + sum(h_n) (+ sum(c_n)). Exit 0 when all are within T.";
  const parsed = parseFlags("check-reference", argv, FLAGS, { positional: 1 });
  if (parsed === null) {
    console.log(formatHelp("check-reference FILE", summary, FLAGS));
    return 0;
  }
  const file = parsed.positional[0];
  if (file === undefined) throw new UsageError("check-reference: missing FILE: pass a reference JSON file (see test/fixtures/README.md in the rnn-workbook repository)");
  const tolerance = parsed.flags.tolerance;
  if (!(tolerance > 0)) throw new UsageError(`check-reference: --tolerance must be a positive number, got ${tolerance}`);
  asUsage(() => parseReference(file)); // a malformed file fails here, before the backend is even loaded
  await initBackend();
  const report = await checkReference(file, { tolerance });
  for (const result of report.cases) for (const path of result.paths) console.log(formatReferenceLine(result, path));
  if (!report.paths.includes("fused")) console.log("fused path: not available in this build, checked the step-wise path only");
  const failed = report.cases.filter((r) => !r.pass).length;
  const worst = Math.max(...report.cases.flatMap((r) => r.paths.map((p) => (Number.isNaN(p.maxError) ? Infinity : p.maxError))));
  console.log(
    failed === 0
      ? `${report.cases.length} cases: every error within ${report.tolerance} (largest ${worst.toExponential(1)})`
      : `${failed} of ${report.cases.length} cases exceed the tolerance ${report.tolerance} (largest error ${Number.isFinite(worst) ? worst.toExponential(1) : "NaN"})`,
  );
  return failed === 0 ? 0 : 1;
}
