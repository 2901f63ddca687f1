import { useEffect, useRef } from "react";
import type { Chart as ChartType } from "chart.js";
import type { MonthRevenue } from "@/api/types";
import { formatMoney } from "@/lib/money";
import { useTheme } from "@/lib/theme";
import { monthLabel, revenueSeries } from "./summary";

const COLORS = ["#6366f1", "#10b981", "#f59e0b", "#ef4444", "#a855f7", "#0ea5e9"];

/** Revenue by month, a bar per currency. This module and chart.js load only with the dashboard's chart. */
export default function RevenueChart({ rows }: { rows: MonthRevenue[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartType | null>(null);
  const [theme] = useTheme();
  const { months, series } = revenueSeries(rows);
  const key = JSON.stringify(rows);

  useEffect(() => {
    let cancelled = false;
    void import("chart.js").then(({ Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend }) => {
      if (cancelled || !canvas.current) return;
      Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
      const dark = theme === "dark";
      const text = dark ? "#cbd5e1" : "#475569";
      const grid = dark ? "rgba(148,163,184,0.15)" : "rgba(100,116,139,0.15)";
      chart.current?.destroy();
      chart.current = new Chart(canvas.current, {
        type: "bar",
        data: {
          labels: months.map(monthLabel),
          // Chart.js draws numbers; the exact decimals stay in the tooltip and the table below.
          datasets: series.map((s, i) => ({ label: s.currency, data: s.amounts.map(Number), backgroundColor: COLORS[i % COLORS.length], borderRadius: 4 })),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: {
            legend: { display: series.length > 1, labels: { color: text } },
            tooltip: { enabled: true, callbacks: { label: (c) => formatMoney(series[c.datasetIndex].amounts[c.dataIndex], series[c.datasetIndex].currency) } },
          },
          scales: {
            x: { ticks: { color: text }, grid: { display: false } },
            y: { beginAtZero: true, ticks: { color: text }, grid: { color: grid } },
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
    <div>
      <div className="relative h-64">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`Revenue by month: ${months.map((m, i) => `${monthLabel(m)} ${series.map((s) => formatMoney(s.amounts[i], s.currency)).join(", ")}`).join("; ")}`}
          data-testid="revenue-chart"
        />
      </div>
      <table className="sr-only">
        <caption>Revenue by month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            {series.map((s) => (
              <th key={s.currency} scope="col">
                {s.currency}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {months.map((m, i) => (
            <tr key={m}>
              <th scope="row">{monthLabel(m)}</th>
              {series.map((s) => (
                <td key={s.currency}>{formatMoney(s.amounts[i], s.currency)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
