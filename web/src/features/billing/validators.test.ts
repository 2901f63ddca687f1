import { describe, expect, it } from "vitest";
import { amount, quantity, rate } from "./validators";

describe("billing validators", () => {
  it("refuses a negative price where the API does (a subscription's price), and allows 0", () => {
    const price = amount("Price", { optional: true, positive: false, nonNegative: true });
    expect(price("-1")).toBe("Price cannot be negative.");
    expect(price("0")).toBeNull();
    expect(price("")).toBeNull();
    // Without nonNegative a negative amount stays allowed (e.g. a credit adjustment).
    expect(amount("Amount", { positive: false })("-1")).toBeNull();
  });

  it("keeps a rate between 0 and 100 %", () => {
    expect(rate("100")).toBeNull();
    expect(rate("9.975")).toBeNull();
    expect(rate("100.01")).toBe("A rate is a percentage between 0 and 100.");
    expect(rate("-1")).toBe("Rate cannot be negative.");
  });

  it("takes a line quantity above 0 and up to 1,000,000, like the API", () => {
    expect(quantity("1")).toBeNull();
    expect(quantity("2.5")).toBeNull();
    expect(quantity("1000000")).toBeNull();
    expect(quantity("0")).toBe("More than 0 and at most 1,000,000.");
    expect(quantity("1000000.5")).toBe("More than 0 and at most 1,000,000.");
    expect(quantity("two")).toBe("Enter a quantity, e.g. 1 or 2.5.");
  });
});
