import { useEffect, useRef } from "react";
import type { Chart as ChartType } from "chart.js";
import type { InvoiceStatus } from "@/api/types";
import { useTheme } from "@/lib/theme";
import { INVOICE_STATUS_LABELS } from "../billing/labels";

const COLORS: Record<InvoiceStatus, string> = {
  draft: "#94a3b8",
  unpaid: "#f59e0b",
  "partially-paid": "#6366f1",
  paid: "#10b981",
  overdue: "#ef4444",
  cancelled: "#64748b",
  refunded: "#a855f7",
};

/** Invoices by status as a bar chart. This module and chart.js load only with the dashboard's chart. */
export default function StatusChart({ counts }: { counts: Record<InvoiceStatus, number> }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartType | null>(null);
  const [theme] = useTheme();
  const statuses = Object.keys(counts) as InvoiceStatus[];
  const key = JSON.stringify(counts);

  useEffect(() => {
    let cancelled = false;
    void import("chart.js").then(({ Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip }) => {
      if (cancelled || !canvas.current) return;
      Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
      const dark = theme === "dark";
      const text = dark ? "#cbd5e1" : "#475569";
      const grid = dark ? "rgba(148,163,184,0.15)" : "rgba(100,116,139,0.15)";
      chart.current?.destroy();
      chart.current = new Chart(canvas.current, {
        type: "bar",
        data: {
          labels: statuses.map((s) => INVOICE_STATUS_LABELS[s]),
          datasets: [{ label: "Invoices", data: statuses.map((s) => counts[s]), backgroundColor: statuses.map((s) => COLORS[s]), borderRadius: 4 }],
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false }, tooltip: { enabled: true } },
          scales: {
            x: { ticks: { color: text }, grid: { display: false } },
            y: { beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid } },
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
        <canvas ref={canvas} role="img" aria-label={`Invoices by status: ${statuses.map((s) => `${INVOICE_STATUS_LABELS[s]} ${counts[s]}`).join(", ")}`} data-testid="status-chart" />
      </div>
      <table className="sr-only">
        <caption>Invoices by status</caption>
        <tbody>
          {statuses.map((s) => (
            <tr key={s}>
              <th scope="row">{INVOICE_STATUS_LABELS[s]}</th>
              <td>{counts[s]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
