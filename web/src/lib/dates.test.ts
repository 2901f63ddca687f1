import { describe, expect, it } from "vitest";
import { formatAgo } from "./dates";

describe("formatAgo", () => {
  const now = Date.parse("2026-11-25T12:00:00Z");
  const ago = (secs: number) => new Date(now - secs * 1000).toISOString();

  it("counts seconds, minutes, hours and days", () => {
    expect(formatAgo(ago(12), now)).toBe("12 s ago");
    expect(formatAgo(ago(59), now)).toBe("59 s ago");
    expect(formatAgo(ago(60), now)).toBe("1 min ago");
    expect(formatAgo(ago(3599), now)).toBe("59 min ago");
    expect(formatAgo(ago(7200), now)).toBe("2 h ago");
    expect(formatAgo(ago(3 * 86400 + 5), now)).toBe("3 d ago");
  });

  it("says 'just now' for the same second or a clock slightly ahead", () => {
    expect(formatAgo(ago(0), now)).toBe("just now");
    expect(formatAgo(ago(-3), now)).toBe("just now");
  });

  it("falls back for a missing or unreadable time", () => {
    expect(formatAgo(null, now)).toBe("never");
    expect(formatAgo("not a date", now, "—")).toBe("—");
  });

  it("shows a date past a month", () => {
    expect(formatAgo(ago(40 * 86400), now)).not.toMatch(/ago/);
  });
});
