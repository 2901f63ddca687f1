import { describe, expect, it } from "vitest";
import { METRICS_RANGES, RANGE_SECONDS, chooseStep, fillSeries, isolatedPointRadius, metricsWindow, summarize, type MetricSample } from "./metrics";

const sample = (at: string, cpu: number): MetricSample => ({ at, cpuPercent: cpu, memoryPercent: 50, diskPercent: 40, load1: 1, load5: 1, load15: 1 });

describe("chooseStep", () => {
  it("gives every offered range between 120 and 300 points", () => {
    for (const r of METRICS_RANGES) {
      const points = RANGE_SECONDS[r] / chooseStep(RANGE_SECONDS[r]);
      expect(points, r).toBeGreaterThanOrEqual(120);
      expect(points, r).toBeLessThanOrEqual(300);
    }
  });

  it("picks the steps that fit the server's tiers", () => {
    expect(METRICS_RANGES.map((r) => chooseStep(RANGE_SECONDS[r]))).toEqual([30, 120, 300, 3600, 10800]);
  });

  it("is never finer than the samples kept for a range that old", () => {
    expect(chooseStep(600)).toBe(30); // two heartbeats per slot, even for a short range
    expect(chooseStep(3 * 86400)).toBeGreaterThanOrEqual(300); // only 5-minute buckets beyond 2 days
    expect(chooseStep(90 * 86400)).toBeGreaterThanOrEqual(3600); // only hourly ones beyond 30 days
  });

  it("stays within the API's 2000-point limit for any range", () => {
    for (const secs of [60, 3600, 86400, 365 * 86400, 5 * 365 * 86400]) expect(secs / chooseStep(secs)).toBeLessThanOrEqual(2000);
  });
});

describe("metricsWindow", () => {
  it("ends on a step boundary after now and spans the range", () => {
    const now = Date.parse("2026-11-25T10:07:13Z");
    const w = metricsWindow("24h", now);
    expect(w.step).toBe(300);
    expect(new Date(w.to).toISOString()).toBe("2026-11-25T10:10:00.000Z");
    expect(w.to - w.from).toBe(86400_000);
  });
});

describe("fillSeries", () => {
  it("puts each bucket in its slot and leaves the missing ones null", () => {
    const from = Date.parse("2026-11-25T10:00:00Z");
    const to = from + 5 * 60_000;
    const { times, values } = fillSeries([sample("2026-11-25T10:00:00Z", 10), sample("2026-11-25T10:03:00+00:00", 30)], from, to, 60);
    expect(times).toHaveLength(5);
    expect(values.cpuPercent).toEqual([10, null, null, 30, null]);
    expect(values.memoryPercent).toEqual([50, null, null, 50, null]);
  });

  it("drops points outside the window", () => {
    const from = Date.parse("2026-11-25T10:00:00Z");
    const { values } = fillSeries([sample("2026-11-25T09:59:00Z", 1), sample("2026-11-25T10:02:00Z", 2)], from, from + 120_000, 60);
    expect(values.cpuPercent).toEqual([null, null]);
  });
});

describe("summarize and isolated points", () => {
  it("reads latest, average and peak, ignoring gaps", () => {
    expect(summarize([null, 10, null, 30, 20, null])).toEqual({ latest: 20, avg: 20, max: 30 });
    expect(summarize([null, null])).toBeNull();
  });

  it("draws a dot only where a value has no neighbour", () => {
    expect(isolatedPointRadius([5, null, 7, 8, null, 9])).toEqual([2, 0, 0, 0, 0, 2]);
  });
});
