import { Suspense, lazy, useMemo } from "react";
import { useServerMetrics } from "@/api/servers";
import { Card, CardHeader } from "@/components/Card";
import { ErrorState, Spinner } from "@/components/Feedback";
import { cn } from "@/lib/cn";
import { METRICS_RANGES, RANGE_SECONDS, fillSeries, slotLabel, summarize, type MetricKey, type MetricsRange } from "@/lib/metrics";
import { useUrlParams } from "@/lib/urlParams";

const MetricsChart = lazy(() => import("./MetricsChart"));

const USAGE: Array<[MetricKey, string, string]> = [
  ["cpuPercent", "CPU", "#6366f1"],
  ["memoryPercent", "Memory", "#10b981"],
  ["diskPercent", "Disk", "#f59e0b"],
];
const LOAD: Array<[MetricKey, string, string]> = [
  ["load1", "Load 1 min", "#ef4444"],
  ["load5", "Load 5 min", "#a855f7"],
  ["load15", "Load 15 min", "#0ea5e9"],
];
const RANGE_LABELS: Record<MetricsRange, string> = { "1h": "1 hour", "6h": "6 hours", "24h": "24 hours", "7d": "7 days", "30d": "30 days" };

/** CPU, memory and disk use and load over a chosen range (kept in the URL as ?range=). */
export function ServerMetrics({ serverId }: { serverId: string }) {
  const { params, setParam } = useUrlParams();
  const asked = params.get("range");
  const range: MetricsRange = (METRICS_RANGES as readonly string[]).includes(asked ?? "") ? (asked as MetricsRange) : "6h";
  const metrics = useServerMetrics(serverId, range);
  const data = metrics.data;
  const filled = useMemo(() => (data ? fillSeries(data.series.points, data.from, data.to, data.step) : null), [data]);
  const labels = useMemo(() => (filled && data ? filled.times.map((t) => slotLabel(t, RANGE_SECONDS[data.range])) : []), [filled, data]);
  const empty = !!data && data.series.points.length === 0;

  return (
    <Card>
      <CardHeader
        title="Metrics"
        description={data ? `One point per ${data.step >= 3600 ? `${data.step / 3600} h` : data.step >= 60 ? `${data.step / 60} min` : `${data.step} s`} (${filled?.times.length ?? 0} points)` : "From the agent's heartbeats"}
        actions={
          <div role="radiogroup" aria-label="Range" className="inline-flex rounded-md shadow-sm ring-1 ring-inset ring-slate-300 dark:ring-slate-700">
            {METRICS_RANGES.map((r) => (
              <button
                key={r}
                type="button"
                role="radio"
                aria-checked={r === range}
                title={RANGE_LABELS[r]}
                onClick={() => setParam("range", r === "6h" ? null : r)}
                className={cn(
                  "px-3 py-1.5 text-xs font-medium first:rounded-l-md last:rounded-r-md",
                  r === range ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-50 dark:text-slate-200 dark:hover:bg-slate-800",
                )}
              >
                {r}
              </button>
            ))}
          </div>
        }
      />
      <div className="relative space-y-6 px-5 py-4">
        {metrics.isFetching && <Spinner className="absolute right-3 top-3 h-4 w-4 text-slate-400" />}
        {metrics.isError ? (
          <ErrorState error={metrics.error} onRetry={() => metrics.refetch()} />
        ) : !data || !filled ? (
          <div className="flex h-56 items-center justify-center text-sm text-slate-500">Loading metrics…</div>
        ) : (
          <>
            {empty && <p className="text-sm text-slate-500">No samples in the last {RANGE_LABELS[range]}: the agent has not reported in this time.</p>}
            <MetricBlock title="Usage (%)" lines={USAGE} values={filled.values} labels={labels} max={100} unit="%" testId="usage-chart" />
            <MetricBlock title="Load average" lines={LOAD} values={filled.values} labels={labels} unit="" testId="load-chart" />
          </>
        )}
      </div>
    </Card>
  );
}

function MetricBlock({ title, lines, values, labels, max, unit, testId }: { title: string; lines: Array<[MetricKey, string, string]>; values: Record<MetricKey, Array<number | null>>; labels: string[]; max?: number; unit: string; testId: string }) {
  const fmt = (n: number) => (unit === "%" ? `${n.toFixed(1)} %` : n.toFixed(2));
  const stats = lines.map(([k, name]) => ({ name, s: summarize(values[k]) }));
  const aria = `${title}: ${stats.map(({ name, s }) => (s ? `${name} latest ${fmt(s.latest)}, average ${fmt(s.avg)}, peak ${fmt(s.max)}` : `${name} no data`)).join("; ")}`;
  return (
    <section aria-label={title}>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-sm font-semibold">{title}</h3>
        <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500 dark:text-slate-400">
          {stats.map(({ name, s }) => (
            <div key={name} className="flex gap-1">
              <dt>{name}</dt>
              <dd className="font-medium tabular-nums text-slate-700 dark:text-slate-200">{s ? `${fmt(s.latest)} (peak ${fmt(s.max)})` : "—"}</dd>
            </div>
          ))}
        </dl>
      </div>
      <Suspense fallback={<div className="h-56" />}>
        <MetricsChart labels={labels} lines={lines.map(([k, label, color]) => ({ label, color, values: values[k] }))} max={max} unit={unit} label={aria} testId={testId} />
      </Suspense>
    </section>
  );
}
