"""Real article endings labelled paragraph by paragraph: the non-body detector's training and held-out data.

``presslens/labels/real_endings.tsv`` names paragraphs of articles in ``../shared/data`` by article key and
character offsets (no text: the datasets' licences forbid redistributing it) with their kind: ``body``,
``appeal``, ``bio``, ``caption`` or ``boilerplate``. :func:`read_real_endings` rebuilds every labelled article
as presslens reads it (``article_text``, then ``split_paragraphs``) and checks that each label still points at a
paragraph.

Parts are drawn by **outlet** wherever the outlet is known (BBC, each editorial outlet, each satire or
fabricated-story site), by article elsewhere (SemEval-2023 and SemEval-2025 do not name their outlets), so the
held-out figures measure endings of outlets the classifier never saw.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputNotFound, InvalidRecord
from ..framing.corpora import LABELS_DIR, _golbeck_site, article_text
from ..structure.paragraphs import split_paragraphs

REAL_ENDINGS = LABELS_DIR / "real_endings.tsv"
KINDS = ("body", "appeal", "bio", "caption", "boilerplate", "byline")
HELDOUT_PERCENT = 35   # of outlets (or of articles where the outlet is unknown), held out whole


@dataclass
class LabelledArticle:
    """One article as presslens splits it, with the kind of each labelled paragraph (by index)."""

    key: str
    outlet: str
    text: str
    paragraphs: list = field(default_factory=list)   # Spans
    kinds: dict[int, str] = field(default_factory=dict)

    @property
    def part(self) -> str:
        return part_of_outlet(self.outlet)


def outlet_of(key: str, data: str | Path) -> str:
    """The outlet an article comes from, or ``<collection>:<article>`` where the data does not say."""
    collection, _, relative = key.partition("/")
    if collection == "genre_news":
        if relative.startswith("bbc/"):
            return "bbc.co.uk"
        if relative.startswith("webis_editorials/"):
            return relative.split("/")[1]
        if relative.startswith("golbeck/"):
            return _golbeck_site(Path(data) / "genre_news" / "articles" / relative) or key
    return key


def part_of_outlet(outlet: str) -> str:
    """``heldout`` (scored, never trained or tuned on) or ``train``, by a hash of the outlet."""
    bucket = int(hashlib.sha256(f"presslens-endings-{outlet}".encode()).hexdigest(), 16) % 100
    return "heldout" if bucket < HELDOUT_PERCENT else "train"


def read_real_endings(data: str | Path, labels: str | Path = REAL_ENDINGS) -> list[LabelledArticle]:
    """Every labelled article of ``labels`` (a ``real_endings.tsv``), read from the data folder ``data``."""
    labels = Path(labels)
    if not labels.is_file():
        raise InputNotFound(f"label file not found: {labels}")
    with open(labels, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    articles: dict[str, LabelledArticle] = {}
    for row in rows:
        key, kind = row["article"], row["kind"].strip()
        if kind not in KINDS:
            raise InvalidRecord(f"{labels}: unknown kind {kind!r} for {key}")
        if key not in articles:
            text = article_text(data, key)
            articles[key] = LabelledArticle(key, outlet_of(key, data), text, split_paragraphs(text))
        article = articles[key]
        start, end = int(row["start"]), int(row["end"])
        index = next((i for i, p in enumerate(article.paragraphs) if p.start == start and p.end == end), None)
        if index is None:
            raise InvalidRecord(f"{labels}: {key} {start}-{end} is not a paragraph of the article as presslens "
                                "splits it (the data or the splitter changed)")
        article.kinds[index] = kind
    return list(articles.values())
