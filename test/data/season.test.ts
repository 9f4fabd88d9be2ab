import { test } from "node:test";
import assert from "node:assert/strict";
import { loadSeries } from "../../lib/data/registry";
import { inferSeason } from "../../lib/data/time";

const every = (count: number, start: number, stepMs: number) => Array.from({ length: count }, (_, i) => new Date(start + i * stepMs));
const MIN = 60000;
const DAY = 86400000;

test("inferSeason: the seasonal period from the spacing of the time stamps", () => {
  const monday = Date.UTC(2024, 0, 1);
  assert.equal(inferSeason(every(200, monday, 30 * MIN)).season, 48);
  assert.equal(inferSeason(every(200, monday, 60 * MIN)).season, 24);
  assert.equal(inferSeason(every(200, monday, 15 * MIN)).season, 96);
  assert.equal(inferSeason(every(60, monday, DAY)).season, 7);
  assert.equal(inferSeason(every(60, monday, 7 * DAY)).season, 52);
  const months = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2000, i, 1)));
  assert.equal(inferSeason(months).season, 12);
  const quarters = Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2000, 3 * i, 1)));
  assert.equal(inferSeason(quarters).season, 4);
  // Trading days: Monday..Friday only, so the week has 5 steps.
  const weekdays = every(100, monday, DAY).filter((d) => d.getUTCDay() !== 0 && d.getUTCDay() !== 6);
  assert.equal(inferSeason(weekdays).season, 5);
  // Gaps (a missing day) do not move the median spacing.
  const gappy = every(60, monday, DAY).filter((_, i) => i % 10 !== 3);
  assert.equal(inferSeason(gappy).season, 7);
  assert.equal(inferSeason(null).season, 1);
  assert.equal(inferSeason(every(30, monday, 3 * DAY)).season, 1);
  assert.deepEqual(inferSeason(null, 12).season, 12);
  assert.equal(inferSeason(every(200, monday, 30 * MIN), 336).season, 336);
  assert.throws(() => inferSeason(null, 0), /season must be a positive integer, got 0: pass --season N/);
});

test("inferSeason on the shipped series: electricity half-hourly -> 48, births daily -> 7, S&P 500 trading days -> 5", () => {
  assert.equal(inferSeason(loadSeries("electricity").time).season, 48);
  assert.equal(inferSeason(loadSeries("births").time).season, 7);
  assert.equal(inferSeason(loadSeries("sp500").time).season, 5);
});
