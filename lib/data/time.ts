/**
 * Time stamps: reading the formats the data sets use as UTC dates (never local time, so a notebook in another
 * time zone sees the same hours), and calendar features as sin/cos pairs.
 */

const ISO = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const QUARTER = /^(\d{4})-?Q([1-4])$/i;

/**
 * Parse one time stamp: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss[.sss]]` with an optional `Z` or
 * `+hh:mm` offset (no offset means UTC), or `YYYY-Qn` (first day of the quarter). Returns NaN when unreadable.
 */
export function parseTimeMs(text: string): number {
  const s = text.trim();
  const q = QUARTER.exec(s);
  if (q) return Date.UTC(Number(q[1]), (Number(q[2]) - 1) * 3, 1);
  const m = ISO.exec(s);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second, milli] = [1, 2, 3, 4, 5, 6, 7].map((k) =>
    m[k] === undefined ? undefined : Number(m[k].padEnd(k === 7 ? 3 : 1, "0")),
  );
  if (month !== undefined && (month < 1 || month > 12)) return NaN;
  if (day !== undefined && (day < 1 || day > 31)) return NaN;
  let ms = Date.UTC(year!, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0, milli ?? 0);
  const zone = m[8];
  if (zone && zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000;
  }
  return ms;
}

/** Calendar features: each adds two input columns, sin(2 pi phase) and cos(2 pi phase). */
export type CalendarFeature = "hour" | "dayOfWeek" | "dayOfYear";

export const CALENDAR_FEATURES: readonly CalendarFeature[] = ["hour", "dayOfWeek", "dayOfYear"];

const DAY_MS = 86400000;

/**
 * Phase in [0, 1) of a time stamp within its cycle (UTC):
 * hour      = (hours + minutes / 60 + seconds / 3600) / 24,
 * dayOfWeek = (getUTCDay(), 0 = Sunday) / 7,
 * dayOfYear = (days since 1 January) / (days in that year).
 * The sin/cos pair of 2 pi phase puts 23:30 next to 00:00 and 31 December next to 1 January.
 */
export function calendarPhase(feature: CalendarFeature, ms: number): number {
  const date = new Date(ms);
  switch (feature) {
    case "hour":
      return (date.getUTCHours() + date.getUTCMinutes() / 60 + date.getUTCSeconds() / 3600) / 24;
    case "dayOfWeek":
      return date.getUTCDay() / 7;
    case "dayOfYear": {
      const year = date.getUTCFullYear();
      const start = Date.UTC(year, 0, 1);
      const days = (Date.UTC(year + 1, 0, 1) - start) / DAY_MS;
      return Math.floor((ms - start) / DAY_MS) / days;
    }
    default:
      throw new Error(`calendar feature '${String(feature)}' is unknown: use ${CALENDAR_FEATURES.join(", ")}`);
  }
}

/** A season inferred from the spacing of the time stamps, and why. */
export interface InferredSeason {
  /** Steps per seasonal cycle (1 = no season found). */
  season: number;
  /** Median spacing of consecutive time stamps in milliseconds (NaN without a time column). */
  stepMs: number;
  /** Human-readable reason, e.g. "30-minute steps: 48 per day". */
  reason: string;
}

const HOUR_MS = 3600000;

/**
 * The seasonal period of a series from its time column's frequency (the median spacing, robust to gaps):
 *   sub-daily steps that divide a day -> steps per day (30 min -> 48, hourly -> 24, 15 min -> 96);
 *   daily -> 7 (a week), or 5 when no row falls on a Saturday or Sunday (trading / business days);
 *   weekly -> 52;  monthly (28-31 days) -> 12;  quarterly (89-92 days) -> 4;  anything else -> 1.
 * `override` (a user's --season N) wins when given. Without a time column the season is 1 unless overridden.
 */
export function inferSeason(time: readonly Date[] | null | undefined, override?: number): InferredSeason {
  if (override !== undefined) {
    if (!Number.isInteger(override) || override < 1) throw new Error(`season must be a positive integer, got ${override}: pass --season N with N >= 1`);
    return { season: override, stepMs: NaN, reason: `season ${override} as given` };
  }
  if (!time || time.length < 3) return { season: 1, stepMs: NaN, reason: "no time column: no season" };
  const gaps: number[] = [];
  for (let i = 1; i < time.length; i++) gaps.push(time[i].getTime() - time[i - 1].getTime());
  gaps.sort((a, b) => a - b);
  const step = gaps[Math.floor(gaps.length / 2)];
  const days = step / DAY_MS;
  if (step > 0 && step < DAY_MS && DAY_MS % step === 0) {
    const perDay = DAY_MS / step;
    const label = step % HOUR_MS === 0 ? `${step / HOUR_MS}-hour` : `${step / 60000}-minute`;
    return { season: perDay, stepMs: step, reason: `${label} steps: ${perDay} per day` };
  }
  if (days === 1) {
    const weekend = time.some((t) => t.getUTCDay() === 0 || t.getUTCDay() === 6);
    return weekend
      ? { season: 7, stepMs: step, reason: "daily steps: 7 per week" }
      : { season: 5, stepMs: step, reason: "daily steps without weekends (business days): 5 per week" };
  }
  if (days === 7) return { season: 52, stepMs: step, reason: "weekly steps: 52 per year" };
  if (days >= 28 && days <= 31) return { season: 12, stepMs: step, reason: "monthly steps: 12 per year" };
  if (days >= 89 && days <= 92) return { season: 4, stepMs: step, reason: "quarterly steps: 4 per year" };
  return { season: 1, stepMs: step, reason: `steps of ${days.toPrecision(3)} days: no known season` };
}
