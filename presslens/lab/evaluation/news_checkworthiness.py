"""Check-worthiness on news prose: sentences of real articles labelled by hand, scored as presslens reads them.

The labels (``presslens/labels/news_checkworthiness.tsv``) give, for sentences of genre_news and SemEval-2025
articles in ``../shared/data``, the ClaimBuster label (CFS check-worthy, UFS unimportant factual, NFS not
factual) and the part of the set they belong to: ``calibration`` (where the claim threshold is chosen) or
``test`` (scored, never tuned on). Only offsets are stored, never article text.

Each article is analysed as presslens analyses a ``.txt`` file (ingestion, non-body detection, spaCy, the
shared encoder pass over the body); a labelled sentence counts as predicted check-worthy when presslens's
sentence with the same offsets becomes a claim card: its score reaches the threshold and it is a statement
(not a question, order, prediction, fragment or the headline).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..datasets import label_lines
from ...errors import InvalidRecord
from .. import LABELS_DIR
from .metrics import PRF, binary_prf

LABELS_FILE = LABELS_DIR / "news_checkworthiness.tsv"
PARTS = ("calibration", "test")


@dataclass(frozen=True)
class NewsSentence:
    article: str    # article key, e.g. genre_news/bbc/business/410.txt (presslens.lab.datasets.corpora.article_text)
    start: int
    end: int
    label: str      # CFS, UFS or NFS
    part: str       # calibration or test

    @property
    def check_worthy(self) -> bool:
        return self.label == "CFS"


def read_news_labels(path: str | Path = LABELS_FILE) -> list[NewsSentence]:
    lines = list(label_lines(path))
    if not lines or lines[0][1].split("\t")[:5] != ["article", "start", "end", "label", "part"]:
        raise InvalidRecord(f"{path}: expected a header 'article, start, end, label, part'")
    out = []
    for number, line in lines[1:]:
        fields = line.split("\t")
        if len(fields) < 5 or not fields[1].isdigit() or not fields[2].isdigit() \
                or fields[3] not in ("CFS", "UFS", "NFS") or fields[4] not in PARTS:
            raise InvalidRecord(f"{path}:{number}: expected article, start, end, CFS|UFS|NFS, calibration|test")
        out.append(NewsSentence(fields[0], int(fields[1]), int(fields[2]), fields[3], fields[4]))
    return out


@dataclass
class NewsCheckworthinessResult:
    sentences: list[NewsSentence]
    scores: np.ndarray            # check-worthiness of each labelled sentence (0 where it may not be a claim)
    eligible: np.ndarray          # bool: a statement presslens may turn into a claim card
    threshold: float
    missing: int = 0              # labelled sentences presslens did not find as a sentence of the article
    prf: PRF = field(init=False)

    def __post_init__(self) -> None:
        self.prf = self.at(self.threshold)

    def predicted(self, threshold: float) -> np.ndarray:
        return self.eligible & (self.scores >= threshold)

    def at(self, threshold: float) -> PRF:
        return binary_prf([s.check_worthy for s in self.sentences], list(self.predicted(threshold)))

    def as_dict(self) -> dict:
        return {"sentences": len(self.sentences), "threshold": self.threshold, "missing": self.missing,
                **self.prf.as_dict()}


def analysed_articles(sentences: list[NewsSentence], data: str | Path, model_folder=None, progress=None):
    """``(doc, {(start, end): [index, ...]})`` for each article of the labelled sentences, read as a ``.txt``
    file and through spaCy (``model_folder``: the check-worthiness head the claims analysis will read)."""
    from ... import analyzers
    from ..datasets.corpora import article_text
    from ...ingest import RawInput, load

    by_article: dict[str, dict[tuple[int, int], list[int]]] = {}
    for index, sentence in enumerate(sentences):
        by_article.setdefault(sentence.article, {}).setdefault((sentence.start, sentence.end), []).append(index)
    names = analyzers.resolve("nlp", None)
    keys = list(by_article)
    for key in (progress(keys) if progress else keys):
        doc = load(RawInput(id=key, data=article_text(data, key), kind="text"))
        if model_folder is not None:
            doc.options["claims_model"] = str(model_folder)
        analyzers.run(doc, names)
        yield doc, by_article[key]


def score_news_sentences(sentences: list[NewsSentence], data: str | Path, model_folder=None,
                         progress=None) -> tuple[np.ndarray, np.ndarray, int]:
    """Scores and eligibility of the labelled sentences, each article analysed once."""
    from ...claims.cards import scored_sentences

    scores = np.zeros(len(sentences))
    eligible = np.zeros(len(sentences), dtype=bool)
    found_count = 0
    for doc, wanted in analysed_articles(sentences, data, model_folder, progress):
        for span, score, ok in scored_sentences(doc):
            for index in wanted.get((span.start, span.end), []):
                scores[index], eligible[index] = score, ok
                found_count += 1
    return scores, eligible, len(sentences) - found_count


def evaluate_news_checkworthiness(data: str | Path, labels: str | Path = LABELS_FILE, part: str | None = "test",
                                  threshold: float | None = None, model_folder=None,
                                  progress=None) -> NewsCheckworthinessResult:
    """P/R/F1 of claim cards against the hand labels of ``part`` (``None``: both parts)."""
    from ...claims.model import load_model

    sentences = [s for s in read_news_labels(labels) if part is None or s.part == part]
    scores, eligible, missing = score_news_sentences(sentences, data, model_folder, progress)
    if threshold is None:
        threshold = load_model(str(model_folder) if model_folder else None).head.threshold
    return NewsCheckworthinessResult(sentences, scores, eligible, threshold, missing)
