"""Genre out of the training distribution: macro-F1 on articles from outlets and collections the heads never fit.

``presslens eval genre`` scores the genre analysis, as it runs on a ``.txt`` article, on the held-out part of
presslens's genre corpus (:func:`presslens.lab.datasets.corpora.genre_part`), in three groups:

* ``semeval2025``: the 58 hand-labelled SemEval-2025 Task 10 articles (Ukraine war and climate, many
  outlets; ``genre-labels.tsv``), never fitted;
* ``semeval2023``: SemEval-2023 Task 3's held-out split (PTC's outlets, 2017–2019);
* ``genre_news``: an editorial outlet no model trained on (Fox News), satire sites held out whole, and one BBC
  report in seven (genre_news's own labels);
* ``fabricated``: the fabricated stories of the held-out sites, under the genre of their form (the project's
  labels, often borderline: these sites mix news form with commentary).

Or, with ``--labels FILE --articles DIR``, any folder of articles with a ``file<TAB>genre`` TSV.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputNotFound, InvalidRecord
from .metrics import PRF
from .semeval2023 import macro_f1

GROUPS = {"semeval2025": "SemEval-2025 hand-labelled (58, many outlets)",
          "semeval2023": "SemEval-2023 held-out split",
          "genre_news": "genre_news: Fox News editorials, held-out satire sites, BBC sample",
          "fabricated": "fabricated stories of held-out sites, by form"}


def group_of(article) -> str:
    return "fabricated" if "/golbeck/fake/" in article.id else article.collection


@dataclass
class GenreScores:
    name: str
    gold: dict[str, str]
    predicted: dict[str, str]

    @property
    def prf(self) -> PRF:
        return macro_f1(self.predicted, self.gold)

    def confusion(self) -> dict[str, dict[str, int]]:
        labels = ("opinion", "reporting", "satire")
        table = {g: {p: 0 for p in labels} for g in labels if g in self.gold.values()}
        for aid, genre in self.gold.items():
            if genre in table and self.predicted.get(aid) in labels:
                table[genre][self.predicted[aid]] += 1
        return table

    def as_dict(self) -> dict:
        return {"name": self.name, "articles": len(self.gold), **self.prf.as_dict(), "confusion": self.confusion()}


def predict_genres(texts: dict[str, str], progress=None, model_folder=None) -> dict[str, str]:
    """The genre analysis's label for each text, read as a ``.txt`` article."""
    from ...framing import genre_of, load_model, text_features

    model = load_model(str(model_folder) if model_folder else None)
    items = list(texts.items())
    return {aid: genre_of(text_features(text, model.encoder)[2], model)[0] for aid, text in (progress(items) if progress else items)}


def evaluate_genre_corpus(data: str | Path, part: str = "heldout", progress=None, labels=None,
                          model_folder=None) -> list[GenreScores]:
    """One :class:`GenreScores` per group of ``part`` of the genre corpus (``labels``: the folder of the
    project's label files, default the shipped one)."""
    from ..datasets.corpora import LABELS_DIR, genre_corpus, genre_part

    articles = [a for a in genre_corpus(data, labels or LABELS_DIR) if genre_part(a) == part and a.genre in ("opinion", "reporting", "satire")]
    predicted = predict_genres({a.id: a.text for a in articles}, progress, model_folder)
    scores = [GenreScores(name, {a.id: a.genre for a in articles if group_of(a) == name}, predicted)
              for name in GROUPS if any(group_of(a) == name for a in articles)]
    return scores


def read_genre_labels(path: str | Path) -> dict[str, str]:
    """``file<TAB>genre`` lines (a header line ``file genre ...`` is skipped; further columns are ignored)."""
    path = Path(path)
    if not path.is_file():
        raise InputNotFound(f"label file not found: {path}")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row and row[0].strip()]
    if rows and rows[0][0].strip().lower() in ("file", "id", "article"):
        rows = rows[1:]
    labels = {}
    for number, row in enumerate(rows, 1):
        if len(row) < 2 or row[1].strip() not in ("opinion", "reporting", "satire"):
            raise InvalidRecord(f"{path}: row {number}: expected file<TAB>opinion|reporting|satire")
        labels[row[0].strip()] = row[1].strip()
    return labels


def evaluate_genre_files(articles: str | Path, labels: str | Path, progress=None) -> GenreScores:
    from ..datasets.corpora import _read_text

    gold = read_genre_labels(labels)
    texts = {}
    for name in gold:
        path = Path(articles) / name
        if not path.is_file():
            raise InputNotFound(f"article {name} of {labels} not found in {articles}")
        texts[name] = _read_text(path)
    return GenreScores(Path(labels).name, gold, predict_genres(texts, progress))
