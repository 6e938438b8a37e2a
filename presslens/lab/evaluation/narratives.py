"""SemEval-2025 Task 10 subtask 2: the narratives and subnarratives of articles, their file format and metric.

Each line of a labels or predictions file is ``file<TAB>narrative;narrative<TAB>subnarrative;subnarrative``, the
strings exactly as in the task's inventories (``Other`` where none applies; a subnarrative is written with its
narrative, ``CC: Criticism of climate movement: Climate movement is alarmist``).

The metric, as the task defines it: for each article, F1 of the predicted label set against the gold one (an
article given no label scores 0; both empty scores 1), averaged over the articles — *samples-F1* — once over
narratives (coarse) and once over subnarratives (fine). Only articles with gold labels are scored; a gold article
without a prediction counts as predicted empty.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputNotFound, InvalidRecord
from .metrics import set_f1

OTHER = "Other"


@dataclass(frozen=True)
class NarrativeLabels:
    narratives: tuple[str, ...]
    subnarratives: tuple[str, ...]


def read_labels(path: str | Path) -> dict[str, NarrativeLabels]:
    """``file -> labels`` of a subtask-2 labels (or predictions) file."""
    out: dict[str, NarrativeLabels] = {}
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise InvalidRecord(f"{path}:{number}: expected file<TAB>narratives<TAB>subnarratives")
        split = lambda value: tuple(x.strip() for x in value.split(";") if x.strip())  # noqa: E731
        out[fields[0].strip()] = NarrativeLabels(split(fields[1]), split(fields[2]))
    return out


def read_text(path: str | Path) -> str:
    """A labels or inventory file of the task, or a one-line error naming it."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputNotFound(f"cannot read it ({exc.strerror})", str(path)) from None


def write_predictions(path: str | Path, predicted: dict[str, NarrativeLabels]) -> None:
    Path(path).write_text("".join(f"{file}\t{';'.join(p.narratives)}\t{';'.join(p.subnarratives)}\n"
                                  for file, p in sorted(predicted.items())), encoding="utf-8")


@dataclass
class LabelScore:
    gold: int = 0
    predicted: int = 0
    hits: int = 0

    def as_dict(self) -> dict:
        p = self.hits / self.predicted if self.predicted else 0.0
        r = self.hits / self.gold if self.gold else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4),
                "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "gold": self.gold, "predicted": self.predicted}


@dataclass
class SamplesF1:
    articles: int
    coarse: float
    fine: float
    per_label: dict[str, dict[str, LabelScore]] = field(default_factory=dict)   # level -> label -> counts

    def as_dict(self) -> dict:
        return {"articles": self.articles, "coarse_samples_f1": round(self.coarse, 4),
                "fine_samples_f1": round(self.fine, 4),
                "per_label": {level: {label: s.as_dict() for label, s in sorted(rows.items(), key=lambda kv: -kv[1].gold)}
                              for level, rows in self.per_label.items()}}


def score(gold: dict[str, NarrativeLabels], predicted: dict[str, NarrativeLabels]) -> SamplesF1:
    """Samples-F1 over narratives and over subnarratives, with per-label counts."""
    empty = NarrativeLabels((), ())
    totals = {"coarse": 0.0, "fine": 0.0}
    per_label: dict[str, dict[str, LabelScore]] = {"coarse": {}, "fine": {}}
    for file, labels in gold.items():
        guess = predicted.get(file, empty)
        for level, g, p in (("coarse", labels.narratives, guess.narratives), ("fine", labels.subnarratives, guess.subnarratives)):
            g, p = set(g), set(p)
            totals[level] += set_f1(p, g)
            for label in g | p:
                row = per_label[level].setdefault(label, LabelScore())
                row.gold += label in g
                row.predicted += label in p
                row.hits += label in g and label in p
    n = len(gold)
    return SamplesF1(n, totals["coarse"] / n if n else 0.0, totals["fine"] / n if n else 0.0, per_label)
