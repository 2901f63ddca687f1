import { describe, expect, it } from "vitest";
import { diffEntries } from "./diff";

describe("diffEntries", () => {
  it("marks changed, added, removed and unchanged fields, nested ones as dotted paths", () => {
    const rows = diffEntries(
      { role: "support", name: "Jo", settings: { theme: "dark", lang: "en" }, gone: 1 },
      { role: "admin", name: "Jo", settings: { theme: "light", lang: "en" }, isActive: true },
    );
    const byPath = Object.fromEntries(rows.map((r) => [r.path, r.kind]));
    expect(byPath).toEqual({
      gone: "removed",
      isActive: "added",
      name: "same",
      role: "changed",
      "settings.lang": "same",
      "settings.theme": "changed",
    });
  });

  it("handles a creation (no before) and a deletion (no after)", () => {
    expect(diffEntries(null, { a: 1 })).toEqual([{ path: "a", kind: "added", after: 1 }]);
    expect(diffEntries({ a: 1 }, null)).toEqual([{ path: "a", kind: "removed", before: 1 }]);
    expect(diffEntries(null, null)).toEqual([]);
  });

  it("compares arrays by value", () => {
    expect(diffEntries({ p: ["a", "b"] }, { p: ["a", "b"] })[0].kind).toBe("same");
    expect(diffEntries({ p: ["a"] }, { p: ["a", "b"] })[0].kind).toBe("changed");
  });
});
