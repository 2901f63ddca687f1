/** DNS record types the API takes, what their content looks like, and template placeholders. */
export const RECORD_TYPES = ["A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA", "NS"] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export const TTL_MIN = 60;
export const TTL_MAX = 604_800;

interface TypeHelp {
  placeholder: string;
  hint: string;
}

/** The shape of each type's content, as the API describes it in its errors. */
export const RECORD_HELP: Record<RecordType, TypeHelp> = {
  A: { placeholder: "192.0.2.10", hint: "An IPv4 address." },
  AAAA: { placeholder: "2001:db8::10", hint: "An IPv6 address." },
  CNAME: { placeholder: "target.example.com", hint: "A host name; not at the apex, and alone at its name." },
  MX: { placeholder: "10 mail.example.com", hint: "Priority and mail server, e.g. 10 mail.example.com." },
  TXT: { placeholder: "v=spf1 include:_spf.example.com ~all", hint: "Plain text; long text is split into 255-byte strings for you." },
  SRV: { placeholder: "10 5 5060 sip.example.com", hint: "Priority, weight, port and target; the name starts with _service._proto." },
  CAA: { placeholder: '0 issue "letsencrypt.org"', hint: 'Flags, tag and value, e.g. 0 issue "letsencrypt.org".' },
  NS: { placeholder: "ns1.example.net", hint: "A name server's host name." },
};

export const isRecordType = (t: string): t is RecordType => (RECORD_TYPES as readonly string[]).includes(t.toUpperCase());

export function recordHelp(type: string): TypeHelp {
  const t = type.toUpperCase();
  return isRecordType(t) ? RECORD_HELP[t] : { placeholder: "", hint: "" };
}

/**
 * How a stored record reads to a person: the name as typed ("@", "www"), the content without the
 * trailing dots of absolute names (the API takes "mail.example.com" as the full name back).
 */
export function displayContent(type: string, content: string): string {
  if (type === "TXT") return content;
  return content.replace(/(\S)\.(?=\s|$)/g, "$1");
}

/** A TTL typed in a form: blank is the zone's default; otherwise a whole number of seconds in range. */
export function ttlError(v: unknown): string | null {
  const s = String(v ?? "").trim();
  if (!s) return null;
  if (!/^\d+$/.test(s)) return "Seconds, a whole number.";
  const n = Number(s);
  return n < TTL_MIN || n > TTL_MAX ? `Between ${TTL_MIN} and ${TTL_MAX} seconds.` : null;
}

/** Placeholders a zone template understands; the panel fills domain, server and ns1 itself. */
export const PLACEHOLDERS = ["ip", "ipv6", "ns1", "ns2", "mx", "domain", "server"] as const;
export const AUTO_FILLED = ["domain", "server", "ns1"] as const;
/** Variables the new-zone form always asks for (left blank, their records are left out of the built-in template). */
export const ZONE_VARIABLES = ["ip", "ipv6", "ns2", "mx"] as const;

const PLACEHOLDER = /\{([a-z][a-z0-9_]{0,30})\}/g;

/** The placeholders used by some records, in order of first use, each once. */
export function placeholdersIn(records: Array<{ name: string; content: string }>): string[] {
  const seen: string[] = [];
  for (const r of records) {
    for (const m of `${r.name} ${r.content}`.matchAll(PLACEHOLDER)) if (!seen.includes(m[1])) seen.push(m[1]);
  }
  return seen;
}

/** Variables a zone made from this template needs from the person (the panel fills the others). */
export function variablesNeeded(records: Array<{ name: string; content: string }>): string[] {
  return placeholdersIn(records).filter((p) => !(AUTO_FILLED as readonly string[]).includes(p));
}

/** The non-empty variables of the new-zone form, trimmed, as the API takes them. */
export function zoneVariables(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v));
}
