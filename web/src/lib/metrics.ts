/**
 * Node metrics over a time range: which step to ask the API for, and the regular series a chart
 * draws (one slot per step, null where the node sent nothing, so an outage shows as a gap).
 */
export const METRICS_RANGES = ["1h", "6h", "24h", "7d", "30d"] as const;
export type MetricsRange = (typeof METRICS_RANGES)[number];

export const RANGE_SECONDS: Record<MetricsRange, number> = {
  "1h": 3600,
  "6h": 6 * 3600,
  "24h": 86400,
  "7d": 7 * 86400,
  "30d": 30 * 86400,
};

/** Steps that read well on an axis; each divides the next tier's bucket (300 s, 3600 s) or is a multiple of it. */
export const NICE_STEPS = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
export const MAX_CHART_POINTS = 300;

/**
 * The smallest nice step that keeps the chart at most `maxPoints` points (so 120–300 for the
 * ranges offered), never finer than the samples the server keeps for a range that old: raw
 * heartbeats for 2 days, 5-minute buckets for 30 days, hourly beyond (see hosting/servers/metrics.py).
 */
export function chooseStep(rangeSeconds: number, maxPoints = MAX_CHART_POINTS): number {
  // Raw samples come every heartbeat (15 s by default): two per slot, so a late one leaves no gap.
  const finest = rangeSeconds <= 2 * 86400 ? 30 : rangeSeconds < 30 * 86400 ? 300 : 3600;
  const step = NICE_STEPS.find((s) => s >= finest && rangeSeconds / s <= maxPoints);
  return step ?? NICE_STEPS[NICE_STEPS.length - 1];
}

/** The window to ask for, ending now; its start is aligned to the step (buckets start on multiples of it). */
export function metricsWindow(range: MetricsRange, now: number) {
  const step = chooseStep(RANGE_SECONDS[range]);
  const ms = step * 1000;
  const to = Math.ceil(now / ms) * ms;
  return { range, step, from: to - RANGE_SECONDS[range] * 1000, to };
}

export interface MetricSample {
  at: string;
  cpuPercent: number;
  memoryPercent: number;
  diskPercent: number;
  load1: number;
  load5: number;
  load15: number;
}
export type MetricKey = Exclude<keyof MetricSample, "at">;

/**
 * One slot per step from `from` (inclusive) to `to` (exclusive): the time of each slot and, per
 * metric, the value of the point in that slot or null. Points outside the window are dropped.
 */
export function fillSeries(points: MetricSample[], from: number, to: number, step: number) {
  const ms = step * 1000;
  const start = Math.floor(from / ms) * ms;
  const times: number[] = [];
  for (let t = start; t < to; t += ms) times.push(t);
  const keys: MetricKey[] = ["cpuPercent", "memoryPercent", "diskPercent", "load1", "load5", "load15"];
  const values = Object.fromEntries(keys.map((k) => [k, times.map(() => null as number | null)])) as Record<MetricKey, Array<number | null>>;
  for (const p of points) {
    const i = Math.floor((Date.parse(p.at) - start) / ms);
    if (i < 0 || i >= times.length) continue;
    for (const k of keys) values[k][i] = p[k];
  }
  return { times, values };
}

/** Latest, average and peak of a series (nulls ignored), for the figures beside a chart. */
export function summarize(values: Array<number | null>) {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!present.length) return null;
  const sum = present.reduce((a, b) => a + b, 0);
  return { latest: present[present.length - 1], avg: sum / present.length, max: Math.max(...present) };
}

/** An axis label for a slot: time of day for short ranges, day and time beyond a day. */
export function slotLabel(t: number, rangeSeconds: number): string {
  const d = new Date(t);
  if (rangeSeconds <= 86400) return d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

/** A dot for a value with no neighbour (a line needs two points), nothing elsewhere. */
export function isolatedPointRadius(values: Array<number | null>, radius = 2): number[] {
  return values.map((v, i) => (v !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null ? radius : 0));
}
