"""Invoice number formats (pure), such as ``INV-{YYYY}-{seq:06}`` -> ``INV-2026-000001``.

Placeholders: ``{YYYY}`` the issue year, ``{YY}`` its last two digits, ``{MM}`` the month and ``{DD}`` the
day (two digits), ``{seq}`` the sequence number and ``{seq:0N}`` the number zero-padded to N digits
(1 <= N <= 20; a longer number is never cut). Everything else is copied literally, except braces, which
may only open and close a placeholder. A template holds at least one ``{seq...}`` and at most 64 characters.
"""

from __future__ import annotations

import re
from datetime import date

MAX_TEMPLATE_LENGTH = 64
MAX_SEQ_WIDTH = 20

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SEQ = re.compile(r"seq(?::0(\d+))?")
_DATE_PARTS = ("YYYY", "YY", "MM", "DD")


def _seq_width(name: str) -> int | None:
    """The zero-padding width of a ``seq`` placeholder (0 for plain ``{seq}``), None if it is not one."""
    found = _SEQ.fullmatch(name)
    if found is None:
        return None
    width = int(found[1]) if found[1] is not None else 0
    if found[1] is not None and not 1 <= width <= MAX_SEQ_WIDTH:
        raise ValueError(f"the padding in {{{name}}} must be between 1 and {MAX_SEQ_WIDTH} digits")
    return width


def validate_template(template: str) -> None:
    """Refuse (ValueError, saying why) a template over 64 characters, with an unknown placeholder, a stray
    brace, or without a ``{seq}``/``{seq:0N}`` placeholder."""
    if len(template) > MAX_TEMPLATE_LENGTH:
        raise ValueError(f"an invoice number template holds at most {MAX_TEMPLATE_LENGTH} characters")
    has_seq = False
    for name in _PLACEHOLDER.findall(template):
        if name in _DATE_PARTS:
            continue
        if _seq_width(name) is None:
            known = ", ".join(f"{{{part}}}" for part in (*_DATE_PARTS, "seq", "seq:06"))
            raise ValueError(f"unknown placeholder {{{name}}} in the invoice number template; use {known}")
        has_seq = True
    literal = _PLACEHOLDER.sub("", template)
    if "{" in literal or "}" in literal:
        raise ValueError("a brace in an invoice number template must open or close a placeholder")
    if not has_seq:
        raise ValueError("an invoice number template needs the sequence number: {seq} or {seq:0N}, e.g. {seq:06}")


def _render(name: str, seq: int, issued: date) -> str:
    if name == "YYYY":
        return f"{issued.year:04d}"
    if name == "YY":
        return f"{issued.year % 100:02d}"
    if name == "MM":
        return f"{issued.month:02d}"
    if name == "DD":
        return f"{issued.day:02d}"
    width = _seq_width(name)
    assert width is not None  # validate_template refused anything else
    return str(seq).zfill(width)


def template_parts(template: str, issued: date) -> list[str | int]:
    """The template for one issue date, after ``validate_template``: literal text (date placeholders
    filled in) and, for each ``{seq}``, its zero-padding width. Renders many numbers cheaply."""
    validate_template(template)
    parts: list[str | int] = []
    literal, position = "", 0
    for found in _PLACEHOLDER.finditer(template):
        literal += template[position : found.start()]
        position = found.end()
        width = _seq_width(found[1])
        if width is None:
            literal += _render(found[1], 0, issued)
            continue
        if literal:
            parts.append(literal)
        parts.append(width)
        literal = ""
    literal += template[position:]
    if literal:
        parts.append(literal)
    return parts


def render_number(parts: list[str | int], seq: int) -> str:
    """One number from ``template_parts``."""
    if seq < 0:
        raise ValueError(f"the sequence number must be at least 0, not {seq}")
    return "".join(part if isinstance(part, str) else str(seq).zfill(part) for part in parts)


def format_invoice_number(template: str, *, seq: int, issued: date) -> str:
    """The invoice number for sequence number ``seq`` (at least 0) issued on ``issued``, after
    ``validate_template``: e.g. ``INV-{YYYY}-{seq:06}``, 1, 2026-03-01 -> ``INV-2026-000001``."""
    return render_number(template_parts(template, issued), seq)
