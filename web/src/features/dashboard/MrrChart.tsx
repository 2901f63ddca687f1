import { useEffect, useRef } from "react";
import type { Chart as ChartType } from "chart.js";
import type { MrrTrend } from "@/api/types";
import { formatMoney } from "@/lib/money";
import { useTheme } from "@/lib/theme";
import { monthLabel } from "./summary";

/** Month-end MRR as a line. This module and chart.js load only with the dashboard's chart. */
export default function MrrChart({ trend }: { trend: MrrTrend }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartType | null>(null);
  const [theme] = useTheme();
  const { currency, months } = trend;
  const key = JSON.stringify(trend);

  useEffect(() => {
    let cancelled = false;
    void import("chart.js").then(({ Chart, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Filler }) => {
      if (cancelled || !canvas.current) return;
      Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Filler);
      const dark = theme === "dark";
      const text = dark ? "#cbd5e1" : "#475569";
      const grid = dark ? "rgba(148,163,184,0.15)" : "rgba(100,116,139,0.15)";
      chart.current?.destroy();
      chart.current = new Chart(canvas.current, {
        type: "line",
        data: {
          labels: months.map((m) => monthLabel(m.month)),
          // Chart.js draws numbers; the exact decimals stay in the tooltip and the table below.
          datasets: [
            {
              label: currency,
              data: months.map((m) => Number(m.amount)),
              borderColor: "#6366f1",
              backgroundColor: "rgba(99,102,241,0.12)",
              fill: true,
              tension: 0.25,
              pointRadius: 3,
            },
          ],
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: {
            legend: { display: false },
            tooltip: { enabled: true, callbacks: { label: (c) => formatMoney(months[c.dataIndex].amount, currency) } },
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
      <div className="relative h-48">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`MRR by month in ${currency}: ${months.map((m) => `${monthLabel(m.month)} ${formatMoney(m.amount, currency)}`).join("; ")}`}
          data-testid="mrr-chart"
        />
      </div>
      <table className="sr-only">
        <caption>MRR by month ({currency})</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">MRR</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{monthLabel(m.month)}</th>
              <td>{formatMoney(m.amount, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
