"""Genre (opinion / reporting / satire) and frames (SemEval-2023 Task 3 subtask 2).

Both heads read the technique model's encoder pass (``encode_document``
caches it on the document), so they add no second pass over the text.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..models.encoder import OnnxEncoder, encode_document
from ..techniques import load_fitted_heads
from .features import article_features, paragraph_vectors, style_features
from .model import FramingHeads

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "framing"


@dataclass
class FramingModel:
    encoder: OnnxEncoder
    heads: FramingHeads
    folder: Path


@lru_cache(maxsize=4)
def load_model(folder: str | None = None, encoder_folder: str | None = None) -> FramingModel:
    path = Path(folder) if folder else MODEL_DIR
    config, arrays, encoder = load_fitted_heads(path, "heads.npz", "genre/frame model",
                                                        "presslens train framing", encoder_folder)
    return FramingModel(encoder, FramingHeads.from_arrays(arrays, config), path)


def document_features(doc, encoder: OnnxEncoder) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray]:
    """Body units (the headline left out), their paragraph vectors and the article feature vector
    (cached per document). The encoder pass is the one over all body paragraphs that every analysis shares."""
    key = ("framing-features", id(encoder))
    if key not in doc.cache:
        units = [(p.start, p.end) for p in doc.body_paragraphs()]
        tokens, hidden = encode_document(doc, encoder, units)
        headline = doc.headline()
        # the headline is left out, unless it is all there is
        kept = [i for i, unit in enumerate(units) if unit != (headline.start, headline.end)] or list(range(len(units)))
        vectors = paragraph_vectors(tokens, hidden, len(units))
        # the kept units are one run (all but the headline): a view, not a copy of every paragraph's vector
        contiguous = kept == list(range(kept[0], kept[-1] + 1)) if kept else True
        paragraphs = vectors[kept[0]:kept[-1] + 1] if kept and contiguous else vectors[kept]
        kept_units = [units[i] for i in kept]
        doc.cache[key] = (kept_units, paragraphs, article_features(paragraphs, style_features(doc.text, kept_units)))
    return doc.cache[key]


def text_features(text: str, encoder: OnnxEncoder) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray]:
    """:func:`document_features` of a raw article text read as presslens reads a ``.txt`` file (training and
    evaluation see exactly what an analysis sees: non-body regions and the headline left out)."""
    from ..ingest import RawInput, load

    doc = load(RawInput(id="article", data=text, kind="text"))
    return document_features(doc, encoder)


def genre_of(features: np.ndarray, model: FramingModel) -> tuple[str, dict[str, float]]:
    """The article's genre and the probability of each genre."""
    probabilities = model.heads.genre_probabilities(features)
    scores = {genre: round(float(p), 4) for genre, p in zip(model.heads.genres, probabilities)}
    return model.heads.genres[int(np.argmax(probabilities))], scores


__all__ = ["FramingModel", "MODEL_DIR", "document_features", "genre_of", "load_model", "text_features"]
