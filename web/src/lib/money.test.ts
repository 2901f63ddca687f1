import { describe, expect, it } from "vitest";
import {
  add,
  compare,
  dec,
  formatMoney,
  formatRate,
  lineAmount,
  minorUnits,
  moneyText,
  mul,
  parseDecimal,
  percentOf,
  roundHalfUp,
  roundMoney,
  sub,
  sum,
  toFixed,
  totalsByCurrency,
} from "./money";

const s = (d: ReturnType<typeof dec>) => toFixed(d);

describe("decimal arithmetic", () => {
  it("adds exactly: 0.1 + 0.2 = 0.3 (a float gives 0.30000000000000004)", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(s(add(dec("0.1"), dec("0.2")))).toBe("0.3");
    expect(compare(add(dec("0.1"), dec("0.2")), dec("0.3"))).toBe(0);
  });

  it("multiplies exactly: 3 x 9.99 = 29.97", () => {
    expect(s(mul(dec("3"), dec("9.99")))).toBe("29.97");
    expect(3 * 1.1).not.toBe(3.3); // 3.3000000000000003 in floats
    expect(s(mul(dec("3"), dec("1.1")))).toBe("3.3");
    expect(moneyText(lineAmount(dec("3"), dec("9.99"), "USD"), "USD")).toBe("29.97");
  });

  it("sums many small amounts without drift", () => {
    const tenCents = Array.from({ length: 1000 }, () => dec("0.10"));
    expect(toFixed(sum(tenCents), 2)).toBe("100.00");
    expect(s(sub(dec("1"), dec("0.9")))).toBe("0.1");
  });

  it("keeps large amounts exact beyond 2^53", () => {
    expect(s(add(dec("99999999999999.99"), dec("0.01")))).toBe("100000000000000.00");
    expect(s(mul(dec("12345678901234.5678"), dec("1000")))).toBe("12345678901234567.8000");
  });

  it("parses what the API sends and refuses the rest", () => {
    expect(parseDecimal("29.99")).toEqual({ units: 2999n, scale: 2 });
    expect(parseDecimal("-0.5")).toEqual({ units: -5n, scale: 1 });
    expect(parseDecimal(".25")).toEqual({ units: 25n, scale: 2 });
    expect(parseDecimal("3.")).toEqual({ units: 3n, scale: 0 });
    expect(parseDecimal(7)).toEqual({ units: 7n, scale: 0 });
    for (const bad of ["", ".", "-", "1,5", "1e3", "abc", "1.2.3", null, undefined, Number.NaN]) {
      expect(parseDecimal(bad as string)).toBeNull();
    }
  });
});

describe("rounding half-up, as the server does", () => {
  it("rounds ties away from zero", () => {
    expect(s(roundHalfUp(dec("0.125"), 2))).toBe("0.13");
    expect(s(roundHalfUp(dec("0.124"), 2))).toBe("0.12");
    expect(s(roundHalfUp(dec("-0.125"), 2))).toBe("-0.13");
    expect(s(roundHalfUp(dec("2.5"), 0))).toBe("3");
    expect(s(roundHalfUp(dec("-2.5"), 0))).toBe("-3");
  });

  it("rounds 1.005 and 2.675 up where floats round down", () => {
    expect((1.005).toFixed(2)).toBe("1.00");
    expect((2.675).toFixed(2)).toBe("2.67");
    expect(s(roundHalfUp(dec("1.005"), 2))).toBe("1.01");
    expect(s(roundHalfUp(dec("2.675"), 2))).toBe("2.68");
  });

  it("pads to the scale when there are fewer decimals", () => {
    expect(toFixed(dec("10"), 2)).toBe("10.00");
    expect(toFixed(dec("-0.5"), 2)).toBe("-0.50");
    expect(toFixed(dec("0.001"), 2)).toBe("0.00");
  });

  it("uses the currency's minor unit", () => {
    expect(minorUnits("USD")).toBe(2);
    expect(minorUnits("jpy")).toBe(0);
    expect(minorUnits("BHD")).toBe(3);
    expect(moneyText(roundMoney(dec("1234.5"), "JPY"), "JPY")).toBe("1235");
    expect(moneyText(roundMoney(dec("1.2345"), "BHD"), "BHD")).toBe("1.235");
    expect(moneyText(lineAmount(dec("1.5"), dec("0.333"), "EUR"), "EUR")).toBe("0.50");
  });

  it("computes a percentage with one rounding: 19 % of 29.97 = 5.69", () => {
    expect(moneyText(percentOf(dec("29.97"), dec("19"), "USD"), "USD")).toBe("5.69");
    expect(moneyText(percentOf(dec("0.10"), dec("19"), "USD"), "USD")).toBe("0.02");
    expect(moneyText(percentOf(dec("100"), dec("9.975"), "CAD"), "CAD")).toBe("9.98");
  });
});

describe("display", () => {
  it("sums per currency", () => {
    expect(
      totalsByCurrency([
        { amount: "0.10", currency: "USD" },
        { amount: "0.20", currency: "USD" },
        { amount: "5", currency: "EUR" },
      ]),
    ).toEqual({ USD: "0.30", EUR: "5.00" });
  });

  it("formats with the currency and keeps bad input visible", () => {
    expect(formatMoney("29.97", "USD", "en-US")).toBe("$29.97");
    expect(formatMoney(null, "USD")).toBe("—");
    expect(formatMoney("n/a", "USD")).toBe("n/a USD");
    expect(formatRate("19.00")).toBe("19 %");
    expect(formatRate("9.975")).toBe("9.975 %");
  });
});
