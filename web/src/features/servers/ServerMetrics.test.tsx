import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import { ServerMetrics } from "./ServerMetrics";

vi.mock("./MetricsChart", () => ({ default: ({ label, testId }: { label: string; testId: string }) => <div data-testid={testId}>{label}</div> }));

describe("ServerMetrics", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("asks for the step that fits the range and summarises the series", async () => {
    const now = new Date();
    const at = (minsAgo: number) => new Date(now.getTime() - minsAgo * 60_000).toISOString();
    const point = (minsAgo: number, cpu: number) => ({ at: at(minsAgo), cpuPercent: cpu, memoryPercent: 50, diskPercent: 40, load1: 0.5, load5: 0.4, load15: 0.3, uptimeSeconds: 100 });
    const api = mockApi({ "GET /api/servers/s1/metrics": () => jsonResponse(200, { step: 120, resolution: 0, points: [point(30, 20), point(10, 60)] }) });
    const user = userEvent.setup();
    render(withQueryClient(<MemoryRouter initialEntries={["/servers/s1"]}><ServerMetrics serverId="s1" /></MemoryRouter>));
    expect(await screen.findByTestId("usage-chart")).toHaveTextContent("CPU latest 60.0 %, average 40.0 %, peak 60.0 %");
    expect(screen.getByText(/One point per 2 min \(180 points\)/)).toBeVisible();
    const url = () => new URL(String((api.fn.mock.calls.at(-1)![0] as Request).url));
    const first = url().searchParams;
    expect(first.get("step")).toBe("120");
    expect(Date.parse(first.get("to")!) - Date.parse(first.get("from")!)).toBe(6 * 3600_000);
    await user.click(screen.getByRole("radio", { name: "30d" }));
    await waitFor(() => expect(url().searchParams.get("step")).toBe("10800"));
    expect(screen.getByRole("radio", { name: "30d" })).toHaveAttribute("aria-checked", "true");
  });
});
