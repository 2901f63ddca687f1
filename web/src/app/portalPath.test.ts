import { describe, expect, it } from "vitest";
import { portalPathFor } from "./Layout";

describe("portalPathFor", () => {
  it("keeps the invoice or DNS zone a client's staff link names", () => {
    expect(portalPathFor("/invoices/i1")).toBe("/portal/invoices/i1");
    expect(portalPathFor("/dns/z1")).toBe("/portal/dns/z1");
    expect(portalPathFor("/dns")).toBe("/portal/dns");
  });
  it("sends anything else to the portal's start", () => {
    expect(portalPathFor("/dns/templates")).toBe("/portal/dns");
    expect(portalPathFor("/invoices/new")).toBe("/portal");
    expect(portalPathFor("/servers/s1")).toBe("/portal");
  });
});
