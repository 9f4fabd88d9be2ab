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
