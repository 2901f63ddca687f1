"""The error vocabulary. One handler (observability/errors) turns these into the API shape:
{"error": {"code": ..., "message": ..., "details": [...]}}."""

from __future__ import annotations

from typing import Any, ClassVar


class AppError(Exception):
    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    message: ClassVar[str] = "The request could not be processed."
    # Commit what the request wrote before refusing it (a failed login stays in the audit trail,
    # a reused refresh token's family stays revoked).
    keep_changes: ClassVar[bool] = False

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.error_message = message or self.message
        self.error_code = code or self.code
        self.details = details or []
        self.headers = headers or {}
        super().__init__(self.error_message)

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "code": self.error_code,
                "message": self.error_message,
                "details": self.details,
            }
        }


class Invalid(AppError):
    status = 422
    code = "invalid"
    message = "The request is not valid."

    @classmethod
    def on_field(cls, field: str, message: str, code: str = "invalid") -> Invalid:
        """A refusal that names the (camelCase) field it is about, for forms to show it there."""
        return cls(message, code=code, details=[{"field": field, "message": message}])


class Unauthorized(AppError):
    status = 401
    code = "unauthorized"
    message = "Authentication is required."


class Forbidden(AppError):
    status = 403
    code = "forbidden"
    message = "You are not allowed to do this."


class NotFound(AppError):
    status = 404
    code = "not_found"
    message = "Not found."

    def __init__(self, entity: str = "resource", entity_id: object = None) -> None:
        text = (
            f"{entity.capitalize()} not found."
            if entity_id is None
            else f"{entity.capitalize()} {entity_id} not found."
        )
        super().__init__(text, code=f"{entity.replace(' ', '_')}_not_found")


class Conflict(AppError):
    status = 409
    code = "conflict"
    message = "The request conflicts with the current state."


class RateLimited(AppError):
    status = 429
    code = "rate_limited"
    message = "Too many requests. Try again later."

    def __init__(self, retry_after: int) -> None:
        seconds = max(1, retry_after)
        super().__init__(
            f"Too many attempts. Try again in {seconds} seconds.",
            headers={"Retry-After": str(seconds)},
        )


class ServiceUnavailable(AppError):
    status = 503
    code = "unavailable"
    message = "The service is temporarily unavailable."
