import { AMOUNT_PATTERN, compare, dec, parseDecimal, ZERO } from "@/lib/money";

/**
 * An amount the API accepts (up to 14 digits and 4 decimals); `positive` refuses 0 and below,
 * `nonNegative` (with positive: false) refuses only below 0, e.g. a free plan's price.
 */
export const amount =
  (label = "Amount", { positive = true, optional = false, nonNegative = false } = {}) =>
  (v: unknown): string | null => {
    const s = String(v ?? "").trim();
    if (!s) return optional ? null : `${label} is required.`;
    if (!AMOUNT_PATTERN.test(s)) return `${label} must be a number with at most 4 decimals, e.g. 29.99.`;
    if (positive && compare(parseDecimal(s)!, ZERO) <= 0) return `${label} must be more than 0.`;
    if (nonNegative && compare(parseDecimal(s)!, ZERO) < 0) return `${label} cannot be negative.`;
    return null;
  };

/** A percentage rate ("19", "9.975"). */
export const rate = (v: unknown): string | null => {
  const s = String(v ?? "").trim();
  if (!s) return "Rate is required.";
  if (!AMOUNT_PATTERN.test(s)) return "Rate must be a number with at most 4 decimals, e.g. 19 or 9.975.";
  if (compare(parseDecimal(s)!, ZERO) < 0) return "Rate cannot be negative.";
  if (compare(parseDecimal(s)!, dec("100")) > 0) return "A rate is a percentage between 0 and 100.";
  return null;
};

/** An invoice line's quantity: more than 0 and at most 1,000,000, like the API. */
export const quantity = (v: unknown): string | null => {
  const s = String(v ?? "").trim();
  if (!AMOUNT_PATTERN.test(s)) return "Enter a quantity, e.g. 1 or 2.5.";
  const q = parseDecimal(s)!;
  if (compare(q, ZERO) <= 0 || compare(q, dec("1000000")) > 0) return "More than 0 and at most 1,000,000.";
  return null;
};
