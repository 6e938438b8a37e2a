"""Real article endings labelled paragraph by paragraph: the non-body detector's training and held-out data.

``presslens/labels/real_endings.tsv`` names paragraphs of articles in ``../shared/data`` by article key and
character offsets (no text: the datasets' licences forbid redistributing it) with their kind: ``body``,
``appeal``, ``bio``, ``caption``, ``boilerplate`` or ``byline``. :func:`read_real_endings` rebuilds every
labelled article as presslens reads it (``article_text``, then ``split_paragraphs``) and checks that each label
still points at a paragraph. The first paragraph of every article is its title line (the format of every
collection read here), so it counts as a labelled ``body`` paragraph too: a headline set apart is an error the
scores must see.

Parts are drawn by **outlet** wherever the outlet is known (BBC, each editorial outlet, each satire or
fabricated-story site), by article elsewhere (SemEval-2023 and SemEval-2025 do not name their outlets), so the
held-out figures measure endings of outlets the classifier never saw.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ...document import REGION_KINDS, Span
from ...errors import InputNotFound, InvalidRecord
from ..datasets.corpora import LABELS_DIR, _golbeck_site, article_text, narrative_frames_outlet
from ...structure.paragraphs import split_paragraphs

REAL_ENDINGS = LABELS_DIR / "real_endings.tsv"
KINDS = ("body", *REGION_KINDS)
COLUMNS = ("article", "start", "end", "kind")
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
    """The outlet an article comes from, or the article's key where the data does not say. (Not the ``source``
    of ``read_genre_news``, which pools the Golbeck stories of unknown site as "unknown": here each is its own
    group, so no unknown site can sit on both sides of the split.)"""
    collection, _, relative = key.partition("/")
    if collection == "narrative_frames":
        return narrative_frames_outlet(data, relative) or key
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
    rows = _rows(labels)
    articles: dict[str, LabelledArticle] = {}
    indexes: dict[str, dict[tuple[int, int], int]] = {}
    for row in rows:
        key, kind = row["article"], row["kind"].strip()
        if kind not in KINDS:
            raise InvalidRecord(f"{labels}: unknown kind {kind!r} for {key}")
        if key not in articles:
            text = article_text(data, key)
            articles[key] = LabelledArticle(key, outlet_of(key, data), text, split_paragraphs(text))
            indexes[key] = {(p.start, p.end): i for i, p in enumerate(articles[key].paragraphs)}
            if articles[key].paragraphs:
                articles[key].kinds[0] = "body"   # the title line
        article = articles[key]
        index = indexes[key].get((int(row["start"]), int(row["end"])))
        if index is None:
            raise InvalidRecord(f"{labels}: {key} {row['start']}-{row['end']} is not a paragraph of the article as presslens "
                                "splits it (the data or the splitter changed)")
        article.kinds[index] = kind
    return list(articles.values())


GLUED_ENDINGS = LABELS_DIR / "glued_endings.tsv"
UNIT_KINDS = (*KINDS, "mixed")   # mixed: a unit that glues body text and furniture together


@dataclass
class LabelledUnits:
    """One article with labelled spans of any extent (the sentences of a text that came as one block)."""

    key: str
    outlet: str
    text: str
    units: list = field(default_factory=list)   # Spans labelled with their kind

    @property
    def part(self) -> str:
        return part_of_outlet(self.outlet)


def read_labelled_units(data: str | Path, labels: str | Path = GLUED_ENDINGS) -> list[LabelledUnits]:
    """Every article of ``labels`` (a ``glued_endings.tsv``: the columns of ``real_endings.tsv``, any span, kind
    ``mixed`` allowed) with its labelled spans, each checked to lie inside the article's text."""
    labels = Path(labels)
    if not labels.is_file():
        raise InputNotFound(f"label file not found: {labels}")
    articles: dict[str, LabelledUnits] = {}
    for row in _rows(labels):
        key, kind = row["article"], row["kind"].strip()
        if kind not in UNIT_KINDS:
            raise InvalidRecord(f"{labels}: unknown kind {kind!r} for {key}")
        if key not in articles:
            articles[key] = LabelledUnits(key, outlet_of(key, data), article_text(data, key))
        start, end = int(row["start"]), int(row["end"])
        if not 0 <= start < end <= len(articles[key].text):
            raise InvalidRecord(f"{labels}: {key} {start}-{end} is outside the article (the data changed)")
        articles[key].units.append(Span(start, end, kind))
    return list(articles.values())


def _rows(labels: Path) -> list[dict]:
    with open(labels, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidRecord(f"{labels}: not a labelled-endings file (no column {', '.join(missing)})")
        return list(reader)
