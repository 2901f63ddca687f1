/**
 * Money travels as a decimal string with its ISO 4217 currency ("29.99", "EUR").
 * Arithmetic is exact: a decimal is a BigInt of units and a scale (value = units / 10^scale),
 * never a float. The server's answer is the truth; these helpers only preview it as you type,
 * with the server's rounding (half-up, to the currency's minor unit).
 */

export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** What the API accepts for an amount, a quantity or a rate. */
export const AMOUNT_PATTERN = /^-?\d{1,14}(\.\d{1,4})?$/;

const DECIMAL_TEXT = /^([+-])?(\d*)(?:\.(\d*))?$/;
const TEN = 10n;
const pow10 = (n: number): bigint => TEN ** BigInt(n);

/** Parse "12", "-0.5", "3.", ".25" (and a JSON number without exponent); null when it is not a decimal. */
export function parseDecimal(value: string | number | null | undefined): Decimal | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    value = String(value);
    if (/e/i.test(value)) return null;
  }
  const m = DECIMAL_TEXT.exec(value.trim());
  if (!m) return null;
  const [, sign, whole = "", fraction = ""] = m;
  if (!whole && !fraction) return null;
  const units = BigInt((whole || "0") + fraction);
  return { units: sign === "-" ? -units : units, scale: fraction.length };
}

/** Like parseDecimal, but throws on what is not a decimal. */
export function dec(value: string | number): Decimal {
  const d = parseDecimal(value);
  if (!d) throw new Error(`not a decimal: ${String(value)}`);
  return d;
}

export const ZERO: Decimal = { units: 0n, scale: 0 };

function rescale(a: Decimal, scale: number): bigint {
  return a.units * pow10(scale - a.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function sub(a: Decimal, b: Decimal): Decimal {
  return add(a, neg(b));
}

export function neg(a: Decimal): Decimal {
  return { units: -a.units, scale: a.scale };
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function sum(values: Decimal[]): Decimal {
  return values.reduce(add, ZERO);
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const d = sub(a, b).units;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export const isZero = (a: Decimal) => a.units === 0n;
export const isNegative = (a: Decimal) => a.units < 0n;

/** Round half-up (ties away from zero, like Python's ROUND_HALF_UP) to `scale` decimals. */
export function roundHalfUp(a: Decimal, scale: number): Decimal {
  if (a.scale <= scale) return { units: rescale(a, scale), scale };
  const divisor = pow10(a.scale - scale);
  const abs = a.units < 0n ? -a.units : a.units;
  let q = abs / divisor;
  if ((abs % divisor) * 2n >= divisor) q += 1n;
  return { units: a.units < 0n ? -q : q, scale };
}

/** The decimal as text with exactly `scale` decimals (rounded half-up), or as it is. */
export function toFixed(a: Decimal, scale?: number): string {
  const d = scale === undefined ? a : roundHalfUp(a, scale);
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, "0");
  const whole = digits.slice(0, digits.length - d.scale);
  const fraction = d.scale ? "." + digits.slice(digits.length - d.scale) : "";
  return (negative ? "-" : "") + whole + fraction;
}

// Minor units of currencies that do not use two decimals (ISO 4217), as the server has them.
const MINOR_UNITS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0,
  RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function minorUnits(currency: string): number {
  return MINOR_UNITS[currency.toUpperCase()] ?? 2;
}

/** Round to the currency's minor unit, half-up. */
export function roundMoney(a: Decimal, currency: string): Decimal {
  return roundHalfUp(a, minorUnits(currency));
}

/** A line's amount: quantity x unit price, rounded to the currency (3 x 9.99 = 29.97). */
export function lineAmount(quantity: Decimal, unitPrice: Decimal, currency: string): Decimal {
  return roundMoney(mul(quantity, unitPrice), currency);
}

/** `rate` percent of `base`, rounded to the currency (19 % of 29.97 = 5.69). */
export function percentOf(base: Decimal, rate: Decimal, currency: string): Decimal {
  return roundMoney({ units: base.units * rate.units, scale: base.scale + rate.scale + 2 }, currency);
}

/** An amount as text for the currency ("29.97", "100" for JPY). */
export function moneyText(a: Decimal, currency: string): string {
  return toFixed(a, minorUnits(currency));
}

/** Sum decimal strings per currency: { USD: "12.30", EUR: "4.00" }. */
export function totalsByCurrency(rows: Array<{ amount: string; currency: string }>): Record<string, string> {
  const acc: Record<string, Decimal> = {};
  for (const r of rows) {
    const d = parseDecimal(r.amount);
    if (!d) continue;
    acc[r.currency] = add(acc[r.currency] ?? ZERO, d);
  }
  return Object.fromEntries(Object.entries(acc).map(([c, d]) => [c, moneyText(d, c)]));
}

/** Formatting only: Intl gets the decimal string (exact where supported), never a computed float. */
export function formatMoney(amount: string | number | null | undefined, currency: string, locale?: string): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  const text = String(amount);
  if (!/^-?\d+(\.\d+)?$/.test(text)) return `${text} ${currency}`;
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(text as unknown as number);
  } catch {
    return `${text} ${currency}`;
  }
}

/** A percentage for display: "19.00" → "19 %", "9.975" → "9.975 %". */
export function formatRate(rate: string | null | undefined): string {
  if (rate === null || rate === undefined || rate === "") return "—";
  const d = parseDecimal(rate);
  if (!d) return `${rate} %`;
  const text = toFixed(d).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return `${text} %`;
}
