import { describe, expect, it } from "vitest";
import { money, revenueSeries, statusCounts } from "./summary";

describe("dashboard summary helpers", () => {
  it("lines months up per currency, filling gaps with 0", () => {
    const got = revenueSeries([
      { month: "2026-02", currency: "USD", amount: "10.00" },
      { month: "2026-01", currency: "EUR", amount: "45.66" },
      { month: "2026-02", currency: "EUR", amount: "0.30" },
    ]);
    expect(got.months).toEqual(["2026-01", "2026-02"]);
    expect(got.series).toEqual([
      { currency: "EUR", amounts: ["45.66", "0.30"] },
      { currency: "USD", amounts: ["0", "10.00"] },
    ]);
  });

  it("counts every invoice status, 0 for those the server left out", () => {
    const counts = statusCounts([{ status: "paid", count: 3 }, { status: "overdue", count: 1 }]);
    expect(counts.paid).toBe(3);
    expect(counts.overdue).toBe(1);
    expect(counts.draft).toBe(0);
    expect(Object.keys(counts)).toHaveLength(7);
  });

  it("shows amounts by currency, or a dash when there are none", () => {
    expect(money([])).toBe("—");
    expect(money([{ currency: "EUR", amount: "1.50" }, { currency: "USD", amount: "2.00" }]).split(" · ")).toHaveLength(2);
  });
});
