/**
 * A tuning record as a markdown table: every trial (setting, seed, validation and test scores, cost), the
 * baselines on the same windows or texts, and the choices made by validation. What a lab log or a README section
 * shows, written from the record so no number is copied by hand.
 */
import type { TuningRecord } from "./tune";

const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "-" : v.toFixed(4));

/** The settings' keys whose values differ between trials (the only ones worth a column). */
function varyingKeys(settings: object[]): string[] {
  const keys = [...new Set(["model", ...settings.flatMap((s) => Object.keys(s))])];
  return keys.filter((k) => new Set(settings.map((s) => JSON.stringify((s as Record<string, unknown>)[k]))).size > 1 || k === "model");
}

function cell(value: unknown): string {
  if (value === undefined) return "-";
  if (Array.isArray(value)) return value.length ? value.join("+") : "-";
  return String(value);
}

export function tuningMarkdown<S extends object>(record: TuningRecord<S>): string {
  const metric = record.objective.metric;
  const keys = varyingKeys(record.trials.map((t) => t.setting));
  const fixed = record.trials.length ? Object.entries(record.trials[0].setting).filter(([k]) => !keys.includes(k)) : [];
  const lines = [
    `### ${record.task}: ${record.trials.length} trials, chosen by validation ${metric} (${record.objective.lowerIsBetter ? "lower" : "higher"} is better)`,
    "",
    fixed.length ? `Fixed in every trial: ${fixed.map(([k, v]) => `${k} ${cell(v)}`).join(", ")}.` : "",
    "",
    `| baseline | setting | validation ${metric} | test ${metric} |`,
    "|---|---|---|---|",
    ...record.baselines.map((b) => `| ${b.name} | ${b.setting ? Object.entries(b.setting).map(([k, v]) => `${k} ${cell(v)}`).join(", ") : ""} | ${fmt(b.validation[metric])} | ${fmt(b.test[metric])} |`),
    "",
    `| ${keys.join(" | ")} | seed | validation ${metric} | test ${metric} | train s | epochs (best) |`,
    `|${keys.map(() => "---").join("|")}|---|---|---|---|---|`,
    ...record.trials.map((t) => {
      const s = t.setting as Record<string, unknown>;
      return `| ${keys.map((k) => cell(s[k])).join(" | ")} | ${t.seed} | ${fmt(t.validation[metric])} | ${fmt(t.test[metric])} | ${t.trainSeconds.toFixed(1)} | ${t.epochsRun ?? "-"} (${t.bestEpoch ?? "-"}) |`;
    }),
    "",
    "Choices (mean over the chosen setting's seeds; the test column is for the record and played no part in the choice):",
    "",
    `| group | chosen setting | seeds | validation ${metric} | test ${metric} |`,
    "|---|---|---|---|---|",
    ...record.choices.map((c) => {
      const s = c.setting as Record<string, unknown>;
      return `| ${c.group} | ${keys.filter((k) => k !== "model").map((k) => `${k} ${cell(s[k])}`).join(", ")} | ${c.seeds} | ${fmt(c.validation[metric])} | ${fmt(c.test[metric])} |`;
    }),
    "",
  ];
  return lines.join("\n");
}
