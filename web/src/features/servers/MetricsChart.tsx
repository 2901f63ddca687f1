import { useEffect, useRef } from "react";
import type { Chart as ChartType } from "chart.js";
import { isolatedPointRadius } from "@/lib/metrics";
import { useTheme } from "@/lib/theme";

export interface ChartLine {
  label: string;
  values: Array<number | null>;
  color: string;
}

/**
 * A line chart of node metrics over regular slots (null = no sample: drawn as a gap). This module
 * and chart.js load only with a server's page.
 */
export default function MetricsChart({ labels, lines, max, unit, label, testId }: { labels: string[]; lines: ChartLine[]; max?: number; unit: string; label: string; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartType | null>(null);
  const [theme] = useTheme();
  const key = JSON.stringify([labels[0], labels.length, lines.map((l) => l.values)]);

  useEffect(() => {
    let cancelled = false;
    void import("chart.js").then(({ Chart, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend }) => {
      if (cancelled || !canvas.current) return;
      Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);
      const dark = theme === "dark";
      const text = dark ? "#cbd5e1" : "#475569";
      const grid = dark ? "rgba(148,163,184,0.15)" : "rgba(100,116,139,0.15)";
      chart.current?.destroy();
      chart.current = new Chart(canvas.current, {
        type: "line",
        data: {
          labels,
          datasets: lines.map((l) => ({ label: l.label, data: l.values, borderColor: l.color, backgroundColor: l.color, borderWidth: 1.5, pointRadius: isolatedPointRadius(l.values), pointHoverRadius: 3, spanGaps: false, tension: 0.2 })),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          interaction: { mode: "index", intersect: false },
          plugins: {
            legend: { display: lines.length > 1, labels: { color: text, boxWidth: 12 } },
            tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.parsed.y === null ? "—" : `${c.parsed.y.toFixed(unit === "%" ? 1 : 2)}${unit === "%" ? " %" : ""}`}` } },
          },
          scales: {
            x: { ticks: { color: text, maxTicksLimit: 8, maxRotation: 0 }, grid: { display: false } },
            y: { beginAtZero: true, ...(max !== undefined ? { max } : {}), ticks: { color: text }, grid: { color: grid } },
          },
        },
      });
    });
    return () => {
      cancelled = true;
    };
  }, [key, theme]);

  useEffect(() => () => chart.current?.destroy(), []);

  return (
    <div className="relative h-56">
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}
