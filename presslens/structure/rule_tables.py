"""The rule tables of ``structure/tables/`` (non-body cues, embeds, glued furniture): one reader for their format.

A table is lines of text under ``[group]`` headings; lines starting with ``#`` are comments and blank lines are
ignored. Each module compiles its own groups (with its own flags and substitutions).
"""
from __future__ import annotations

from pathlib import Path


def read_groups(path: Path) -> dict[str, list[str]]:
    """The lines of each ``[group]`` of the table at ``path``, in file order; a line before the first heading is
    refused (a ``ValueError`` naming the file and line)."""
    groups: dict[str, list[str]] = {}
    current: list[str] | None = None
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = groups.setdefault(line[1:-1], [])
        elif current is None:
            raise ValueError(f"{Path(path).name}:{number}: a pattern before the first [group] heading")
        else:
            current.append(line)
    return groups
