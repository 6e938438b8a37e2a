"""Check-worthiness scoring in the CheckThat! layout: precision, recall and F1 of the check-worthy class."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...claims.data import read_checkworthiness
from .metrics import PRF, binary_prf


@dataclass
class CheckworthinessResult:
    scores: PRF | None          # None when the file has no labels
    ids: list[str]
    probabilities: np.ndarray
    threshold: float

    def as_dict(self) -> dict:
        data = {"sentences": len(self.ids), "threshold": self.threshold}
        if self.scores is not None:
            data.update(self.scores.as_dict())
        return data

    def write(self, path: Path) -> None:
        """``Sentence_id<TAB>score<TAB>Yes|No``, one line per sentence, in input order."""
        with open(path, "w", encoding="utf-8") as handle:
            for sentence_id, p in zip(self.ids, self.probabilities):
                handle.write(f"{sentence_id}\t{p:.4f}\t{'Yes' if p >= self.threshold else 'No'}\n")


def evaluate_checkworthiness(data: str | Path, model_folder: str | Path | None = None,
                             progress=None, layout: str = "checkthat") -> CheckworthinessResult:
    """Score every sentence of ``data`` (``layout`` "checkthat", or "liar": all statements are claims)."""
    from ...claims.data import read_liar

    sentences = read_liar(data) if layout == "liar" else read_checkworthiness(data)
    return score_sentences(sentences, model_folder, progress)


def score_sentences(sentences, model_folder=None, progress=None) -> CheckworthinessResult:
    """Labelled stand-alone sentences scored at the head's debate threshold (they are read alone, as in a
    transcript, not inside an article's paragraphs)."""
    from ...claims.model import load_model, sentence_features

    model = load_model(str(model_folder) if model_folder else None)
    probabilities = model.head.probabilities(sentence_features(model.encoder, [s.text for s in sentences], progress))
    threshold = model.head.debate_threshold if model.head.debate_threshold is not None else model.head.threshold
    scores = None
    if sentences and all(s.label is not None for s in sentences):
        scores = binary_prf([bool(s.label) for s in sentences], [bool(p >= threshold) for p in probabilities])
    return CheckworthinessResult(scores, [s.id for s in sentences], probabilities, threshold)


def evaluate_debates(data: str | Path, years: list[int] | None = None, model_folder=None,
                     progress=None) -> CheckworthinessResult:
    """ClaimBuster's CSV (``crowdsourced.csv`` or ``groundtruth.csv``), the debates of ``years`` only
    (all when ``None``): check-worthy = CFS, as in CheckThat!."""
    from ...claims.data import LabelledSentence, read_claimbuster

    debates = [s for s in read_claimbuster(data) if years is None or s.year in years]
    sentences = [LabelledSentence(s.id, s.text, s.check_worthy) for s in debates]
    return score_sentences(sentences, model_folder, progress)
