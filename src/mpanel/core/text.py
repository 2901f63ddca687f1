from __future__ import annotations


def contains_pattern(query: str) -> str:
    """A LIKE pattern matching `query` anywhere, with its own wildcards taken literally
    (use with escape='\\')."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
