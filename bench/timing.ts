/** The clocks and the statistic the benchmarks share. */

/** CPU time of this process in seconds, all its threads (other processes on a shared machine do not count). */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** The middle value (the upper of the two middle ones for an even count). */
export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}
