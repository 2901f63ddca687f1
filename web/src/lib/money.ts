/**
 * Money travels as a decimal string with its ISO 4217 currency ("29.99", "EUR").
 * Never parse amounts into floats for arithmetic; formatting only.
 */
export function formatMoney(amount: string | number | null | undefined, currency: string, locale?: string): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  const text = String(amount);
  if (!/^-?\d+(\.\d+)?$/.test(text)) return `${text} ${currency}`;
  try {
    // Intl accepts decimal strings exactly (no float rounding) where supported.
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(text as unknown as number);
  } catch {
    return `${text} ${currency}`;
  }
}
