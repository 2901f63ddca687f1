import { describe, expect, it, vi } from "vitest";
import { STRONG_MATCH, buildCommands, orderByBestMatch, paletteScore, type PaletteContext } from "./commands";

const ctx = (): PaletteContext => ({ navigate: vi.fn(), toggleTheme: vi.fn(), logout: vi.fn(), theme: "light" });
const me = (permissions: string[], isPlatformOperator = false) => ({ permissions, isPlatformOperator });
const labels = (p: string[], op = false) => buildCommands(me(p, op), ctx()).map((c) => c.label);

describe("buildCommands", () => {
  it("offers a support user only the pages and actions their permissions allow", () => {
    const got = labels(["audit.read", "tenant.read", "jobs.read"]);
    expect(got).toContain("Dashboard");
    expect(got).toContain("Audit log");
    expect(got).toContain("Change password");
    expect(got).not.toContain("Users");
    expect(got).not.toContain("New user");
    expect(got).not.toContain("Tenants");
    expect(got).not.toContain("New tenant");
  });

  it("offers an admin the users page and the New user action", () => {
    const got = labels(["users.read", "users.write", "audit.read"]);
    expect(got).toEqual(expect.arrayContaining(["Users", "New user", "Audit log"]));
    expect(got).not.toContain("Tenants");
  });

  it("lets read-only user access see Users but not New user", () => {
    const got = labels(["users.read"]);
    expect(got).toContain("Users");
    expect(got).not.toContain("New user");
  });

  it("treats users:read like users.read", () => {
    expect(labels(["users:read", "users:write"])).toEqual(expect.arrayContaining(["Users", "New user"]));
  });

  it("offers tenants to platform operators", () => {
    expect(labels([], true)).toEqual(expect.arrayContaining(["Tenants", "New tenant"]));
    expect(labels(["platform.tenants"])).toEqual(expect.arrayContaining(["Tenants"]));
  });

  it("offers the billing quick actions by permission", () => {
    const all = labels(["customers.read", "customers.write", "invoices.read", "invoices.write", "payments.read", "payments.write"]);
    expect(all).toEqual(expect.arrayContaining(["Customers", "Invoices", "Payments", "Credit notes", "New customer", "New invoice", "Record payment"]));
    const readOnly = labels(["customers.read", "invoices.read", "payments.read"]);
    expect(readOnly).toEqual(expect.arrayContaining(["Customers", "Invoices", "Payments"]));
    expect(readOnly).not.toContain("New customer");
    expect(readOnly).not.toContain("New invoice");
    expect(readOnly).not.toContain("Record payment");
  });

  it("jumps to list pages, never to detail pages that need an id", () => {
    const cmds = buildCommands(me(["customers.read", "invoices.read", "invoices.write", "domains.read"]), ctx());
    const hints = cmds.map((c) => c.hint).filter(Boolean);
    expect(hints).toEqual(expect.arrayContaining(["/customers", "/invoices", "/domains"]));
    expect(hints.some((h) => h!.includes(":"))).toBe(false);
    expect(hints).not.toContain("/invoices/new");
  });

  it("runs the billing actions' navigation", () => {
    const c = ctx();
    const cmds = buildCommands(me(["customers.write", "invoices.write", "payments.write"]), c);
    cmds.find((x) => x.label === "New customer")!.run();
    cmds.find((x) => x.label === "New invoice")!.run();
    cmds.find((x) => x.label === "Record payment")!.run();
    expect(c.navigate).toHaveBeenNthCalledWith(1, "/customers?new=1");
    expect(c.navigate).toHaveBeenNthCalledWith(2, "/invoices/new");
    expect(c.navigate).toHaveBeenNthCalledWith(3, "/payments?record=1");
  });

  it("offers the hosting pages and actions by permission", () => {
    const admin = labels(["servers.read", "servers.write", "dns.read", "dns.write", "jobs.read"]);
    expect(admin).toEqual(expect.arrayContaining(["Servers", "DNS", "DNS templates", "Jobs", "Add server", "New DNS zone"]));
    const support = labels(["servers.read", "dns.read", "jobs.read"]);
    expect(support).toEqual(expect.arrayContaining(["Servers", "DNS", "Jobs"]));
    expect(support).not.toContain("Add server");
    expect(support).not.toContain("New DNS zone");
    expect(labels(["dns.read", "dns.write"])).not.toContain("Servers");
    const c = ctx();
    const cmds = buildCommands(me(["servers.write", "dns.write"]), c);
    cmds.find((x) => x.label === "Add server")!.run();
    cmds.find((x) => x.label === "New DNS zone")!.run();
    expect(c.navigate).toHaveBeenNthCalledWith(1, "/servers?new=1");
    expect(c.navigate).toHaveBeenNthCalledWith(2, "/dns?new=1");
  });

  it("offers nothing without a user", () => {
    expect(buildCommands(undefined, ctx())).toEqual([]);
  });

  it("runs the command's navigation", () => {
    const c = ctx();
    buildCommands(me(["users.read", "users.write"]), c)
      .find((x) => x.label === "New user")!
      .run();
    expect(c.navigate).toHaveBeenCalledWith("/users?new=1");
  });
});

describe("paletteScore", () => {
  const users = ["staff", "team", "accounts", "people", "roles"];
  it("matches words by their start, label before keywords", () => {
    expect(paletteScore("Users", "Users", users)).toBe(1);
    expect(paletteScore("New invoice", "new inv")).toBe(1);
    expect(paletteScore("Switch to dark theme", "dark")).toBe(0.9);
    expect(paletteScore("Set up two-factor authentication", "2fa", ["2fa", "totp"])).toBe(0.7);
    expect(paletteScore("Customers", "billing", ["clients", "billing"])).toBe(0.7);
  });

  it("does not find a customer's name or an invoice number in page names and keywords", () => {
    expect(paletteScore("Users", "Taro", users)).toBe(0);
    expect(paletteScore("New invoice", "INV-2026-000001", ["create", "bill"])).toBe(0);
    expect(paletteScore("Dashboard", "Jo", ["home", "overview", "start"])).toBe(0);
  });

  it("keeps a fuzzy match on the label, but weaker than a server result", () => {
    const fuzzy = () => 0.17;
    expect(paletteScore("Users", "usr", users, fuzzy)).toBeCloseTo(0.17);
    expect(paletteScore("Users", "usr", users, fuzzy)).toBeLessThan(STRONG_MATCH);
    expect(paletteScore("Users", "usr", users, () => 0.95)).toBeLessThan(STRONG_MATCH);
    expect(paletteScore("Users", "usr", users, () => 0.05)).toBe(0);
  });
});

describe("orderByBestMatch", () => {
  const owner = me(["customers.read", "invoices.read", "invoices.write", "payments.read", "payments.write", "dns.read", "dns.write"]);
  const groupsFor = (search: string) => {
    const cmds = buildCommands(owner, ctx());
    const groups = (["Pages", "Actions", "Account"] as const).map((g) => ({ g, items: cmds.filter((c) => c.group === g) }));
    const ordered = orderByBestMatch(groups, (x) => Math.max(...x.items.map((c) => paletteScore(c.label, search, c.keywords))));
    return ordered.map((x) => x.g);
  };

  it("puts the action named by the query above pages that only match a keyword", () => {
    // The DNS page has the keyword "records"; the Record payment action starts with "record".
    expect(groupsFor("record")[0]).toBe("Actions");
  });

  it("keeps a page whose name matches first, and the given order on ties", () => {
    expect(groupsFor("pay")[0]).toBe("Pages");
    expect(groupsFor("")).toEqual(["Pages", "Actions", "Account"]);
  });

  it("is stable and puts lower scores after", () => {
    const got = orderByBestMatch([{ id: "a", s: 0.5 }, { id: "b", s: 1 }, { id: "c", s: 0.5 }, { id: "d", s: 0.7 }], (x) => x.s);
    expect(got.map((x) => x.id)).toEqual(["b", "d", "a", "c"]);
  });
});
