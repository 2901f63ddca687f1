"""Only the request route, workers and the database layer commit: services flush.
Fails when `.commit(` appears anywhere else under the given folder."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ALLOWED = ("mpanel/db/", "mpanel/jobs/", "mpanel/http/routing.py")


def commits(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "commit"
    ]


def main(root: str) -> int:
    bad = [
        f"{path}:{line}"
        for path in sorted(Path(root).rglob("*.py"))
        if not any(part in path.as_posix() for part in ALLOWED)
        for line in commits(path)
    ]
    for location in bad:
        print(f"{location}: services flush; only http/routing, jobs and db commit")  # noqa: T201
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "src"))
