import { describe, expect, it } from "vitest";
import { fieldFromCode, slugify } from "./form";
import { ApiError, normalizeField } from "@/api/errors";

describe("error field mapping", () => {
  it("normalises FastAPI-style locations", () => {
    expect(normalizeField("body.email")).toBe("email");
    expect(normalizeField(["body", "ownerEmail"])).toBe("ownerEmail");
    expect(normalizeField("email")).toBe("email");
    expect(normalizeField(null)).toBe("");
    expect(normalizeField("body")).toBe("");
  });

  it("finds the field an error code names", () => {
    expect(fieldFromCode("user_email_taken", ["email", "name", "password"])).toBe("email");
    expect(fieldFromCode("tenant_slug_taken", ["name", "slug", "ownerEmail"])).toBe("slug");
    expect(fieldFromCode("owner_email_taken", ["name", "ownerEmail"])).toBe("ownerEmail");
    expect(fieldFromCode("forbidden", ["email"])).toBeNull();
  });

  it("keeps general details apart from field details", () => {
    const e = new ApiError(422, "validation_failed", "Some fields are not valid.", [
      { field: "body.email", message: "Bad e-mail." },
      { field: null, message: "Something else." },
    ]);
    expect(e.fieldErrors()).toEqual({ email: "Bad e-mail." });
    expect(e.generalDetails()).toEqual(["Something else."]);
  });

  it("slugifies names", () => {
    expect(slugify("Ácme Hosting, Ltd.")).toBe("acme-hosting-ltd");
  });
});
