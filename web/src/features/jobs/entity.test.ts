import { describe, expect, it } from "vitest";
import { entityPath } from "./entity";

describe("entityPath", () => {
  const id = "43b6dd39-2e70-4dee-ba7d-f8744bb4877b";
  it("links a job to the page of the object it serves", () => {
    expect(entityPath({ type: "dns_zone", id })).toBe(`/dns/${id}`);
    expect(entityPath({ type: "invoice", id })).toBe(`/invoices/${id}`);
    expect(entityPath({ type: "server", id })).toBe(`/servers/${id}`);
  });
  it("has no link for objects without a page, or ids that are not one", () => {
    expect(entityPath({ type: "tenant_run", id })).toBeNull();
    expect(entityPath({ type: "dns_zone", id: "../../users" })).toBeNull();
    expect(entityPath(null)).toBeNull();
  });
});
