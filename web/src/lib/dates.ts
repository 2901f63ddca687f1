const dtf = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const df = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

function parse(value: string | Date | null | undefined): Date | null {
  if (!value) return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDateTime(value: string | Date | null | undefined, fallback = "—"): string {
  const d = parse(value);
  return d ? dtf.format(d) : fallback;
}

export function formatDate(value: string | Date | null | undefined, fallback = "—"): string {
  const d = parse(value);
  return d ? df.format(d) : fallback;
}

export function formatRelative(value: string | Date | null | undefined, now = Date.now(), fallback = "never"): string {
  const d = parse(value);
  if (!d) return fallback;
  const secs = Math.round((d.getTime() - now) / 1000);
  const abs = Math.abs(secs);
  if (abs < 60) return rtf.format(secs, "second");
  if (abs < 3600) return rtf.format(Math.round(secs / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(secs / 3600), "hour");
  if (abs < 86400 * 30) return rtf.format(Math.round(secs / 86400), "day");
  return formatDate(d);
}

/** A value for <input type="datetime-local"> → ISO 8601 with the browser's offset. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** A calendar day from the API ("2026-12-09"), shown as that day in any time zone. */
export function formatDay(value: string | null | undefined, fallback = "—"): string {
  if (!value) return fallback;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return formatDate(value, fallback);
  return df.format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/**
 * A short age for live status ("12 s ago", "4 min ago", "3 h ago", "2 d ago"): how long since a
 * heartbeat or an update. A time slightly in the future (clock skew) reads "just now".
 */
export function formatAgo(value: string | Date | null | undefined, now = Date.now(), fallback = "never"): string {
  const d = parse(value);
  if (!d) return fallback;
  const secs = Math.floor((now - d.getTime()) / 1000);
  if (secs < 1) return "just now";
  if (secs < 60) return `${secs} s ago`;
  if (secs < 3600) return `${Math.floor(secs / 60)} min ago`;
  if (secs < 86400) return `${Math.floor(secs / 3600)} h ago`;
  if (secs < 86400 * 30) return `${Math.floor(secs / 86400)} d ago`;
  return formatDate(d);
}
