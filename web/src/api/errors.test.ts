import { describe, expect, it } from "vitest";
import { ApiError, pathNotFound, toApiError } from "./errors";
import { jsonResponse } from "@/test/utils";

// What FastAPI's handler (src/mpanel/http/errors.py) answers for /api/invoices/abc: loc ("path", "invoice_id").
const badUuid = (param: string) => ({
  error: {
    code: "validation_failed",
    message: "Some fields are not valid.",
    details: [{ field: `path.${param}`, message: "Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `a` at 1", type: "uuid_parsing" }],
  },
});

describe("a malformed id in the address is not found", () => {
  it("turns a 422 that is only about the path into the API's usual 404", () => {
    const e = toApiError(jsonResponse(422, badUuid("invoice_id")), badUuid("invoice_id"));
    expect(e).toBeInstanceOf(ApiError);
    expect([e.status, e.code, e.message, e.details]).toEqual([404, "invoice_not_found", "Invoice not found.", []]);
    expect(pathNotFound(new ApiError(422, "validation_failed", "x", [{ field: "path.server_id", message: "m" }])).message).toBe("Server not found.");
    expect(pathNotFound(new ApiError(422, "validation_failed", "x", [{ field: "path.zone_id", message: "m" }, { field: "path.record_id", message: "m" }])).status).toBe(404);
  });

  it("leaves a 422 about the body or the query as it is (those are the form's errors)", () => {
    const body = new ApiError(422, "validation_failed", "Some fields are not valid.", [{ field: "email", message: "bad" }]);
    expect(pathNotFound(body)).toBe(body);
    const mixed = new ApiError(422, "validation_failed", "Some fields are not valid.", [{ field: "path.invoice_id", message: "m" }, { field: "name", message: "n" }]);
    expect(pathNotFound(mixed)).toBe(mixed);
    const query = new ApiError(422, "validation_failed", "Some fields are not valid.", [{ field: "query.limit", message: "m" }]);
    expect(pathNotFound(query)).toBe(query);
    const bare = new ApiError(422, "validation_failed", "Some fields are not valid.", []);
    expect(pathNotFound(bare)).toBe(bare);
    const conflict = new ApiError(409, "x", "y", [{ field: "path.invoice_id", message: "m" }]);
    expect(pathNotFound(conflict)).toBe(conflict);
  });
});
