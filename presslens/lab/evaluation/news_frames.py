"""Frames on news unlike PTC's: whole articles labelled by hand, scored as presslens reads them.

The labels (``presslens/labels/news_frames.tsv``) give, for BBC reports, editorials (Al Jazeera, Fox News, The
Guardian) and SemEval-2025 articles (Ukraine war, climate) in ``../shared/data``, the SemEval-2023 frames each
article uses, by the project's guidelines (``presslens/labels/frame_guidelines.md``), two blind annotators per
article and a third for their disagreements. Each row names its part: ``calibration`` (fitted on beside
SemEval-2023's articles: ``presslens train framing``) or ``test`` (scored, never fitted or tuned on). Only article
keys and labels are stored, never article text.

The metric is SemEval-2023 subtask 2's: micro-F1 over (article, frame) pairs.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..datasets import label_lines
from ...errors import InvalidRecord
from .. import LABELS_DIR
from .metrics import PRF
from .semeval2023 import micro_f1

LABELS_FILE = LABELS_DIR / "news_frames.tsv"
PARTS = ("calibration", "test")
HEADER = ["article", "part", "round", "frames"]


@dataclass(frozen=True)
class NewsFrames:
    article: str          # article key, e.g. genre_news/bbc/business/410.txt (presslens.lab.datasets.corpora.article_text)
    part: str             # calibration or test
    frames: tuple[str, ...]

    @property
    def source(self) -> str:
        """The collection the article comes from: bbc, webis_editorials, semeval2025 or narrative_frames."""
        collection, _, rest = self.article.partition("/")
        return rest.split("/")[0] if collection == "genre_news" else collection


def read_news_frames(path: str | Path = LABELS_FILE, frame_names=None) -> list[NewsFrames]:
    lines = list(label_lines(path))
    if not lines or lines[0][1].split("\t")[:4] != HEADER:
        raise InvalidRecord(f"{path}: expected a header 'article, part, round, frames'")
    out = []
    for number, line in lines[1:]:
        fields = line.split("\t")
        if len(fields) < 4 or fields[1] not in PARTS:
            raise InvalidRecord(f"{path}:{number}: expected article, calibration|test, round, frame,frame,...")
        frames = tuple(f for f in fields[3].split(",") if f)
        unknown = [f for f in frames if frame_names is not None and f not in frame_names]
        if unknown:
            raise InvalidRecord(f"{path}:{number}: unknown frame {unknown[0]!r}")
        out.append(NewsFrames(fields[0], fields[1], frames))
    return out


@dataclass
class NewsFramesResult:
    articles: list[NewsFrames]
    predicted: dict[str, list[str]]   # article key -> frames presslens gives it
    prf: PRF

    def by_source(self) -> dict[str, PRF]:
        groups: dict[str, list[NewsFrames]] = {}
        for a in self.articles:
            groups.setdefault(a.source, []).append(a)
        return {source: micro_f1({a.article: self.predicted[a.article] for a in items},
                                 {a.article: list(a.frames) for a in items})
                for source, items in sorted(groups.items())}

    def listed_where_absent(self, frame: str) -> float:
        """The share of the articles without ``frame`` that are given it (Security_and_defense on a pensions row)."""
        without = [a for a in self.articles if frame not in a.frames]
        return sum(frame in self.predicted[a.article] for a in without) / max(1, len(without))

    def found_where_present(self, frame: str) -> float:
        """The share of the articles with ``frame`` that are given it (recall by article)."""
        having = [a for a in self.articles if frame in a.frames]
        return sum(frame in self.predicted[a.article] for a in having) / max(1, len(having))

    def as_dict(self) -> dict:
        return {"articles": len(self.articles), **self.prf.as_dict(),
                "security_listed_where_absent": round(self.listed_where_absent("Security_and_defense"), 4),
                "economic_found_where_present": round(self.found_where_present("Economic"), 4),
                "by_source": {s: p.as_dict() for s, p in self.by_source().items()}}


def evaluate_news_frames(data: str | Path, labels: str | Path = LABELS_FILE, part: str | None = "test",
                         model_folder=None, progress=None) -> NewsFramesResult:
    """Micro-F1 of the frames analysis against the hand labels of ``part`` (``None``: both parts)."""
    from ...framing import load_model, text_features
    from ..datasets.corpora import article_text

    model = load_model(str(model_folder) if model_folder else None)
    articles = [a for a in read_news_frames(labels, model.heads.frames) if part is None or a.part == part]
    predicted = {}
    for a in (progress(articles) if progress else articles):
        probabilities = model.heads.frame_probabilities(text_features(article_text(data, a.article), model.encoder)[2])
        predicted[a.article] = model.heads.frames_over_threshold(probabilities)
    prf = micro_f1(predicted, {a.article: list(a.frames) for a in articles})
    return NewsFramesResult(articles, predicted, prf)
