import { describe, expect, it, vi } from "vitest";
import { buildCommands, type PaletteContext } from "./commands";

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
