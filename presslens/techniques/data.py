"""Reading PTC-format span labels, in both layouts found in the wild (articles: :mod:`presslens.datasets`).

* labels: either per-article files (``article<ID>.task1-SI.labels``,
  ``article<ID>.task2-TC.labels``) or combined files
  (``train-task-si.labels``, ``train-task-flc-tc.labels``), as a folder or a
  single file. Lines are ``ID<TAB>start<TAB>end`` (SI) or
  ``ID<TAB>technique<TAB>start<TAB>end`` (TC/FLC).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..datasets import ARTICLE_ID, label_lines
from ..errors import InputNotFound, InvalidRecord


@dataclass(frozen=True)
class GoldSpan:
    article_id: str
    start: int
    end: int
    technique: str | None = None  # None for SI-only labels


def _label_files(location: Path, kind: str) -> list[Path]:
    """Label files of ``kind`` ('si' or 'tc') at ``location`` (a file or a folder)."""
    if location.is_file():
        return [location]
    if not location.is_dir():
        raise InputNotFound(f"labels not found: {location}")
    files = sorted(p for p in location.rglob("*.labels"))
    if kind == "tc":
        return [p for p in files if re.search(r"(tc|TC|flc)", p.name)]
    return [p for p in files if re.search(r"(si|SI)\.labels$|task1", p.name)]


def _parse_label_line(line: str, path: Path, number: int) -> GoldSpan:
    fields = line.rstrip("\r\n").split("\t")
    try:
        if len(fields) == 3:
            return GoldSpan(ARTICLE_ID.sub(r"\1", fields[0]), int(fields[1]), int(fields[2]))
        if len(fields) == 4:
            return GoldSpan(ARTICLE_ID.sub(r"\1", fields[0]), int(fields[2]), int(fields[3]), fields[1])
    except ValueError:
        pass
    raise InvalidRecord(f"{path}:{number}: expected 'ID<TAB>[technique<TAB>]start<TAB>end', got {line.strip()!r}")


def read_labels(location: str | Path, kind: str) -> list[GoldSpan]:
    """Gold spans of ``kind`` ('tc' with techniques, 'si' without) from a file or folder.

    Returns an empty list when the location has no file of that kind (a folder
    with TC labels only, say): callers derive SI spans from TC spans then.
    """
    spans: list[GoldSpan] = []
    for path in _label_files(Path(location), kind):
        for number, line in label_lines(path):
            span = _parse_label_line(line, path, number)
            if kind == "tc" and span.technique is None:
                raise InvalidRecord(f"{path}:{number}: a TC label line needs a technique")
            spans.append(span)
    return spans


def by_article(spans: list[GoldSpan]) -> dict[str, list[GoldSpan]]:
    grouped: dict[str, list[GoldSpan]] = {}
    for span in spans:
        grouped.setdefault(span.article_id, []).append(span)
    return grouped
