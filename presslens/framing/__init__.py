"""Genre (opinion / reporting / satire) and frames (SemEval-2023 Task 3 subtask 2).

Both heads read the document's one shared encoder pass (:mod:`presslens.heads.stage`), so they add no second
pass over the text.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..heads.files import load_head
from ..heads.poolers import paragraph_vector_blocks
from ..heads.stage import encoding_of
from ..models.encoder import OnnxEncoder
from .features import article_features, style_features
from .model import FramingHeads

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "framing"
EVIDENCE_MIN_WORDS = 8  # shorter paragraphs are never a frame's evidence (FramingHeads.paragraph_frame_probabilities)


@dataclass
class FramingModel:
    encoder: OnnxEncoder
    heads: FramingHeads
    folder: Path


@lru_cache(maxsize=4)
def load_model(folder: str | None = None, encoder_folder: str | None = None) -> FramingModel:
    path = Path(folder) if folder else MODEL_DIR
    config, arrays, encoder = load_head(path, "heads.npz", "genre/frame model", "presslens train framing",
                                        encoder_folder)
    return FramingModel(encoder, FramingHeads.from_arrays(arrays, config), path)


def document_features(doc, encoder: OnnxEncoder) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray]:
    """The body units that may be frame evidence (the headline left out; at least ``EVIDENCE_MIN_WORDS`` words),
    their paragraph vectors, and the article feature vector over every body unit but the headline (cached per
    document). The encoder pass is the one over all body paragraphs that every analysis shares.

    Paragraph vectors are made a few thousand at a time: the article's mean and max are kept as they go, and
    only the evidence candidates' vectors are kept (100,000 one-line paragraphs held 150 MB of vectors).
    """
    key = ("framing-features", id(encoder))
    if key not in doc.cache:
        encoding = encoding_of(doc, encoder)
        tokens, hidden, units = encoding.tokens, encoding.hidden, encoding.units
        headline = doc.headline()
        # the headline is left out, unless it is all there is
        kept = [i for i, unit in enumerate(units) if unit != (headline.start, headline.end)] or list(range(len(units)))
        kept_set = set(kept)
        total, peak, count = None, None, 0
        evidence_units, evidence_vectors = [], []
        for first, block in paragraph_vector_blocks(tokens, hidden, len(units)):
            rows = [r for r in range(len(block)) if first + r in kept_set]
            if not rows:
                continue
            chosen = block[rows]
            total = chosen.sum(axis=0, dtype=np.float64) if total is None else total + chosen.sum(axis=0, dtype=np.float64)
            peak = chosen.max(axis=0) if peak is None else np.maximum(peak, chosen.max(axis=0))
            count += len(rows)
            for r in rows:
                s, e = units[first + r]
                if len(doc.text[s:e].split()) >= EVIDENCE_MIN_WORDS:
                    evidence_units.append((s, e))
                    evidence_vectors.append(block[r])
        kept_units = [units[i] for i in kept]
        style = style_features(doc.text, kept_units)
        if count:
            features = np.concatenate([(total / count).astype(np.float32), peak, style]).astype(np.float32)
        else:
            features = article_features(np.zeros((0, 384), dtype=np.float32), style)
        dim = hidden.shape[1] if hidden.ndim == 2 and hidden.shape[0] else 384
        vectors = np.stack(evidence_vectors) if evidence_vectors else np.zeros((0, dim), dtype=np.float32)
        doc.cache[key] = (evidence_units, vectors, features)
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
